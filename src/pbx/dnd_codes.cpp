#include "pbx/dnd_codes.hpp"

#include "pbx/b2bua.hpp"

namespace hotline::pbx {
namespace {

constexpr std::int64_t kBeepGapMs = 150;

media::PlaySpec beeps(int count) {
  media::PlaySpec spec;
  for (int i = 0; i < count; ++i) {
    if (i > 0) spec.items.push_back(media::PlayItemSpec::silence(kBeepGapMs));
    spec.items.push_back(media::PlayItemSpec::tone("beep"));
  }
  spec.loops = 1;
  spec.interruptible = false;
  return spec;
}

}  // namespace

Status DoNotDisturbCodes::on_call(const ServiceCall& call) {
  bool on = call.service == "on";
  if (auto stored = store_.extensions().set_dnd(call.tenant_id, call.caller, on); !stored) return stored;
  directory_.set_do_not_disturb(call.tenant_id, call.caller, on);
  b2bua_.report_do_not_disturb(call.tenant_id, call.caller, on);
  b2bua_.note_feature(call.call_id, on ? "dnd_on" : "dnd_off", "caller", call.caller);
  media::PlayId play = b2bua_.play(call.call_id, beeps(on ? 2 : 1));
  if (play == 0) return Error::unavailable("the confirmation cannot be played");
  confirmations_[call.call_id] = play;
  return ok_status();
}

void DoNotDisturbCodes::on_play_done(const std::string& call_id, const media::PlayOutcome& outcome) {
  auto it = confirmations_.find(call_id);
  if (it == confirmations_.end() || it->second != outcome.play) return;
  confirmations_.erase(it);
  b2bua_.hang_up(call_id, "do not disturb set");
}

}  // namespace hotline::pbx
