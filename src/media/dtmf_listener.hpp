// DtmfListener: the keys a relay's two parties press, whichever way their phones send them:
// RFC 4733 telephone-events (any dynamic payload type: the SDP rewrite keeps no other dynamic
// type) or in-band tones in PCMU, PCMA or G.722 audio (heard at 8 kHz). Once a side has sent a
// telephone-event, its in-band tones are ignored, so a phone that sends both is not heard twice. SIP INFO
// digits never reach the media path; the pbx reports those itself.
//
// Thread: the relay's media worker only. No allocation or lock per packet or tick.
#pragma once

#include <array>
#include <cstdint>
#include <memory>

#include "media/dsp/dtmf_detector.hpp"
#include "media/dsp/narrowband_codec.hpp"
#include "media/dsp/rfc4733.hpp"
#include "media/media.hpp"
#include "media/rtp/rtp_header.hpp"

namespace hotline::media {

class DtmfListener {
 public:
  DtmfListener();

  // `now` in 8 kHz clock units (any origin, the same for tick()).
  void on_rtp(RelaySide from, const rtp::RtpPacketView& packet, std::uint64_t now);
  void tick(std::uint64_t now);
  // The next digit a side pressed; false when there is none.
  bool poll(RelaySide& side, dsp::DtmfDigit& digit);

 private:
  struct Side {
    dsp::Rfc4733Decoder events;
    std::unique_ptr<dsp::DtmfDetector> tones;
    std::unique_ptr<dsp::NarrowbandCodec> codec;
    int codec_payload_type = -1;
    bool sends_events = false;
  };

  void listen_for_tones(Side& side, const rtp::RtpPacketView& packet);

  std::array<Side, 2> sides_;
  std::array<std::int16_t, 1600> pcm_{};
};

}  // namespace hotline::media
