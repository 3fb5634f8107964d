// hotline_tone_payloads: RTP payloads of a sine tone, encoded by media/dsp's own codecs, for the
// integration tests that play a codec python has no encoder for (G.722). It writes PACKETS
// payloads of 20 ms back to back to stdout, each codec.payload_bytes(20 ms) long; the tone runs at
// the codec's own sample rate (16 kHz for G.722), as a wideband phone would send it.
//
// Usage: hotline_tone_payloads CODEC HZ PACKETS [AMPLITUDE]   e.g. G722 440 100 8000
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numbers>
#include <string>
#include <vector>

#include "media/dsp/codec.hpp"

namespace {

int usage(const char* problem) {
  std::fprintf(stderr,
               "hotline_tone_payloads: %s\nusage: hotline_tone_payloads CODEC HZ PACKETS [AMPLITUDE]\n",
               problem);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace hotline::media::dsp;
  if (argc < 4 || argc > 5) return usage("wrong number of arguments");
  auto codec = make_codec(std::string_view(argv[1]));
  if (!codec) return usage(codec.error().message.c_str());
  const double hz = std::atof(argv[2]);
  const long packets = std::atol(argv[3]);
  const double amplitude = argc == 5 ? std::atof(argv[4]) : 8000.0;
  if (hz <= 0 || packets <= 0 || amplitude <= 0 || amplitude > 32767)
    return usage("bad HZ, PACKETS or AMPLITUDE");

  const int rate = (*codec)->sample_rate();
  const std::size_t frame = static_cast<std::size_t>(rate) / 50;
  std::vector<std::int16_t> pcm(frame);
  std::vector<std::uint8_t> payload((*codec)->payload_bytes(frame));
  for (long p = 0; p < packets; ++p) {
    for (std::size_t n = 0; n < frame; ++n) {
      const double t = static_cast<double>(static_cast<std::size_t>(p) * frame + n) / rate;
      pcm[n] = static_cast<std::int16_t>(std::lround(amplitude * std::sin(2.0 * std::numbers::pi * hz * t)));
    }
    const std::size_t bytes = (*codec)->encode(pcm, payload);
    if (std::fwrite(payload.data(), 1, bytes, stdout) != bytes) return 1;
  }
  return std::fflush(stdout) == 0 ? 0 : 1;
}
