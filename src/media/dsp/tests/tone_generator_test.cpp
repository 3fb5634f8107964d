#include "media/dsp/tone_generator.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "media/dsp/goertzel.hpp"

namespace hotline::media::dsp {
namespace {

constexpr int kRate = 8000;
constexpr std::size_t kFrame = 160;
constexpr std::size_t kBlock = 80;  // 10 ms analysis blocks

ToneGenerator generator(const ToneSpec& spec, double level_dbm0 = -13.0) {
  auto made = ToneGenerator::create(spec, kRate, level_dbm0);
  EXPECT_TRUE(made.ok());
  return std::move(made).value();
}

std::vector<std::int16_t> generate_frames(ToneGenerator& gen, std::size_t samples) {
  std::vector<std::int16_t> out(samples);
  for (std::size_t at = 0; at < samples; at += kFrame) gen.generate(std::span(out).subspan(at, kFrame));
  return out;
}

// Lengths in ms of the alternating on/off runs of 10 ms blocks, starting with an on run.
std::vector<int> cadence_runs(const std::vector<std::int16_t>& signal, double on_mean_square) {
  std::vector<int> runs;
  bool on = true;
  int length = 0;
  for (std::size_t at = 0; at + kBlock <= signal.size(); at += kBlock) {
    const bool block_on = mean_square(std::span(signal).subspan(at, kBlock)) > on_mean_square / 4;
    if (block_on != on) {
      runs.push_back(length);
      on = block_on;
      length = 0;
    }
    length += 10;
  }
  runs.push_back(length);
  return runs;
}

struct Case {
  ToneRegion region;
  ToneKind kind;
  std::vector<double> frequencies;
  int on_ms;  // 0: continuous
  int off_ms;
};

class CallProgressTones : public ::testing::TestWithParam<Case> {};

TEST_P(CallProgressTones, FrequenciesAndCadenceOverTenSeconds) {
  const Case& c = GetParam();
  const ToneSpec& spec = call_progress_tone(c.region, c.kind);
  auto gen = generator(spec);
  const auto signal = generate_frames(gen, 10 * kRate);

  // Frequencies, measured over the first 100 ms of sound (after the 2 ms ramp).
  const auto burst = std::span(signal).subspan(40, 800);
  const double component = std::pow(sine_amplitude_for_dbm0(-13.0), 2) / 2;
  double share = 0.0;
  for (double f : c.frequencies) {
    const double power = goertzel_power(burst, f, kRate);
    EXPECT_NEAR(power / component, 1.0, 0.05) << spec.name << " at " << f << " Hz";
    share += power;
  }
  EXPECT_GT(share / mean_square(burst), 0.97) << spec.name;

  const auto runs = cadence_runs(signal, component * static_cast<double>(c.frequencies.size()));
  if (c.on_ms == 0) {
    EXPECT_EQ(runs, std::vector<int>{10000}) << spec.name;
    return;
  }
  // Every whole run matches the cadence to within a block; the last run is cut by the 10 s end.
  ASSERT_GE(runs.size(), 3u) << spec.name;
  for (std::size_t i = 0; i + 1 < runs.size(); ++i) {
    EXPECT_NEAR(runs[i], i % 2 == 0 ? c.on_ms : c.off_ms, 10) << spec.name << " run " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Regions, CallProgressTones,
    ::testing::Values(Case{ToneRegion::China, ToneKind::Dial, {450}, 0, 0},
                      Case{ToneRegion::China, ToneKind::Ringback, {450}, 1000, 4000},
                      Case{ToneRegion::China, ToneKind::Busy, {450}, 350, 350},
                      Case{ToneRegion::China, ToneKind::Congestion, {450}, 700, 700},
                      Case{ToneRegion::Europe, ToneKind::Dial, {425}, 0, 0},
                      Case{ToneRegion::Europe, ToneKind::Ringback, {425}, 1000, 4000},
                      Case{ToneRegion::Europe, ToneKind::Busy, {425}, 500, 500},
                      Case{ToneRegion::Europe, ToneKind::Congestion, {425}, 250, 250},
                      Case{ToneRegion::NorthAmerica, ToneKind::Dial, {350, 440}, 0, 0},
                      Case{ToneRegion::NorthAmerica, ToneKind::Ringback, {440, 480}, 2000, 4000},
                      Case{ToneRegion::NorthAmerica, ToneKind::Busy, {480, 620}, 500, 500},
                      Case{ToneRegion::NorthAmerica, ToneKind::Congestion, {480, 620}, 250, 250}),
    [](const auto& info) {
      std::string name(call_progress_tone(info.param.region, info.param.kind).name);
      std::erase(name, '-');
      return name;
    });

TEST(ToneGeneratorTest, BeepIs200msOf1kHzThenSilence) {
  auto gen = generator(call_progress_tone(ToneRegion::China, ToneKind::Beep));
  const auto signal = generate_frames(gen, kRate);
  EXPECT_TRUE(gen.finished());
  const auto beep = std::span(signal).first(1600);
  EXPECT_GT(goertzel_power(beep, 1000.0, kRate) / mean_square(beep), 0.97);
  EXPECT_EQ(cadence_runs(signal, mean_square(beep)), (std::vector<int>{200, 800}));
  gen.restart();
  EXPECT_FALSE(gen.finished());
}

TEST(ToneGeneratorTest, PhaseRunsOnAcrossFrames) {
  auto framed = generator(call_progress_tone(ToneRegion::China, ToneKind::Dial));
  auto whole = generator(call_progress_tone(ToneRegion::China, ToneKind::Dial));
  const auto a = generate_frames(framed, 4000);
  std::vector<std::int16_t> b(4000);
  whole.generate(b);
  for (std::size_t i = 0; i < a.size(); ++i) ASSERT_NEAR(a[i], b[i], 1) << i;
  // No step at frame boundaries beyond what the sine itself does in one sample.
  const double max_step = sine_amplitude_for_dbm0(-13.0) * 2 * std::numbers::pi * 450 / kRate * 1.01;
  for (std::size_t i = 1; i < a.size(); ++i) ASSERT_LE(std::abs(a[i] - a[i - 1]), max_step) << i;
}

TEST(ToneGeneratorTest, LevelIsTheRequestedDbm0) {
  auto gen = generator(call_progress_tone(ToneRegion::Europe, ToneKind::Dial), -20.0);
  const auto signal = generate_frames(gen, kRate);
  EXPECT_NEAR(rms_to_dbm0(rms(std::span(signal).subspan(160))), -20.0, 0.1);
}

TEST(ToneGeneratorTest, WorksAt16kHz) {
  auto gen = ToneGenerator::create(call_progress_tone(ToneRegion::NorthAmerica, ToneKind::Busy), 16000);
  ASSERT_TRUE(gen.ok());
  std::vector<std::int16_t> frame(320 * 10);
  gen->generate(frame);
  EXPECT_GT((goertzel_power(frame, 480, 16000) + goertzel_power(frame, 620, 16000)) / mean_square(frame),
            0.97);
}

TEST(ToneGeneratorTest, RejectsFrequenciesAboveNyquistAndEmptySpecs) {
  const ToneSpec high{"too-high", {5000, 0}, {}, true};
  EXPECT_EQ(ToneGenerator::create(high, 8000).error().field, "frequencies_hz");
  EXPECT_EQ(ToneGenerator::create(ToneSpec{"none", {}, {}, true}).error().field, "frequencies_hz");
  EXPECT_EQ(ToneGenerator::create(high, 16000, 6.0).error().field, "level_dbm0");
}

}  // namespace
}  // namespace hotline::media::dsp
