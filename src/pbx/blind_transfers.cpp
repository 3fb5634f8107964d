#include "pbx/blind_transfers.hpp"

#include "pbx/b2bua.hpp"

namespace hotline::pbx {

Status BlindTransfers::on_call(const ServiceCall& call) {
  media_.start_music(call.relay, media::RelaySide::A,
                     media::tenant_music_class(call.tenant_id, directory_.music_class(call.tenant_id)));
  if (!b2bua_.connect(call.call_id, {call.service}, ring_timeout_ms_, ConnectOptions{{}, true})) {
    media_.stop_music(call.relay, media::RelaySide::A);
    return Error::unavailable("no phone of extension " + call.service +
                              " is registered, or it is in do-not-disturb");
  }
  relays_[call.call_id] = call.relay;
  return ok_status();
}

void BlindTransfers::on_connect_result(const std::string& call_id, const ConnectOutcome& outcome) {
  auto relay = relays_.find(call_id);
  if (relay == relays_.end()) return;
  media_.stop_music(relay->second, media::RelaySide::A);
  if (outcome.result == ConnectOutcome::Result::Answered) return;  // they talk
  relays_.erase(relay);
  b2bua_.hang_up(call_id, "transferred to an extension that did not answer (SIP " +
                              std::to_string(outcome.sip_status) + ")");
}

}  // namespace hotline::pbx
