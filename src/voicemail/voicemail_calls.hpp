// voicemail (IVR-7): callers leave messages in a tenant's boxes; agents list and play them through
// the API. VoicemailCalls is the pbx service for the kind "voicemail": a number whose target is
// voicemail:BOX, an IVR flow's voicemail node and a queue's voicemail overflow (B2bua::hand_over),
// and a call to an extension with a box that nobody answers (B2bua's unanswered route, which
// box_for_extension answers) all reach it once the B2BUA has answered the caller.
//
// The caller hears the box's greeting (its file, else its text spoken, else the default greeting;
// a key skips it), then a beep; from the beep the caller alone is recorded into a file of its own
// (B2bua::record_caller: a `recordings` row of the call, mono) until the caller hangs up, presses
// #, or the box's maximum length is reached (the server hangs up). The message row is written when
// recording starts (status `recording`); once the file is finished, MessageScreen keeps it (`new`)
// or discards it (shorter than a second, silent). A crash leaves the file to CallRecordings'
// repair at the next start; screen_unfinished() then screens what the crash left.
//
// A module of its own, above the pbx like ivr/runtime and acd/runtime: flows, queues and plain
// calls reach it by the service's name through the B2BUA, so it depends on none of them and none
// of them on it.
//
// Thread: core loop only (MessageScreen has a thread of its own).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "common/clock.hpp"
#include "pbx/b2bua.hpp"
#include "pbx/call_service.hpp"
#include "sip/core_loop.hpp"
#include "store/store.hpp"
#include "voicemail/message_screen.hpp"

namespace hotline::voicemail {

struct VoicemailOptions {
  std::filesystem::path data_dir;  // recordings are found under it, and relative greeting files
  ScreeningRules screening;
};

class VoicemailCalls final : public pbx::CallService {
 public:
  VoicemailCalls(sip::CoreLoop& loop, pbx::B2bua& calls, store::Store& store, const Clock& clock,
                 VoicemailOptions options);
  ~VoicemailCalls() override;

  // At start, before any call: messages a crash cut short are screened (their files were
  // repaired by CallRecordings::recover_unfinished already).
  void screen_unfinished();
  // The box that takes the unanswered calls of the tenant's extension, if it has one.
  std::optional<pbx::ServiceTarget> box_for_extension(std::int64_t tenant_id, const std::string& extension);
  // A recording was finished (CallRecordings' observer): a message's is screened.
  void on_recording_finished(const store::RecordingRecord& recording);
  // Waits until every message finished so far is screened (shutdown, before the store closes).
  void drain() { screen_.drain(); }

  Status on_call(const pbx::ServiceCall& call) override;
  void on_digit(const std::string& call_id, const media::dsp::DtmfDigit& digit) override;
  void on_play_done(const std::string& call_id, const media::PlayOutcome& outcome) override;
  void on_connect_result(const std::string&, const pbx::ConnectOutcome&) override {}
  void on_call_ended(const std::string& call_id) override;

 private:
  enum class Phase { Greeting, DefaultGreeting, Beep, Recording, Done };
  struct Caller;

  void play(Caller& caller, Phase phase);
  void start_message(Caller& caller);
  void finish(Caller& caller, const std::string& why);

  sip::CoreLoop& loop_;
  pbx::B2bua& calls_;
  store::Store& store_;
  const Clock& clock_;
  VoicemailOptions options_;
  MessageScreen screen_;
  std::unordered_map<std::string, std::unique_ptr<Caller>> callers_;  // by call id
  std::unordered_map<std::string, std::string> recording_messages_;   // recording id -> message id
};

}  // namespace hotline::voicemail
