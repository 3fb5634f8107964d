#include "media/dsp/goertzel.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "test_signals.hpp"

namespace hotline::media::dsp {
namespace {

TEST(GoertzelTest, PowerOfASineIsItsMeanSquare) {
  const auto tone = testing::sine(1000.0, 10000.0, 8000, 8000);
  EXPECT_NEAR(goertzel_power(tone, 1000.0, 8000), 10000.0 * 10000.0 / 2, 1e5);
  EXPECT_NEAR(mean_square(tone), 10000.0 * 10000.0 / 2, 1e5);
  EXPECT_NEAR(rms(tone), 10000.0 / std::sqrt(2.0), 1.0);
}

TEST(GoertzelTest, OffFrequencyPowerIsSmall) {
  const auto tone = testing::sine(697.0, 10000.0, 1600, 8000);
  const double on = goertzel_power(tone, 697.0, 8000);
  EXPECT_LT(goertzel_power(tone, 770.0, 8000), on * 1e-3);
  EXPECT_LT(goertzel_power(tone, 1209.0, 8000), on * 1e-3);
}

TEST(GoertzelTest, WorksOffBinAndAtOtherRates) {
  const auto tone = testing::sine(440.0, 5000.0, 4410, 44100);
  EXPECT_NEAR(goertzel_power(tone, 440.0, 44100) / mean_square(tone), 1.0, 0.01);
}

TEST(GoertzelTest, EmptyBlockAndSilence) {
  EXPECT_EQ(goertzel_power({}, 1000.0, 8000), 0.0);
  EXPECT_EQ(rms({}), 0.0);
  std::vector<std::int16_t> silence(160, 0);
  EXPECT_EQ(energy(silence), 0.0);
  EXPECT_TRUE(std::isinf(rms_to_dbm0(0.0)));
}

TEST(GoertzelTest, Dbm0ConventionMatchesG711FullScale) {
  EXPECT_NEAR(sine_amplitude_for_dbm0(3.14), 32767.0, 0.5);
  const auto tone = testing::sine(1000.0, sine_amplitude_for_dbm0(-13.0), 8000, 8000);
  EXPECT_NEAR(rms_to_dbm0(rms(tone)), -13.0, 0.05);
}

}  // namespace
}  // namespace hotline::media::dsp
