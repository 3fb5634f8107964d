// AudioCodec: converts 20 ms frames of 16-bit linear PCM to RTP payloads and back. PCMU (PT 0),
// PCMA (PT 8) and G.722 (PT 9) for now. Codecs may keep state between frames (G.722 is ADPCM), so
// each call leg direction gets its own instance from make_codec and keeps it for the call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "common/result.hpp"

namespace hotline::media::dsp {

// Thread: the media worker that owns the leg. No allocation, lock or exception in encode/decode.
class AudioCodec {
 public:
  virtual ~AudioCodec() = default;

  // The RTP encoding name as in SDP rtpmap ("PCMU", "PCMA", "G722").
  virtual std::string_view name() const = 0;
  virtual int payload_type() const = 0;
  // The RTP timestamp clock. For G.722 it is 8000 although the audio is 16 kHz (RFC 3551 4.5.2).
  virtual int clock_rate() const = 0;
  // The rate of the PCM that encode takes and decode produces.
  virtual int sample_rate() const = 0;

  // Encodes as many whole samples of `pcm` as fit in `out`; returns the payload bytes written.
  virtual std::size_t encode(std::span<const std::int16_t> pcm, std::span<std::uint8_t> out) = 0;
  // Decodes as much of `payload` as fits in `out`; returns the samples written.
  virtual std::size_t decode(std::span<const std::uint8_t> payload, std::span<std::int16_t> out) = 0;
  // Forgets the state carried between frames (after a stream restart or a codec switch).
  virtual void reset() = 0;

  // Payload bytes for `samples` samples of PCM at sample_rate().
  virtual std::size_t payload_bytes(std::size_t samples) const = 0;
};

// Static payload types of RFC 3551 known here.
inline constexpr int kPayloadTypePcmu = 0;
inline constexpr int kPayloadTypePcma = 8;
inline constexpr int kPayloadTypeG722 = 9;

// A new codec by static payload type; NotFound for types not supported.
Result<std::unique_ptr<AudioCodec>> make_codec(int payload_type);
// A new codec by SDP encoding name, case-insensitive ("pcmu", "G722"); NotFound when unknown.
Result<std::unique_ptr<AudioCodec>> make_codec(std::string_view name);

// The concrete codecs, for callers that know which one they want.
std::unique_ptr<AudioCodec> make_pcmu_codec();
std::unique_ptr<AudioCodec> make_pcma_codec();
std::unique_ptr<AudioCodec> make_g722_codec();
// G.722 with its PCM at 8 kHz (spandsp's narrowband mode), for NarrowbandCodec: decode keeps the
// lower sub-band (0-4 kHz) and drops the upper one; encode sends 8 kHz PCM as the lower sub-band
// and silence above. The payloads are ordinary G.722 that any wideband phone decodes. It costs less
// than half the 16 kHz codec: there is no band-split filter and no upper band to code.
std::unique_ptr<AudioCodec> make_g722_codec_8khz();

}  // namespace hotline::media::dsp
