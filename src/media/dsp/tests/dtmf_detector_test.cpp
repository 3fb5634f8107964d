#include "media/dsp/dtmf_detector.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "media/dsp/dtmf_generator.hpp"
#include "test_signals.hpp"

namespace hotline::media::dsp {
namespace {

constexpr int kDetectorRate = 8000;
constexpr std::size_t kDetectorFrame = 160;
constexpr const char* kAllDigits = "0123456789*#ABCD";

std::unique_ptr<DtmfDetector> detector() {
  auto made = DtmfDetector::create();
  EXPECT_TRUE(made.ok());
  return std::move(made).value();
}

// Runs `signal` through a fresh detector in 20 ms frames (plus 200 ms of silence to let the last
// tone end) and returns what it reported.
std::vector<DetectedDtmf> detect(std::vector<std::int16_t> signal) {
  testing::append_silence(signal, 1600);
  signal.resize((signal.size() + kDetectorFrame - 1) / kDetectorFrame * kDetectorFrame, 0);
  auto d = detector();
  std::vector<DetectedDtmf> found;
  for (std::size_t at = 0; at < signal.size(); at += kDetectorFrame) {
    d->process(std::span(signal).subspan(at, kDetectorFrame));
    DetectedDtmf one;
    while (d->poll(one)) found.push_back(one);
  }
  return found;
}

std::string digits_of(const std::vector<DetectedDtmf>& found) {
  std::string s;
  for (const auto& f : found) s += f.digit.digit;
  return s;
}

std::vector<std::int16_t> generated(const std::string& digits, int tone_ms, int gap_ms) {
  auto gen = DtmfGenerator::create({.level_dbm0 = -10, .twist_db = 0, .tone_ms = tone_ms, .gap_ms = gap_ms});
  EXPECT_TRUE(gen.ok());
  EXPECT_TRUE(gen->queue(digits));
  std::vector<std::int16_t> signal;
  std::array<std::int16_t, kDetectorFrame> frame{};
  while (!gen->idle()) {
    gen->generate(frame);
    signal.insert(signal.end(), frame.begin(), frame.end());
  }
  return signal;
}

// The DTMF frequency pair of a digit.
std::pair<double, double> dtmf_pair(char digit) {
  static const std::string kKeys = "123A456B789C*0#D";
  static const double kLow[] = {697, 770, 852, 941};
  static const double kHigh[] = {1209, 1336, 1477, 1633};
  const auto at = kKeys.find(digit);
  return {kLow[at / 4], kHigh[at % 4]};
}

// Each digit as a 100 ms dual tone at the given per-tone levels, then 100 ms of silence.
std::vector<std::int16_t> synthesised(const std::string& digits, double low_dbm0, double high_dbm0) {
  std::vector<std::int16_t> signal;
  for (char digit : digits) {
    const auto [low, high] = dtmf_pair(digit);
    testing::append_tones(signal, 800, kDetectorRate, {{low, low_dbm0}, {high, high_dbm0}});
    testing::append_silence(signal, 800);
  }
  return signal;
}

TEST(DtmfDetectorTest, DetectsAllSixteenDigitsOnceEachWithStartAndDuration) {
  const auto found = detect(generated(kAllDigits, 100, 100));
  ASSERT_EQ(digits_of(found), kAllDigits);
  for (std::size_t i = 0; i < found.size(); ++i) {
    EXPECT_EQ(found[i].digit.source, DtmfDigit::Source::Inband);
    EXPECT_NEAR(static_cast<double>(found[i].start_sample), i * 1600.0, 110.0) << i;  // within a block
    EXPECT_NEAR(found[i].digit.duration_ms, 100.0, 15.0) << i;
  }
}

TEST(DtmfDetectorTest, DetectsDigitsInWhiteNoiseAt20dBSnr) {
  auto signal = synthesised(kAllDigits, -10.0, -10.0);
  // Two tones at -10 dBm0 each: the noise sits 20 dB below their sum.
  const double tone_rms = sine_amplitude_for_dbm0(-10.0);  // sqrt(2 * A²/2)
  std::mt19937 rng(4733);
  testing::add_noise(signal, tone_rms / 10.0, rng);
  EXPECT_EQ(digits_of(detect(signal)), kAllDigits);
}

TEST(DtmfDetectorTest, DetectsDigitsWithHighGroup4dBWeaker) {
  EXPECT_EQ(digits_of(detect(synthesised(kAllDigits, -8.0, -12.0))), kAllDigits);
}

TEST(DtmfDetectorTest, DetectsDigitsWithLowGroup4dBWeaker) {
  EXPECT_EQ(digits_of(detect(synthesised(kAllDigits, -12.0, -8.0))), kAllDigits);
}

TEST(DtmfDetectorTest, Detects40msTonesWith40msGaps) {
  EXPECT_EQ(digits_of(detect(generated(kAllDigits, 40, 40))), kAllDigits);
  EXPECT_EQ(digits_of(detect(generated("1111", 40, 40))), "1111");
}

TEST(DtmfDetectorTest, ASweepIsNotADigit) {
  EXPECT_TRUE(detect(testing::sweep(300.0, 3400.0, 8000.0, 3 * kDetectorRate, kDetectorRate)).empty());
}

TEST(DtmfDetectorTest, ASingle697HzToneIsNotADigit) {
  std::vector<std::int16_t> signal;
  testing::append_tones(signal, 2 * kDetectorRate, kDetectorRate, {{697.0, -10.0}});
  EXPECT_TRUE(detect(signal).empty());
}

TEST(DtmfDetectorTest, AVowelLikeHarmonicSignalIsNotADigit) {
  // Harmonics of a gliding 110-160 Hz voice with falling amplitude, like a sustained vowel.
  std::vector<std::int16_t> signal(2 * kDetectorRate);
  double phase = 0.0;
  for (std::size_t n = 0; n < signal.size(); ++n) {
    const double f0 = 110.0 + 50.0 * std::sin(2.0 * std::numbers::pi * 0.7 * n / kDetectorRate);
    phase += 2.0 * std::numbers::pi * f0 / kDetectorRate;
    double v = 0.0;
    for (int h = 1; h * 160 < 3400; ++h) v += 3000.0 / h * std::sin(h * phase);
    signal[n] = testing::clip(v);
  }
  EXPECT_TRUE(detect(signal).empty());
}

TEST(DtmfDetectorTest, ActiveDigitIsVisibleWhileTheToneLasts) {
  auto d = detector();
  const auto signal = generated("5", 200, 0);
  d->process(std::span(signal).first(1200));  // 150 ms in
  EXPECT_EQ(d->active_digit(), '5');
  DetectedDtmf none;
  EXPECT_FALSE(d->poll(none));
}

TEST(DtmfDetectorTest, RejectsBadOptions) {
  EXPECT_EQ(DtmfDetector::create({.normal_twist_db = 30}).error().field, "normal_twist_db");
  EXPECT_EQ(DtmfDetector::create({.threshold_dbm0 = 5}).error().field, "threshold_dbm0");
}

TEST(DtmfGeneratorTest, ProducesTonesAtTheRequestedLevelThenSilence) {
  auto gen = DtmfGenerator::create({.level_dbm0 = -10, .twist_db = 0, .tone_ms = 100, .gap_ms = 100});
  ASSERT_TRUE(gen.ok());
  EXPECT_TRUE(gen->idle());
  ASSERT_TRUE(gen->queue("1"));
  EXPECT_FALSE(gen->idle());
  std::vector<std::int16_t> tone(800);
  EXPECT_EQ(gen->generate(tone), 800u);
  EXPECT_GT(goertzel_power(tone, 697.0, kDetectorRate), 0.4 * mean_square(tone));
  EXPECT_GT(goertzel_power(tone, 1209.0, kDetectorRate), 0.4 * mean_square(tone));
  EXPECT_NEAR(rms_to_dbm0(std::sqrt(goertzel_power(tone, 697.0, kDetectorRate))), -10.0, 1.0);
  std::vector<std::int16_t> rest(1600);
  EXPECT_EQ(gen->generate(rest), 800u);  // the gap, then nothing
  EXPECT_TRUE(gen->idle());
  EXPECT_EQ(rms(rest), 0.0);
}

TEST(DtmfGeneratorTest, RejectsWhatIsNotADigit) {
  auto gen = DtmfGenerator::create();
  ASSERT_TRUE(gen.ok());
  EXPECT_FALSE(gen->queue("12x"));
  EXPECT_TRUE(gen->idle());
  EXPECT_TRUE(gen->queue("abcd"));
  EXPECT_EQ(DtmfGenerator::create({.tone_ms = 5}).error().field, "tone_ms");
}

}  // namespace
}  // namespace hotline::media::dsp
