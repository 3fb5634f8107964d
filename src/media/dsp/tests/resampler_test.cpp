#include "media/dsp/resampler.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "media/dsp/goertzel.hpp"
#include "test_signals.hpp"

namespace hotline::media::dsp {
namespace {

struct RatePair {
  int in;
  int out;
};

// Feeds one second of `input` at `in` Hz through in 20 ms frames, as a media worker does.
std::vector<std::int16_t> convert_in_frames(Resampler& resampler, const std::vector<std::int16_t>& input) {
  const std::size_t frame = static_cast<std::size_t>(resampler.input_rate()) / 50;
  std::vector<std::int16_t> out_frame(resampler.max_output_samples(frame));
  std::vector<std::int16_t> output;
  for (std::size_t at = 0; at + frame <= input.size(); at += frame) {
    const std::size_t n = resampler.process(std::span(input).subspan(at, frame), out_frame);
    output.insert(output.end(), out_frame.begin(), out_frame.begin() + static_cast<std::ptrdiff_t>(n));
  }
  return output;
}

class ResamplerRates : public ::testing::TestWithParam<RatePair> {};

TEST_P(ResamplerRates, KeepsFrequencyAndLevelOfA1kHzSine) {
  const auto [in_rate, out_rate] = GetParam();
  auto resampler = Resampler::create(in_rate, out_rate);
  ASSERT_TRUE(resampler.ok());
  const auto input = testing::sine(1000.0, 10000.0, static_cast<std::size_t>(in_rate), in_rate);
  const auto output = convert_in_frames(*resampler, input);

  // Every input sample is accounted for, less the filter's delay (a few ms).
  EXPECT_LE(output.size(), static_cast<std::size_t>(out_rate));
  EXPECT_GE(output.size(), static_cast<std::size_t>(out_rate) * 97 / 100);
  const auto settled = std::span(output).subspan(static_cast<std::size_t>(out_rate) / 20);  // skip 50 ms
  EXPECT_GT(goertzel_power(settled, 1000.0, out_rate) / mean_square(settled), 0.99);
  EXPECT_NEAR(20.0 * std::log10(rms(settled) / rms(input)), 0.0, 0.3);
}

INSTANTIATE_TEST_SUITE_P(CommonRates, ResamplerRates,
                         ::testing::Values(RatePair{48000, 8000}, RatePair{8000, 16000},
                                           RatePair{16000, 8000}, RatePair{44100, 8000},
                                           RatePair{8000, 48000}, RatePair{44100, 16000}),
                         [](const auto& info) {
                           return std::to_string(info.param.in) + "to" + std::to_string(info.param.out);
                         });

TEST(ResamplerTest, RemovesWhatTheLowerRateCannotCarry) {
  auto resampler = Resampler::create(48000, 8000);
  ASSERT_TRUE(resampler.ok());
  const auto input = testing::sine(6000.0, 10000.0, 48000, 48000);  // above 4 kHz Nyquist
  const auto output = convert_in_frames(*resampler, input);
  const auto settled = std::span(output).subspan(400);
  EXPECT_LT(20.0 * std::log10(std::max(rms(settled), 1e-3) / rms(input)), -30.0);
}

TEST(ResamplerTest, OutputCountDoesNotDrift) {
  auto resampler = Resampler::create(44100, 8000);
  ASSERT_TRUE(resampler.ok());
  std::vector<std::int16_t> in(882, 0);
  std::vector<std::int16_t> out(resampler->max_output_samples(in.size()));
  std::size_t total = 0;
  for (int i = 0; i < 1000; ++i) total += resampler->process(in, out);  // 20 s
  EXPECT_NEAR(static_cast<double>(total), 160000.0, 50.0);
}

TEST(ResamplerTest, InputLargerThanTheWorkBuffersIsConvertedInPieces) {
  auto resampler = Resampler::create(16000, 8000, ResamplerQuality::Medium, 100);
  ASSERT_TRUE(resampler.ok());
  const auto input = testing::sine(1000.0, 10000.0, 16000, 16000);
  std::vector<std::int16_t> out(resampler->max_output_samples(input.size()));
  const std::size_t n = resampler->process(input, out);
  EXPECT_GE(n, 7800u);
  EXPECT_LE(n, 8000u);
}

TEST(ResamplerTest, FinishDrainsTheFilterDelaySoAFileKeepsItsLength) {
  auto r = Resampler::create(48000, 8000, ResamplerQuality::Medium);
  ASSERT_TRUE(r.ok());
  std::vector<std::int16_t> in(48000, 1000);  // one second
  std::vector<std::int16_t> out(r->max_output_samples(in.size()) + 1000);
  std::size_t n = r->process(in, out);
  EXPECT_LT(n, 8000u - 10);  // the sinc filter still holds its delay
  n += r->finish(std::span(out).subspan(n));
  EXPECT_NEAR(static_cast<double>(n), 8000.0, 2.0);
}

TEST(ResamplerTest, RejectsRatesOutOfRange) {
  EXPECT_EQ(Resampler::create(0, 8000).error().field, "input_rate");
  EXPECT_EQ(Resampler::create(8000, 500000).error().field, "output_rate");
}

}  // namespace
}  // namespace hotline::media::dsp
