// G.722 at 64 kbit/s (PT 9), ADPCM state kept between frames in spandsp's encoder and decoder.
// Its PCM is 16 kHz (two samples per payload byte), or 8 kHz in spandsp's narrowband mode (one
// sample per byte): there decode keeps only the lower sub-band and skips the band-split filter, and
// encode codes the 8 kHz PCM as the lower sub-band and the upper one as silence.
#include <spandsp.h>

#include <algorithm>

#include "media/dsp/codec.hpp"

namespace hotline::media::dsp {
namespace {

constexpr int kBitRate = 64000;

struct G722EncoderFree {
  void operator()(g722_encode_state_t* s) const { g722_encode_free(s); }
};
struct G722DecoderFree {
  void operator()(g722_decode_state_t* s) const { g722_decode_free(s); }
};

// Thread: the media worker that owns the leg.
class G722Codec final : public AudioCodec {
 public:
  explicit G722Codec(int sample_rate)
      : sample_rate_(sample_rate),
        samples_per_byte_(static_cast<std::size_t>(sample_rate) / 8000),
        options_(sample_rate == 8000 ? G722_SAMPLE_RATE_8000 : 0),
        encoder_(g722_encode_init(nullptr, kBitRate, options_)),
        decoder_(g722_decode_init(nullptr, kBitRate, options_)) {}

  std::string_view name() const override { return "G722"; }
  int payload_type() const override { return kPayloadTypeG722; }
  int clock_rate() const override { return 8000; }
  int sample_rate() const override { return sample_rate_; }
  std::size_t payload_bytes(std::size_t samples) const override { return samples / samples_per_byte_; }

  // Re-initialises the existing state in place: no allocation.
  void reset() override {
    g722_encode_init(encoder_.get(), kBitRate, options_);
    g722_decode_init(decoder_.get(), kBitRate, options_);
  }

  std::size_t encode(std::span<const std::int16_t> pcm, std::span<std::uint8_t> out) override {
    const std::size_t samples = std::min(pcm.size() / samples_per_byte_, out.size()) * samples_per_byte_;
    if (samples == 0) return 0;
    return static_cast<std::size_t>(
        g722_encode(encoder_.get(), out.data(), pcm.data(), static_cast<int>(samples)));
  }

  std::size_t decode(std::span<const std::uint8_t> payload, std::span<std::int16_t> out) override {
    const std::size_t bytes = std::min(payload.size(), out.size() / samples_per_byte_);
    if (bytes == 0) return 0;
    return static_cast<std::size_t>(
        g722_decode(decoder_.get(), out.data(), payload.data(), static_cast<int>(bytes)));
  }

 private:
  int sample_rate_;
  std::size_t samples_per_byte_;
  int options_;
  std::unique_ptr<g722_encode_state_t, G722EncoderFree> encoder_;
  std::unique_ptr<g722_decode_state_t, G722DecoderFree> decoder_;
};

}  // namespace

std::unique_ptr<AudioCodec> make_g722_codec() { return std::make_unique<G722Codec>(16000); }
std::unique_ptr<AudioCodec> make_g722_codec_8khz() { return std::make_unique<G722Codec>(8000); }

}  // namespace hotline::media::dsp
