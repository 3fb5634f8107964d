#include "pbx/call_pickup.hpp"

#include <spdlog/spdlog.h>

#include "pbx/b2bua.hpp"

namespace hotline::pbx {

Status CallPickup::on_call(const ServiceCall& call) {
  auto ringing = b2bua_.take_ringing_call(call.tenant_id, call.service, "pickup", call.caller);
  if (!ringing) return ringing.error();
  auto conference = media_.create_conference();
  for (auto [relay, side] :
       {std::pair{ringing->relay, ringing->side}, std::pair{call.relay, media::RelaySide::A}}) {
    if (auto joined = media_.join_conference(conference, relay, side); !joined) {
      media_.destroy_conference(conference);
      b2bua_.hang_up(ringing->call_id, "pickup failed: " + joined.error().message);
      return joined.error();
    }
  }
  pairs_[call.call_id] = {ringing->call_id, conference};
  pairs_[ringing->call_id] = {call.call_id, conference};
  spdlog::info("call {}: picked up at {} by {} (call {})", ringing->call_id, call.service, call.caller,
               call.call_id);
  return ok_status();
}

void CallPickup::on_call_ended(const std::string& call_id) {
  auto it = pairs_.find(call_id);
  if (it == pairs_.end()) return;
  Pair pair = it->second;
  pairs_.erase(it);
  if (pairs_.erase(pair.other) == 0) return;  // the other ended first and cleaned up
  media_.destroy_conference(pair.conference);
  b2bua_.hang_up(pair.other, "the other party hung up");
}

}  // namespace hotline::pbx
