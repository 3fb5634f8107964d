// NarrowbandCodec: an RTP audio codec seen at 8 kHz, for the consumers that work on narrowband
// PCM whatever the phones negotiated — the call recorder, the in-band DTMF detector, music on hold.
// G.711 (PCMU, PCMA) passes straight through to its AudioCodec; G.722 runs in spandsp's 8 kHz mode
// (make_g722_codec_8khz): decoding keeps the lower sub-band, 0-4 kHz, and drops the upper one;
// encoding codes 8 kHz PCM as the lower sub-band with silence above, which any G.722 phone decodes.
//
// Every call hands out exactly the audio the payload carries: a 20 ms G.722 payload (160 bytes)
// decodes to 160 samples at 8 kHz, and 160 samples at 8 kHz encode to 160 bytes, so RTP timestamps
// (8000 Hz for both codecs) and recording lengths match G.711 frame for frame. There is no filter
// and so no added delay: sample n of the payload is sample n of the PCM.
//
// A codec is made for the ways it is used: a G.722 codec made for decoding does not encode (0
// bytes) and one made for encoding does not decode. G.711 converts both ways whatever it was made
// for. Either way a codec holds well under 1 KB of state.
//
// Thread: the media worker that owns the leg. create() allocates; decode, encode and reset neither
// allocate, lock nor throw.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "common/result.hpp"
#include "media/dsp/codec.hpp"

namespace hotline::media::dsp {

class NarrowbandCodec {
 public:
  static constexpr int kSampleRate = 8000;
  // The most audio one decode or encode call converts: 200 ms (a packet is 10-60 ms).
  static constexpr std::size_t kMaxSamples = 1600;

  enum class Use { Decode, Encode, DecodeAndEncode };

  // A codec for a static RTP payload type (PCMU 0, PCMA 8, G.722 9). NotFound for any other type.
  static Result<std::unique_ptr<NarrowbandCodec>> create(int payload_type, Use use = Use::DecodeAndEncode);
  // Whether create() makes a codec for `payload_type`: a check that allocates nothing, for the
  // per-packet path to skip telephone-event, comfort noise and the like.
  static bool supports(int payload_type) {
    return payload_type == kPayloadTypePcmu || payload_type == kPayloadTypePcma ||
           payload_type == kPayloadTypeG722;
  }

  NarrowbandCodec(const NarrowbandCodec&) = delete;
  NarrowbandCodec& operator=(const NarrowbandCodec&) = delete;

  std::string_view name() const { return codec_->name(); }
  int payload_type() const { return codec_->payload_type(); }

  // Decodes `payload` to 8 kHz PCM in `out8k`; returns the samples written: the payload's duration
  // at 8 kHz, cut to what fits in `out8k` and to kMaxSamples. 0 for a G.722 codec made for Encode.
  std::size_t decode(std::span<const std::uint8_t> payload, std::span<std::int16_t> out8k);
  // Encodes 8 kHz PCM (cut to kMaxSamples and to what fits in `out`) into `out`; returns the
  // payload bytes written. 0 for a G.722 codec made for Decode.
  std::size_t encode(std::span<const std::int16_t> frame8k, std::span<std::uint8_t> out);
  // Forgets the codec state (a new stream, or a codec switch).
  void reset() { codec_->reset(); }

 private:
  NarrowbandCodec(std::unique_ptr<AudioCodec> codec, bool decodes, bool encodes);

  std::unique_ptr<AudioCodec> codec_;  // its PCM is at 8 kHz
  bool decodes_;
  bool encodes_;
};

}  // namespace hotline::media::dsp
