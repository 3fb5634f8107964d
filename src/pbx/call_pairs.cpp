#include "pbx/call_pairs.hpp"

namespace hotline::pbx {

Status CallPairs::join(const TalkingCall& first, const TalkingCall& second) {
  auto conference = media_.create_conference();
  for (const TalkingCall* call : {&first, &second}) {
    if (auto joined = media_.join_conference(conference, call->relay, call->side); !joined) {
      media_.destroy_conference(conference);
      return joined.error();
    }
  }
  pairs_[first.call_id] = {second.call_id, conference};
  pairs_[second.call_id] = {first.call_id, conference};
  return ok_status();
}

bool CallPairs::on_call_ended(const std::string& call_id) {
  auto it = pairs_.find(call_id);
  if (it == pairs_.end()) return false;
  Pair pair = it->second;
  pairs_.erase(it);
  if (pairs_.erase(pair.other) == 0) return true;  // the other ended first and cleaned up
  media_.destroy_conference(pair.conference);
  b2bua_.hang_up(pair.other, "the other party hung up");
  return true;
}

}  // namespace hotline::pbx
