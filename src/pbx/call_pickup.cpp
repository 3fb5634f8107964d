#include "pbx/call_pickup.hpp"

#include <spdlog/spdlog.h>

#include "pbx/b2bua.hpp"

namespace hotline::pbx {

Status CallPickup::on_call(const ServiceCall& call) {
  auto ringing = b2bua_.take_ringing_call(call.tenant_id, call.service, "pickup", call.caller);
  if (!ringing) return ringing.error();
  if (auto joined = pairs_.join(*ringing, {call.call_id, call.relay, media::RelaySide::A}); !joined) {
    b2bua_.hang_up(ringing->call_id, "pickup failed: " + joined.error().message);
    return joined.error();
  }
  spdlog::info("call {}: picked up at {} by {} (call {})", ringing->call_id, call.service, call.caller,
               call.call_id);
  return ok_status();
}

}  // namespace hotline::pbx
