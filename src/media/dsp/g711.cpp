// G.711 µ-law and A-law (PCMU, PCMA). Stateless per sample; spandsp's inline companding functions
// do the bit work (they are the reference FreeSWITCH and Asterisk use).
#include <spandsp.h>

#include <algorithm>

#include "media/dsp/codec.hpp"

namespace hotline::media::dsp {
namespace {

enum class Law { Mu, A };

// Thread: the media worker that owns the leg (no state, but kept per leg like every codec).
class G711Codec final : public AudioCodec {
 public:
  explicit G711Codec(Law law) : law_(law) {}

  std::string_view name() const override { return law_ == Law::Mu ? "PCMU" : "PCMA"; }
  int payload_type() const override { return law_ == Law::Mu ? kPayloadTypePcmu : kPayloadTypePcma; }
  int clock_rate() const override { return 8000; }
  int sample_rate() const override { return 8000; }
  std::size_t payload_bytes(std::size_t samples) const override { return samples; }
  void reset() override {}

  std::size_t encode(std::span<const std::int16_t> pcm, std::span<std::uint8_t> out) override {
    const std::size_t n = std::min(pcm.size(), out.size());
    if (law_ == Law::Mu) {
      for (std::size_t i = 0; i < n; ++i) out[i] = linear_to_ulaw(pcm[i]);
    } else {
      for (std::size_t i = 0; i < n; ++i) out[i] = linear_to_alaw(pcm[i]);
    }
    return n;
  }

  std::size_t decode(std::span<const std::uint8_t> payload, std::span<std::int16_t> out) override {
    const std::size_t n = std::min(payload.size(), out.size());
    if (law_ == Law::Mu) {
      for (std::size_t i = 0; i < n; ++i) out[i] = ulaw_to_linear(payload[i]);
    } else {
      for (std::size_t i = 0; i < n; ++i) out[i] = alaw_to_linear(payload[i]);
    }
    return n;
  }

 private:
  Law law_;
};

}  // namespace

std::unique_ptr<AudioCodec> make_pcmu_codec() { return std::make_unique<G711Codec>(Law::Mu); }
std::unique_ptr<AudioCodec> make_pcma_codec() { return std::make_unique<G711Codec>(Law::A); }

}  // namespace hotline::media::dsp
