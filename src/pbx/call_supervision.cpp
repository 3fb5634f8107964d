#include "pbx/call_supervision.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "pbx/b2bua.hpp"
#include "pbx/feature_codes.hpp"

namespace hotline::pbx {
namespace {

// The supervisor's place in the mix. Everyone else (the customer, the agent) speaks and hears.
media::ParticipantSpec supervisor_spec(SupervisionMode mode, const TalkingCall& agent) {
  media::ParticipantSpec spec;
  if (mode == SupervisionMode::Listen) spec.speaks = false;
  if (mode == SupervisionMode::Whisper) spec.whisper_to = std::pair{agent.relay, agent.side};
  return spec;
}

}  // namespace

Status CallSupervision::on_call(const ServiceCall& call) {
  auto request = parse_supervision_service_name(call.service);
  if (!request) return Error::invalid("service", "not a supervision target: " + call.service);
  auto agent = b2bua_.talking_call(call.tenant_id, request->extension);
  if (!agent) return agent.error();

  auto [it, created] = sessions_.try_emplace(agent->call_id);
  Session& session = it->second;
  if (created) {
    session.conference = media_.create_conference();
    for (auto side : {media::RelaySide::A, media::RelaySide::B}) {
      if (auto joined = media_.join_conference(session.conference, agent->relay, side); !joined) {
        media_.destroy_conference(session.conference);
        sessions_.erase(it);
        return joined.error();
      }
    }
  }
  if (auto joined = media_.join_conference(session.conference, call.relay, media::RelaySide::A,
                                           supervisor_spec(request->mode, *agent));
      !joined) {
    if (session.supervisors.empty()) {
      media_.destroy_conference(session.conference);
      sessions_.erase(it);
    }
    return joined.error();
  }
  std::string detail = std::string(to_string(request->mode)) + " " + call.caller;
  session.supervisors.push_back({call.call_id, call.relay, detail});
  supervising_[call.call_id] = agent->call_id;
  if (request->mode == SupervisionMode::TakeOver) {
    if (auto cut = b2bua_.cut_off_agent(agent->call_id, session.conference, call.caller); !cut) {
      supervising_.erase(call.call_id);
      leave(agent->call_id, call.call_id);
      return cut;
    }
    session.taken_over_by = call.call_id;
  }
  b2bua_.note_feature(agent->call_id, "supervision_started", "supervisor", detail);
  b2bua_.audit_supervision(call.call_id, agent->call_id, std::string(to_string(request->mode)));
  spdlog::info("call {}: {} supervises the call of {} ({})", agent->call_id, call.caller, request->extension,
               to_string(request->mode));
  return ok_status();
}

void CallSupervision::on_call_ended(const std::string& call_id) {
  auto it = supervising_.find(call_id);
  if (it == supervising_.end()) return;
  std::string supervised = it->second;
  supervising_.erase(it);
  auto session = sessions_.find(supervised);
  bool took_over = session != sessions_.end() && session->second.taken_over_by == call_id;
  leave(supervised, call_id);
  // The customer of a taken-over call talked to this supervisor alone.
  if (took_over) b2bua_.hang_up_taken_over(supervised, "the supervisor who took the call over hung up");
}

void CallSupervision::leave(const std::string& supervised_call_id, const std::string& supervisor_call_id) {
  auto session = sessions_.find(supervised_call_id);
  if (session == sessions_.end()) return;
  auto& supervisors = session->second.supervisors;
  auto gone = std::find_if(supervisors.begin(), supervisors.end(),
                           [&](const Supervisor& s) { return s.call_id == supervisor_call_id; });
  if (gone == supervisors.end()) return;
  media_.leave_conference(session->second.conference, gone->relay, media::RelaySide::A);
  b2bua_.note_feature(supervised_call_id, "supervision_ended", "supervisor", gone->detail);
  supervisors.erase(gone);
  if (!supervisors.empty()) return;
  media_.destroy_conference(session->second.conference);  // the two parties relay again
  sessions_.erase(session);
}

void CallSupervision::on_any_call_ended(const std::string& call_id) {
  auto session = sessions_.find(call_id);
  if (session == sessions_.end()) return;
  std::vector<std::string> supervisors;
  for (const auto& s : session->second.supervisors) supervisors.push_back(s.call_id);
  for (const auto& supervisor : supervisors) b2bua_.hang_up(supervisor, "supervised call ended");
}

std::size_t CallSupervision::supervisors(const std::string& supervised_call_id) const {
  auto it = sessions_.find(supervised_call_id);
  return it == sessions_.end() ? 0 : it->second.supervisors.size();
}

}  // namespace hotline::pbx
