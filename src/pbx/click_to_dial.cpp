#include "pbx/click_to_dial.hpp"

#include <charconv>

#include "pbx/b2bua.hpp"

namespace hotline::pbx {
namespace {

std::optional<std::int64_t> number_in(const std::map<std::string, std::string, std::less<>>& variables,
                                      std::string_view key) {
  auto it = variables.find(key);
  if (it == variables.end()) return std::nullopt;
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
  if (error != std::errc{} || end != it->second.data() + it->second.size() || value < 0) return std::nullopt;
  return value;
}

media::PlaySpec tone(const char* name, std::int64_t duration_ms) {
  media::PlaySpec spec;
  spec.items = {media::PlayItemSpec::tone(name, duration_ms)};
  spec.loops = duration_ms > 0 ? 1 : -1;
  spec.interruptible = false;
  return spec;
}

const char* outcome_text(ConnectOutcome::Result result) {
  switch (result) {
    case ConnectOutcome::Result::Busy:
      return "busy";
    case ConnectOutcome::Result::NoAnswer:
      return "no answer";
    case ConnectOutcome::Result::Declined:
      return "declined";
    case ConnectOutcome::Result::Unavailable:
      return "unavailable";
    default:
      return "failed";
  }
}

}  // namespace

RedialPolicy RedialPolicy::from(const std::map<std::string, std::string, std::less<>>& variables) {
  RedialPolicy policy;
  if (auto attempts = number_in(variables, "redial_attempts")) policy.attempts = static_cast<int>(*attempts);
  if (auto interval = number_in(variables, "redial_interval_ms")) policy.interval_ms = *interval;
  return policy;
}

Status ClickToDial::on_call(const ServiceCall& call) {
  auto dialling = std::make_unique<Dialling>(loop_);
  dialling->policy = RedialPolicy::from(call.variables);
  dialling_[call.call_id] = std::move(dialling);
  if (!dial(call.call_id)) {
    dialling_.erase(call.call_id);
    return Error::unavailable("nothing can ring " + call.service + " now");
  }
  return ok_status();
}

// The user hears ringback until the number answers (connect stops it) or the attempt fails.
bool ClickToDial::dial(const std::string& call_id) {
  b2bua_.play(call_id, tone("ringback", 0));
  if (b2bua_.connect_dialled(call_id, ring_timeout_ms_)) return true;
  b2bua_.stop_play(call_id);
  return false;
}

void ClickToDial::on_connect_result(const std::string& call_id, const ConnectOutcome& outcome) {
  auto it = dialling_.find(call_id);
  if (it == dialling_.end() || outcome.result == ConnectOutcome::Result::Answered) return;
  Dialling& dialling = *it->second;
  b2bua_.stop_play(call_id);
  if (outcome.result == ConnectOutcome::Result::Busy && dialling.redials_done < dialling.policy.attempts)
    return redial(call_id, dialling);
  give_up(call_id, dialling,
          std::string("the number was ") + outcome_text(outcome.result) + " (SIP " +
              std::to_string(outcome.sip_status) + ")");
}

void ClickToDial::redial(const std::string& call_id, Dialling& dialling) {
  ++dialling.redials_done;
  b2bua_.note_feature(call_id, "redial_scheduled", "system",
                      "busy; try " + std::to_string(dialling.redials_done + 1) + " of " +
                          std::to_string(dialling.policy.attempts + 1) + " in " +
                          std::to_string(dialling.policy.interval_ms) + " ms");
  b2bua_.play(call_id, tone("busy", 0));
  dialling.redial_timer.start(dialling.policy.interval_ms, [this, call_id] {
    auto it = dialling_.find(call_id);
    if (it == dialling_.end()) return;
    b2bua_.stop_play(call_id);
    if (!dial(call_id)) give_up(call_id, *it->second, "nothing can ring the number now");
  });
}

void ClickToDial::give_up(const std::string& call_id, Dialling& dialling, const std::string& why) {
  dialling.outcome = why;
  dialling.farewell = b2bua_.play(call_id, tone("busy", kFarewellToneMs));
  if (dialling.farewell == 0) b2bua_.hang_up(call_id, why);
}

void ClickToDial::on_play_done(const std::string& call_id, const media::PlayOutcome& outcome) {
  auto it = dialling_.find(call_id);
  if (it == dialling_.end() || it->second->farewell == 0 || outcome.play != it->second->farewell) return;
  std::string why = it->second->outcome;
  b2bua_.hang_up(call_id, why);
}

}  // namespace hotline::pbx
