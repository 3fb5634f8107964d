// ClickToDial: the "dial" service, where a call from a user's desktop goes once the user's phone
// has answered (B2bua::originate): it rings the dialled number (another extension, or an outside
// number through the outbound routes) while the user hears ringback, and joins the two when it
// answers. A busy number is redialled (PBX-10: 遇忙重拨) as often and as far apart as the call's
// variables say ("redial_attempts", "redial_interval_ms"), the user hearing the busy tone
// meanwhile; a number that stays busy, does not answer or fails ends the call after a few seconds
// of busy tone, so the user hears why.
//
// Thread: core loop only.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "pbx/call_service.hpp"
#include "sip/core_loop.hpp"

namespace hotline::pbx {

class B2bua;

struct RedialPolicy {
  int attempts = 0;                   // redials after the first try, when the number is busy
  std::int64_t interval_ms = 10'000;  // between a busy answer and the next try

  // Read from a call's variables; absent or malformed values keep the defaults.
  static RedialPolicy from(const std::map<std::string, std::string, std::less<>>& variables);
};

class ClickToDial final : public CallService {
 public:
  ClickToDial(sip::CoreLoop& loop, B2bua& b2bua, std::int64_t ring_timeout_ms)
      : loop_(loop), b2bua_(b2bua), ring_timeout_ms_(ring_timeout_ms) {}

  Status on_call(const ServiceCall& call) override;
  void on_digit(const std::string&, const media::dsp::DtmfDigit&) override {}
  void on_play_done(const std::string& call_id, const media::PlayOutcome& outcome) override;
  void on_connect_result(const std::string& call_id, const ConnectOutcome& outcome) override;
  void on_call_ended(const std::string& call_id) override { dialling_.erase(call_id); }

  static constexpr std::int64_t kFarewellToneMs = 3'000;  // busy tone before a failed call ends

 private:
  struct Dialling {
    explicit Dialling(sip::CoreLoop& loop) : redial_timer(loop) {}
    RedialPolicy policy;
    int redials_done = 0;
    sip::CoreTimer redial_timer;
    media::PlayId farewell = 0;  // the busy tone before hanging up
    std::string outcome;         // why the call ends once the farewell tone is over
  };

  bool dial(const std::string& call_id);
  void redial(const std::string& call_id, Dialling& dialling);
  void give_up(const std::string& call_id, Dialling& dialling, const std::string& why);

  sip::CoreLoop& loop_;
  B2bua& b2bua_;
  std::int64_t ring_timeout_ms_;
  std::unordered_map<std::string, std::unique_ptr<Dialling>> dialling_;
};

}  // namespace hotline::pbx
