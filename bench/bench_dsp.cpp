// Figures for the DSP per-frame paths of media/dsp: in-band DTMF detection (with "channels per
// core", how many legs one core could watch in real time), G.711 and G.722 per 20 ms frame, also
// as the 8 kHz view the recorder and DTMF listener use (NarrowbandCodec), 48 kHz to 8 kHz
// resampling per frame, RFC 4733 decoding per packet. Run with `build/bench/bench_dsp`;
// the numbers depend on the machine and are printed, never asserted.
#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <numbers>
#include <vector>

#include "media/dsp/codec.hpp"
#include "media/dsp/dtmf_detector.hpp"
#include "media/dsp/dtmf_generator.hpp"
#include "media/dsp/narrowband_codec.hpp"
#include "media/dsp/resampler.hpp"
#include "media/dsp/rfc4733.hpp"

namespace hotline::media::dsp {
namespace {

constexpr double kFrameSeconds = 0.020;

// Speech-level noise-like audio: a few non-DTMF sines, so the detector does its full work.
std::vector<std::int16_t> test_audio(std::size_t samples, int rate) {
  std::vector<std::int16_t> out(samples);
  for (std::size_t n = 0; n < samples; ++n) {
    const double t = static_cast<double>(n) / rate;
    const double v = 3000 * std::sin(2 * std::numbers::pi * 300 * t) +
                     2000 * std::sin(2 * std::numbers::pi * 1100 * t) +
                     1000 * std::sin(2 * std::numbers::pi * 2500 * t);
    out[n] = static_cast<std::int16_t>(v);
  }
  return out;
}

// Reports time per frame and how many such real-time streams one core could carry.
void report_channels(benchmark::State& state) {
  state.counters["channels_per_core"] = benchmark::Counter(
      kFrameSeconds * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_DtmfDetectorFrame(benchmark::State& state) {
  auto detector = std::move(DtmfDetector::create()).value();
  // Digits within the audio so detection and reporting run too.
  auto gen = std::move(DtmfGenerator::create()).value();
  gen.queue("0123456789*#ABCD");
  std::vector<std::int16_t> audio(8000 * 4);
  gen.generate(audio);
  std::size_t at = 0;
  DetectedDtmf digit;
  for (auto _ : state) {
    detector->process(std::span(audio).subspan(at, 160));
    while (detector->poll(digit)) benchmark::DoNotOptimize(digit);
    at = (at + 160) % audio.size();
  }
  report_channels(state);
}
BENCHMARK(BM_DtmfDetectorFrame);

void BM_CodecEncodeFrame(benchmark::State& state) {
  auto codec = std::move(make_codec(static_cast<int>(state.range(0)))).value();
  const std::size_t samples = static_cast<std::size_t>(codec->sample_rate()) / 50;
  const auto audio = test_audio(samples, codec->sample_rate());
  std::array<std::uint8_t, 320> payload{};
  for (auto _ : state) {
    benchmark::DoNotOptimize(codec->encode(audio, payload));
    benchmark::ClobberMemory();
  }
  state.SetLabel(std::string(codec->name()));
  report_channels(state);
}
BENCHMARK(BM_CodecEncodeFrame)->Arg(kPayloadTypePcmu)->Arg(kPayloadTypePcma)->Arg(kPayloadTypeG722);

void BM_CodecDecodeFrame(benchmark::State& state) {
  auto codec = std::move(make_codec(static_cast<int>(state.range(0)))).value();
  const std::size_t samples = static_cast<std::size_t>(codec->sample_rate()) / 50;
  const auto audio = test_audio(samples, codec->sample_rate());
  std::vector<std::uint8_t> payload(codec->payload_bytes(samples));
  codec->encode(audio, payload);
  std::vector<std::int16_t> pcm(samples);
  for (auto _ : state) {
    benchmark::DoNotOptimize(codec->decode(payload, pcm));
    benchmark::ClobberMemory();
  }
  state.SetLabel(std::string(codec->name()));
  report_channels(state);
}
BENCHMARK(BM_CodecDecodeFrame)->Arg(kPayloadTypePcmu)->Arg(kPayloadTypePcma)->Arg(kPayloadTypeG722);

// G.722 at 8 kHz: spandsp's narrowband mode (lower sub-band only, no filter); G.711 passes through.
void BM_NarrowbandDecodeFrame(benchmark::State& state) {
  const int payload_type = static_cast<int>(state.range(0));
  auto phone = std::move(make_codec(payload_type)).value();
  const std::size_t samples = static_cast<std::size_t>(phone->sample_rate()) / 50;
  std::vector<std::uint8_t> payload(phone->payload_bytes(samples));
  phone->encode(test_audio(samples, phone->sample_rate()), payload);
  auto codec = std::move(NarrowbandCodec::create(payload_type, NarrowbandCodec::Use::Decode)).value();
  std::array<std::int16_t, 160> pcm{};
  for (auto _ : state) {
    benchmark::DoNotOptimize(codec->decode(payload, pcm));
    benchmark::ClobberMemory();
  }
  state.SetLabel(std::string(codec->name()) + " to 8 kHz");
  report_channels(state);
}
BENCHMARK(BM_NarrowbandDecodeFrame)->Arg(kPayloadTypePcmu)->Arg(kPayloadTypeG722);

void BM_NarrowbandEncodeFrame(benchmark::State& state) {
  auto codec =
      std::move(NarrowbandCodec::create(static_cast<int>(state.range(0)), NarrowbandCodec::Use::Encode))
          .value();
  const auto audio = test_audio(160, 8000);
  std::array<std::uint8_t, 160> payload{};
  for (auto _ : state) {
    benchmark::DoNotOptimize(codec->encode(audio, payload));
    benchmark::ClobberMemory();
  }
  state.SetLabel(std::string(codec->name()) + " from 8 kHz");
  report_channels(state);
}
BENCHMARK(BM_NarrowbandEncodeFrame)->Arg(kPayloadTypePcmu)->Arg(kPayloadTypeG722);

void BM_Resample48kTo8kFrame(benchmark::State& state) {
  const auto quality = static_cast<ResamplerQuality>(state.range(0));
  auto resampler = std::move(Resampler::create(48000, 8000, quality)).value();
  const auto audio = test_audio(960, 48000);
  std::vector<std::int16_t> out(resampler.max_output_samples(audio.size()));
  for (auto _ : state) {
    benchmark::DoNotOptimize(resampler.process(audio, out));
    benchmark::ClobberMemory();
  }
  state.SetLabel(quality == ResamplerQuality::Fastest ? "sinc fastest" : "sinc medium");
  report_channels(state);
}
BENCHMARK(BM_Resample48kTo8kFrame)
    ->Arg(static_cast<int>(ResamplerQuality::Fastest))
    ->Arg(static_cast<int>(ResamplerQuality::Medium));

void BM_Rfc4733DecodePacket(benchmark::State& state) {
  // A repeating stream of 100 ms digits: updates, three end packets, next digit.
  Rfc4733Encoder encoder;
  encoder.start("0123456789*#ABCD", 100, 100);
  struct Wire {
    std::array<std::uint8_t, 4> payload;
    std::uint32_t timestamp;
    std::uint32_t arrival;
  };
  std::vector<Wire> wire;
  Rfc4733Packet p;
  while (encoder.next(p)) {
    Wire w{};
    write_telephone_event(p.event, w.payload);
    w.timestamp = p.timestamp_offset;
    w.arrival = p.send_offset;
    wire.push_back(w);
  }
  const std::uint32_t cycle = wire.back().arrival + 1600;
  Rfc4733Decoder decoder;
  std::size_t i = 0;
  std::uint32_t round = 0;
  std::uint16_t seq = 0;
  DtmfDigit digit;
  for (auto _ : state) {
    const Wire& w = wire[i];
    const std::uint32_t base = round * cycle;
    decoder.on_packet(w.payload, base + w.timestamp, seq++, base + w.arrival);
    while (decoder.poll(digit)) benchmark::DoNotOptimize(digit);
    if (++i == wire.size()) {
      i = 0;
      ++round;
    }
  }
}
BENCHMARK(BM_Rfc4733DecodePacket);

}  // namespace
}  // namespace hotline::media::dsp

BENCHMARK_MAIN();
