// BlindTransfers: where a caller goes when an agent's desktop transfers the call blind to another
// extension (CTI, B2bua::transfer_for): the caller, now a call the server holds, hears music on
// hold while that extension's phones ring; the first to answer talks to the caller. Nobody
// answering (busy, declined, the ring timeout) ends the call, as it would have ended for a caller
// who dialled the extension.
//
// Thread: core loop only.
#pragma once

#include <string>
#include <unordered_map>

#include "media/media.hpp"
#include "pbx/call_service.hpp"
#include "pbx/directory.hpp"

namespace hotline::pbx {

class B2bua;

class BlindTransfers final : public CallService {
 public:
  BlindTransfers(media::MediaEngine& media, B2bua& b2bua, const Directory& directory,
                 std::int64_t ring_timeout_ms)
      : media_(media), b2bua_(b2bua), directory_(directory), ring_timeout_ms_(ring_timeout_ms) {}

  // `call.service` is the extension to ring; Unavailable when none of its phones is registered.
  Status on_call(const ServiceCall& call) override;
  void on_digit(const std::string&, const media::dsp::DtmfDigit&) override {}
  void on_play_done(const std::string&, const media::PlayOutcome&) override {}
  void on_connect_result(const std::string& call_id, const ConnectOutcome& outcome) override;
  void on_call_ended(const std::string& call_id) override { relays_.erase(call_id); }

 private:
  media::MediaEngine& media_;
  B2bua& b2bua_;
  const Directory& directory_;  // the tenant's music on hold
  std::int64_t ring_timeout_ms_;
  std::unordered_map<std::string, media::RelayId> relays_;  // calls ringing an extension, by call id
};

}  // namespace hotline::pbx
