// G.722 at 64 kbit/s (PT 9): 16 kHz PCM, two samples per payload byte, ADPCM state kept between
// frames in spandsp's encoder and decoder.
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
  G722Codec()
      : encoder_(g722_encode_init(nullptr, kBitRate, 0)), decoder_(g722_decode_init(nullptr, kBitRate, 0)) {}

  std::string_view name() const override { return "G722"; }
  int payload_type() const override { return kPayloadTypeG722; }
  int clock_rate() const override { return 8000; }
  int sample_rate() const override { return 16000; }
  std::size_t payload_bytes(std::size_t samples) const override { return samples / 2; }

  // Re-initialises the existing state in place: no allocation.
  void reset() override {
    g722_encode_init(encoder_.get(), kBitRate, 0);
    g722_decode_init(decoder_.get(), kBitRate, 0);
  }

  std::size_t encode(std::span<const std::int16_t> pcm, std::span<std::uint8_t> out) override {
    const std::size_t samples = std::min(pcm.size() / 2, out.size()) * 2;
    if (samples == 0) return 0;
    return static_cast<std::size_t>(
        g722_encode(encoder_.get(), out.data(), pcm.data(), static_cast<int>(samples)));
  }

  std::size_t decode(std::span<const std::uint8_t> payload, std::span<std::int16_t> out) override {
    const std::size_t bytes = std::min(payload.size(), out.size() / 2);
    if (bytes == 0) return 0;
    return static_cast<std::size_t>(
        g722_decode(decoder_.get(), out.data(), payload.data(), static_cast<int>(bytes)));
  }

 private:
  std::unique_ptr<g722_encode_state_t, G722EncoderFree> encoder_;
  std::unique_ptr<g722_decode_state_t, G722DecoderFree> decoder_;
};

}  // namespace

std::unique_ptr<AudioCodec> make_g722_codec() { return std::make_unique<G722Codec>(); }

}  // namespace hotline::media::dsp
