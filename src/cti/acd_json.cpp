#include "cti/acd_json.hpp"

#include "acd/types.hpp"

namespace hotline::cti {
namespace {

template <typename T>
nlohmann::json optional_json(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json queued_call_json(const acd::QueuedCallView& call) {
  return {{"call_id", call.call_id},
          {"caller", call.caller},
          {"data", call.data},
          {"priority", call.priority},
          {"entered_at", call.entered_at},
          {"waited_ms", call.waited_ms},
          {"position", call.position == 0 ? nlohmann::json(nullptr) : nlohmann::json(call.position)},
          {"ringing", call.ringing},
          {"waiting_for", optional_json(call.waiting_for)}};
}

}  // namespace

nlohmann::json queue_view_json(const acd::QueueView& queue) {
  const acd::QueueSnapshot& f = queue.figures;
  nlohmann::json calls = nlohmann::json::array();
  for (const auto& call : queue.calls) calls.push_back(queued_call_json(call));
  return {{"id", queue.id},
          {"name", queue.name},
          {"waiting", f.waiting},
          {"ringing", f.ringing},
          {"longest_wait_ms", f.longest_wait_ms},
          {"agents",
           {{"logged_in", f.logged_in_agents},
            {"ready", f.ready_agents},
            {"ringing", f.ringing_agents},
            {"talking", f.talking_agents},
            {"wrap_up", f.wrap_up_agents},
            {"not_ready", f.not_ready_agents}}},
          {"average_wait_ms", optional_json(f.average_wait_ms)},
          {"average_handle_ms", optional_json(f.average_handle_ms)},
          {"service_level_s", f.service_level_ms / 1000},
          {"offered_today", f.today.offered},
          {"answered_today", f.today.answered},
          {"answered_within_sl_today", f.today.answered_within_sl},
          {"abandoned_today", f.today.abandoned},
          {"abandoned_within_sl_today", f.today.abandoned_within_sl},
          {"overflowed_today", f.today.overflowed},
          {"service_level_today", optional_json(f.service_level_today)},
          {"calls", std::move(calls)}};
}

nlohmann::json agent_view_json(const acd::AgentView& agent,
                               const std::vector<store::NotReadyReason>& reasons) {
  const acd::AgentSnapshot& s = agent.snapshot;
  const store::NotReadyReason* named = nullptr;
  for (const auto& r : reasons) {
    if (!s.reason.empty() && r.code == s.reason) named = &r;
  }
  return {{"user_id", agent.user_id},
          {"extension", agent.extension},
          {"phone_registered", agent.phone_registered},
          {"state", acd::to_string(s.state)},
          {"reason", s.reason},
          {"reason_name_zh", named ? nlohmann::json(named->name_zh) : nullptr},
          {"reason_name_en", named ? nlohmann::json(named->name_en) : nullptr},
          {"state_since", s.state_since == 0 ? nlohmann::json(nullptr) : nlohmann::json(s.state_since)},
          {"work_mode", acd::to_string(s.mode)},
          {"queues", s.queues},
          {"call_id", optional_json(agent.call_id)},
          {"caller", optional_json(agent.caller)},
          {"call_data", agent.call_data},
          {"wrap_up_until", optional_json(s.wrap_up_until)},
          {"not_ready_after_call", optional_json(s.not_ready_after_call)},
          {"calls_answered_today", s.calls_answered_today},
          {"talk_time_today_ms", s.talk_time_today_ms},
          {"consecutive_misses", s.consecutive_misses}};
}

}  // namespace hotline::cti
