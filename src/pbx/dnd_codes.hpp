// DoNotDisturbCodes: do not disturb from the phone's own keypad (PBX-7). The phone dials *51 (on)
// or *50 (off) (feature_codes.hpp); the B2BUA answers it as a service call, and this sets do not
// disturb for the dialling extension as the desktop's switch does — kept in the store, so that a
// restart keeps it, and told to the user's desktops (CallObserver::on_do_not_disturb) — then
// confirms with beeps (two for on, one for off) and hangs up.
//
// Thread: core loop only.
#pragma once

#include <string>
#include <unordered_map>

#include "media/media.hpp"
#include "pbx/call_service.hpp"
#include "pbx/directory.hpp"
#include "store/store.hpp"

namespace hotline::pbx {

class B2bua;

class DoNotDisturbCodes final : public CallService {
 public:
  DoNotDisturbCodes(B2bua& b2bua, Directory& directory, store::Store& store)
      : b2bua_(b2bua), directory_(directory), store_(store) {}

  // The code's call ("dnd:on" or "dnd:off"); a store that fails refuses it.
  Status on_call(const ServiceCall& call) override;
  void on_digit(const std::string&, const media::dsp::DtmfDigit&) override {}
  // The confirmation played: the call is hung up.
  void on_play_done(const std::string& call_id, const media::PlayOutcome& outcome) override;
  void on_connect_result(const std::string&, const ConnectOutcome&) override {}
  void on_call_ended(const std::string& call_id) override { confirmations_.erase(call_id); }

 private:
  B2bua& b2bua_;
  Directory& directory_;
  store::Store& store_;
  std::unordered_map<std::string, media::PlayId> confirmations_;  // by call id
};

}  // namespace hotline::pbx
