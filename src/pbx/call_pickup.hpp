// CallPickup: answering a colleague's ringing phone from one's own (PBX-6). The picking phone
// dials *8 + the ringing extension (feature_codes.hpp); the B2BUA answers it as a service call,
// and this takes the ringing call over (B2bua::take_ringing_call: its phones stop ringing, its
// caller is answered by the server) and puts the two callers into one media mix, so that they
// talk as if the colleague had answered. Either hanging up ends both calls.
//
// Thread: core loop only.
#pragma once

#include <string>

#include "media/media.hpp"
#include "pbx/call_pairs.hpp"
#include "pbx/call_service.hpp"

namespace hotline::pbx {

class CallPickup final : public CallService {
 public:
  CallPickup(media::MediaEngine& media, B2bua& b2bua) : b2bua_(b2bua), pairs_(media, b2bua) {}

  // The picking call: NotFound when nothing rings there (any more) refuses it.
  Status on_call(const ServiceCall& call) override;
  void on_digit(const std::string&, const media::dsp::DtmfDigit&) override {}
  void on_play_done(const std::string&, const media::PlayOutcome&) override {}
  void on_connect_result(const std::string&, const ConnectOutcome&) override {}
  // Either of a joined pair ended (both are this service's calls): the other is hung up.
  void on_call_ended(const std::string& call_id) override { pairs_.on_call_ended(call_id); }

 private:
  B2bua& b2bua_;
  CallPairs pairs_;
};

}  // namespace hotline::pbx
