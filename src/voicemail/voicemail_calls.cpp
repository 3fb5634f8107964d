#include "voicemail/voicemail_calls.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "common/ids.hpp"
#include "voicemail/greeting.hpp"

namespace hotline::voicemail {

struct VoicemailCalls::Caller {
  explicit Caller(sip::CoreLoop& loop) : limit(loop) {}

  std::string call_id;
  std::string number;  // the caller's
  store::VoicemailBox box;
  Phase phase = Phase::Greeting;
  media::PlayId play = 0;  // what is playing now
  std::string message_id;
  sip::CoreTimer limit;  // the box's maximum message length
};

VoicemailCalls::VoicemailCalls(sip::CoreLoop& loop, pbx::B2bua& calls, store::Store& store,
                               const Clock& clock, VoicemailOptions options)
    : loop_(loop),
      calls_(calls),
      store_(store),
      clock_(clock),
      options_(std::move(options)),
      screen_(store, options_.data_dir, options_.screening) {}

VoicemailCalls::~VoicemailCalls() = default;

void VoicemailCalls::screen_unfinished() {
  // The repaired recordings' rows are queued behind the writer; the files are what is screened.
  for (const auto& message : store_.voicemail_messages().unscreened()) {
    spdlog::warn("voicemail message {} was cut by an unclean stop: screening its recording", message.id);
    screen_.check(message.id, message.recording_path);
  }
}

std::optional<pbx::ServiceTarget> VoicemailCalls::box_for_extension(std::int64_t tenant_id,
                                                                    const std::string& extension) {
  auto box = store_.voicemail_boxes().find_by_extension(tenant_id, extension);
  if (!box) return std::nullopt;
  return pbx::ServiceTarget{"voicemail", box->name};
}

void VoicemailCalls::on_recording_finished(const store::RecordingRecord& recording) {
  auto it = recording_messages_.find(recording.id);
  if (it == recording_messages_.end()) return;  // a call's recording, not a message
  screen_.check(it->second, recording.path);
  recording_messages_.erase(it);
}

Status VoicemailCalls::on_call(const pbx::ServiceCall& call) {
  auto box = store_.voicemail_boxes().find(call.tenant_id, call.service);
  if (!box) return Error(box.error().code, "voicemail: " + box.error().message, "box");
  auto caller = std::make_unique<Caller>(loop_);
  caller->call_id = call.call_id;
  caller->number = call.caller;
  caller->box = std::move(box).value();
  Caller& taken = *caller;
  callers_[call.call_id] = std::move(caller);
  play(taken, Phase::Greeting);
  return ok_status();
}

void VoicemailCalls::play(Caller& caller, Phase phase) {
  caller.phase = phase;
  media::PlaySpec spec = phase == Phase::Greeting          ? greeting_play(caller.box, options_.data_dir)
                         : phase == Phase::DefaultGreeting ? default_greeting_play(caller.box.language)
                                                           : beep_play();
  caller.play = calls_.play(caller.call_id, std::move(spec));
}

void VoicemailCalls::on_play_done(const std::string& call_id, const media::PlayOutcome& outcome) {
  auto it = callers_.find(call_id);
  if (it == callers_.end() || outcome.play != it->second->play) return;
  Caller& caller = *it->second;
  if (outcome.end == media::PlayOutcome::End::Stopped) return;
  switch (caller.phase) {
    case Phase::Greeting:
      if (outcome.end == media::PlayOutcome::End::Failed) {
        spdlog::warn("voicemail box {}: greeting failed ({}): playing the default", caller.box.name,
                     outcome.error);
        return play(caller, Phase::DefaultGreeting);
      }
      return play(caller, Phase::Beep);
    case Phase::DefaultGreeting:
      return play(caller, Phase::Beep);
    case Phase::Beep:
      return start_message(caller);  // a beep that failed to play still leaves the caller waiting
    case Phase::Recording:
    case Phase::Done:
      return;
  }
}

void VoicemailCalls::start_message(Caller& caller) {
  auto recording = calls_.record_caller(caller.call_id, "voicemail");
  if (!recording) return finish(caller, "cannot record: " + recording.error().message);
  caller.phase = Phase::Recording;
  caller.message_id = new_uuid();
  recording_messages_[recording->id] = caller.message_id;
  store::VoicemailMessage message;
  message.id = caller.message_id;
  message.tenant_id = caller.box.tenant_id;
  message.box_id = caller.box.id;
  message.call_id = caller.call_id;
  message.recording_id = recording->id;
  message.caller = caller.number;
  message.created_at = clock_.now_ms();
  store_.voicemail_messages().add_async(message);
  nlohmann::json detail = {
      {"box", caller.box.name}, {"message_id", message.id}, {"recording_id", recording->id}};
  store_.call_events().add_async({0, caller.call_id, caller.box.tenant_id, message.created_at, "voicemail",
                                  "caller", detail.dump(), "voicemail", std::nullopt});
  caller.limit.start(caller.box.max_message_ms, [this, id = caller.call_id] {
    if (auto it = callers_.find(id); it != callers_.end()) finish(*it->second, "maximum message length");
  });
}

void VoicemailCalls::on_digit(const std::string& call_id, const media::dsp::DtmfDigit& digit) {
  auto it = callers_.find(call_id);
  if (it != callers_.end() && it->second->phase == Phase::Recording && digit.digit == '#')
    finish(*it->second, "message ended with #");
}

void VoicemailCalls::finish(Caller& caller, const std::string& why) {
  caller.phase = Phase::Done;
  calls_.hang_up(caller.call_id, "voicemail: " + why);  // on_call_ended follows
}

void VoicemailCalls::on_call_ended(const std::string& call_id) {
  // Later, on the loop: the caller's own timer may be what is running now.
  loop_.post([this, call_id] { callers_.erase(call_id); });
}

}  // namespace hotline::voicemail
