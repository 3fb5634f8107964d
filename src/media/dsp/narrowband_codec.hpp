// NarrowbandCodec: an RTP audio codec seen at 8 kHz, for the consumers that work on narrowband
// PCM whatever the phones negotiated — the call recorder, the in-band DTMF detector, music on hold.
// G.711 (PCMU, PCMA) passes straight through to its AudioCodec; G.722 (16 kHz PCM) is resampled
// 16 kHz -> 8 kHz after decoding and 8 kHz -> 16 kHz before encoding, which keeps 0-4 kHz.
//
// Every call hands out exactly the audio the payload carries: a 20 ms G.722 payload (160 bytes)
// decodes to 160 samples at 8 kHz, and 160 samples at 8 kHz encode to 160 bytes, so RTP timestamps
// (8000 Hz for both codecs) and recording lengths match G.711 frame for frame. The resampler's
// filter delay (about 2.5 ms) becomes leading silence at the start of the stream.
//
// A G.722 resampler costs about 80 KB (libsamplerate's filter state), so a codec is made for the
// ways it is used: a decode-only codec does not hold the encode resampler, and vice versa.
//
// Thread: the media worker that owns the leg. create() allocates; decode, encode and reset neither
// allocate, lock nor throw.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "media/dsp/codec.hpp"
#include "media/dsp/resampler.hpp"

namespace hotline::media::dsp {

class NarrowbandCodec {
 public:
  static constexpr int kSampleRate = 8000;
  // The most audio one decode or encode call converts: 200 ms (a packet is 10-60 ms).
  static constexpr std::size_t kMaxSamples = 1600;

  enum class Use { Decode, Encode, DecodeAndEncode };

  // A codec for a static RTP payload type (PCMU 0, PCMA 8, G.722 9). NotFound for any other type;
  // Internal if the resampler cannot be made.
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
  // Forgets the codec and filter state (a new stream, or a codec switch).
  void reset();

 private:
  // A resampler that hands out exactly as many samples as asked for: what it produces beyond
  // that waits for the next call, and what it has not produced yet (its delay) is silence.
  class ExactResampler {
   public:
    explicit ExactResampler(Resampler resampler);
    void convert(std::span<const std::int16_t> in, std::span<std::int16_t> out);
    void reset();

   private:
    Resampler resampler_;
    std::vector<std::int16_t> held_;
    std::size_t held_count_ = 0;
  };

  explicit NarrowbandCodec(std::unique_ptr<AudioCodec> codec);
  bool passes_through() const { return codec_->sample_rate() == kSampleRate; }
  // Samples at the codec's rate for `samples8k` at 8 kHz.
  std::size_t wide_samples(std::size_t samples8k) const;

  std::unique_ptr<AudioCodec> codec_;
  // Only for a codec whose PCM is not 8 kHz (G.722), and only for the ways it is used.
  std::optional<ExactResampler> down_;  // codec rate -> 8 kHz, after decoding
  std::optional<ExactResampler> up_;    // 8 kHz -> codec rate, before encoding
  std::vector<std::int16_t> wide_;      // PCM at the codec's rate (empty for G.711)
};

}  // namespace hotline::media::dsp
