// CallPairs: two calls the server answered itself that talk to each other through one media mix
// (each call's side in a conference of its own): a ringing caller and the colleague who picked it up
// (CallPickup, *8), a parked caller and the phone that took it (CallParking, *7). Either call ending
// ends the other, so that a pair behaves like one ordinary call.
//
// Thread: core loop only (its owner's).
#pragma once

#include <string>
#include <unordered_map>

#include "media/media.hpp"
#include "pbx/b2bua.hpp"

namespace hotline::pbx {

class CallPairs {
 public:
  CallPairs(media::MediaEngine& media, B2bua& b2bua) : media_(media), b2bua_(b2bua) {}

  // Mixes the two calls' sides; the media engine's error when it refuses (nothing is left joined).
  Status join(const TalkingCall& first, const TalkingCall& second);
  // A call ended: when it was one of a pair, the mix goes and the other call is hung up. False for a
  // call in no pair.
  bool on_call_ended(const std::string& call_id);

 private:
  struct Pair {
    std::string other;  // the call joined to this one
    media::ConferenceId conference = 0;
  };

  media::MediaEngine& media_;
  B2bua& b2bua_;
  std::unordered_map<std::string, Pair> pairs_;  // both calls of each pair, by call id
};

}  // namespace hotline::pbx
