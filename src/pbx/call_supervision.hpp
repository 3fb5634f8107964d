// CallSupervision: a supervisor on an agent's call (SUP-1). The supervisor's phone dials a
// supervision code (feature_codes.hpp); the B2BUA answers it as a service call, and this puts
// the agent's call and the supervisor into one mix: listening, the supervisor hears both and
// nobody hears the supervisor; whispering, only the agent hears the supervisor; barging in,
// everyone hears everyone. Several supervisors may be on one call. The agent's call goes back to
// plain relaying when its last supervisor hangs up; supervisors are hung up when it ends.
//
// Thread: core loop only.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "media/media.hpp"
#include "pbx/call_service.hpp"

namespace hotline::pbx {

class B2bua;

class CallSupervision final : public CallService {
 public:
  CallSupervision(media::MediaEngine& media, B2bua& b2bua) : media_(media), b2bua_(b2bua) {}

  // The supervisor's call: NotFound (no such call to supervise) or Conflict refuse it.
  Status on_call(const ServiceCall& call) override;
  void on_digit(const std::string&, const media::dsp::DtmfDigit&) override {}
  void on_play_done(const std::string&, const media::PlayOutcome&) override {}
  void on_connect_result(const std::string&, const ConnectOutcome&) override {}
  // A supervisor hung up.
  void on_call_ended(const std::string& call_id) override;
  // Any call ended (B2bua::set_call_ended_observer): if it was supervised, its supervisors go.
  void on_any_call_ended(const std::string& call_id);

  // Supervisors on the call; 0 when nobody supervises it.
  std::size_t supervisors(const std::string& supervised_call_id) const;

 private:
  struct Supervisor {
    std::string call_id;
    media::RelayId relay = 0;
    std::string detail;  // "listen 1004": for the supervised call's timeline
  };
  struct Session {
    media::ConferenceId conference = 0;
    std::vector<Supervisor> supervisors;
    std::string taken_over_by;  // the supervisor's call that cut the agent off (take-over)
  };

  void leave(const std::string& supervised_call_id, const std::string& supervisor_call_id);

  media::MediaEngine& media_;
  B2bua& b2bua_;
  std::unordered_map<std::string, Session> sessions_;         // by supervised call id
  std::unordered_map<std::string, std::string> supervising_;  // supervisor call id → supervised call id
};

}  // namespace hotline::pbx
