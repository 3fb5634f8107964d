#include "media/dsp/narrowband_codec.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <iostream>
#include <random>
#include <vector>

#include "media/dsp/goertzel.hpp"
#include "test_signals.hpp"

namespace hotline::media::dsp {
namespace {

using Use = NarrowbandCodec::Use;

std::unique_ptr<NarrowbandCodec> narrowband(int payload_type, Use use = Use::DecodeAndEncode) {
  auto made = NarrowbandCodec::create(payload_type, use);
  EXPECT_TRUE(made.ok()) << made.error().message;
  return std::move(made).value();
}

// Encodes `pcm8k` in frames of `frame` samples and decodes every payload again, as a phone and the
// server would; each payload and each decoded frame must be exactly one frame long.
std::vector<std::int16_t> round_trip(NarrowbandCodec& encoder, NarrowbandCodec& decoder,
                                     const std::vector<std::int16_t>& pcm8k, std::size_t frame) {
  std::vector<std::int16_t> decoded;
  std::vector<std::uint8_t> payload(frame);
  std::vector<std::int16_t> out(frame);
  for (std::size_t at = 0; at + frame <= pcm8k.size(); at += frame) {
    const std::size_t bytes = encoder.encode(std::span(pcm8k).subspan(at, frame), payload);
    EXPECT_EQ(bytes, frame) << "at sample " << at;
    EXPECT_EQ(decoder.decode(std::span(payload).first(bytes), out), frame) << "at sample " << at;
    decoded.insert(decoded.end(), out.begin(), out.end());
  }
  return decoded;
}

TEST(NarrowbandCodecTest, MadeForTheStaticPayloadTypesOnly) {
  for (auto [pt, name] : {std::pair{0, "PCMU"}, std::pair{8, "PCMA"}, std::pair{9, "G722"}}) {
    auto codec = narrowband(pt);
    EXPECT_EQ(codec->payload_type(), pt);
    EXPECT_EQ(codec->name(), name);
    EXPECT_TRUE(NarrowbandCodec::supports(pt));
  }
  for (int pt : {13, 18, 101}) {
    EXPECT_FALSE(NarrowbandCodec::supports(pt)) << pt;
    EXPECT_EQ(NarrowbandCodec::create(pt).error().code, ErrorCode::NotFound) << pt;
  }
}

TEST(NarrowbandCodecTest, G711PassesThroughUnchanged) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> byte(0, 255);
  std::array<std::uint8_t, 160> payload{};
  for (auto& b : payload) b = static_cast<std::uint8_t>(byte(rng));
  const auto pcm = testing::sine(1000.0, 8000.0, 160, 8000);
  for (int pt : {0, 8}) {
    auto plain = std::move(make_codec(pt)).value();
    auto narrow = narrowband(pt);
    std::array<std::int16_t, 160> expected{}, got{};
    ASSERT_EQ(plain->decode(payload, expected), 160u);
    ASSERT_EQ(narrow->decode(payload, got), 160u);
    EXPECT_EQ(got, expected) << plain->name();
    std::array<std::uint8_t, 160> expected_bytes{}, got_bytes{};
    ASSERT_EQ(plain->encode(pcm, expected_bytes), 160u);
    ASSERT_EQ(narrow->encode(pcm, got_bytes), 160u);
    EXPECT_EQ(got_bytes, expected_bytes) << plain->name();
  }
}

TEST(NarrowbandCodecTest, G722KeepsFrequencyAndLevelOfA1kHzTone) {
  constexpr int kRate = 8000;
  const auto original = testing::sine(1000.0, sine_amplitude_for_dbm0(-10.0), kRate, kRate);  // 1 s
  auto encoder = narrowband(kPayloadTypeG722, Use::Encode);
  auto decoder = narrowband(kPayloadTypeG722, Use::Decode);
  const auto decoded = round_trip(*encoder, *decoder, original, 160);
  ASSERT_EQ(decoded.size(), original.size());  // 50 frames in, 50 frames of 160 out: no drift

  const auto settled = std::span(decoded).subspan(400);  // past the filters' start (50 ms)
  EXPECT_GT(goertzel_power(settled, 1000.0, kRate) / mean_square(settled), 0.98);
  const double level_db = 20.0 * std::log10(rms(settled) / rms(original));
  EXPECT_NEAR(level_db, 0.0, 1.5);
  std::cout << "G.722 at 8 kHz: level " << level_db << " dB\n";
}

TEST(NarrowbandCodecTest, G722DelayIsAFewMillisecondsOfLeadingSilence) {
  std::vector<std::int16_t> click(800, 0);
  click[160] = 16000;  // an impulse 20 ms in
  auto encoder = narrowband(kPayloadTypeG722, Use::Encode);
  auto decoder = narrowband(kPayloadTypeG722, Use::Decode);
  const auto decoded = round_trip(*encoder, *decoder, click, 160);
  std::size_t peak = 0;
  for (std::size_t n = 0; n < decoded.size(); ++n) {
    if (std::abs(decoded[n]) > std::abs(decoded[peak])) peak = n;
  }
  EXPECT_GE(peak, 160u);
  EXPECT_LE(peak, 160u + 80u) << "more than 10 ms through two resamplers and the codec";
  std::cout << "G.722 at 8 kHz, encode and decode: " << (peak - 160) / 8.0 << " ms delay\n";
}

TEST(NarrowbandCodecTest, G722FramesOfOtherSizesStayExact) {
  const auto tone = testing::sine(440.0, 8000.0, 4800, 8000);
  for (std::size_t frame : {80u, 240u, 480u}) {  // 10, 30 and 60 ms packets
    auto encoder = narrowband(kPayloadTypeG722);
    auto decoder = narrowband(kPayloadTypeG722);
    EXPECT_EQ(round_trip(*encoder, *decoder, tone, frame).size(), tone.size()) << frame;
  }
}

// A phone that sends wideband audio: the 8 kHz view keeps what is below 4 kHz at its level and
// drops what is above.
TEST(NarrowbandCodecTest, DecodesWidebandG722ToItsNarrowBand) {
  constexpr int kWide = 16000;
  std::vector<std::int16_t> speech_band;
  testing::append_tones(speech_band, kWide, kWide, {{1000.0, -13.0}, {6000.0, -13.0}});
  auto phone = std::move(make_codec(kPayloadTypeG722)).value();
  auto decoder = narrowband(kPayloadTypeG722, Use::Decode);
  std::vector<std::int16_t> decoded;
  std::array<std::uint8_t, 160> payload{};
  std::array<std::int16_t, 160> frame{};
  for (std::size_t at = 0; at + 320 <= speech_band.size(); at += 320) {
    ASSERT_EQ(phone->encode(std::span(speech_band).subspan(at, 320), payload), 160u);
    ASSERT_EQ(decoder->decode(payload, frame), 160u);
    decoded.insert(decoded.end(), frame.begin(), frame.end());
  }
  const auto settled = std::span(decoded).subspan(400);
  EXPECT_GT(goertzel_power(settled, 1000.0, 8000) / mean_square(settled), 0.98);
  EXPECT_NEAR(rms_to_dbm0(rms(settled)), -13.0, 1.5);
}

TEST(NarrowbandCodecTest, ConvertsOnlyWhatFits) {
  const auto tone = testing::sine(1000.0, 8000.0, 160, 8000);
  auto g722 = narrowband(kPayloadTypeG722);
  std::array<std::uint8_t, 100> small{};
  EXPECT_EQ(g722->encode(tone, small), 100u);
  std::array<std::uint8_t, 160> payload{};
  std::array<std::int16_t, 100> short_out{};
  EXPECT_EQ(g722->decode(payload, short_out), 100u);

  std::vector<std::int16_t> long_frame(NarrowbandCodec::kMaxSamples + 400, 0);
  std::vector<std::uint8_t> big(long_frame.size());
  EXPECT_EQ(g722->encode(long_frame, big), NarrowbandCodec::kMaxSamples);
}

TEST(NarrowbandCodecTest, G722MadeForOneWayDoesNotConvertTheOther) {
  const auto tone = testing::sine(1000.0, 8000.0, 160, 8000);
  std::array<std::uint8_t, 160> payload{};
  std::array<std::int16_t, 160> pcm{};
  EXPECT_EQ(narrowband(kPayloadTypeG722, Use::Decode)->encode(tone, payload), 0u);
  EXPECT_EQ(narrowband(kPayloadTypeG722, Use::Encode)->decode(payload, pcm), 0u);
  // G.711 needs no resampler, so it converts both ways whatever it was made for.
  EXPECT_EQ(narrowband(kPayloadTypePcma, Use::Decode)->encode(tone, payload), 160u);
  EXPECT_EQ(narrowband(kPayloadTypePcmu, Use::Encode)->decode(payload, pcm), 160u);
}

TEST(NarrowbandCodecTest, ResetStartsANewStream) {
  const auto tone = testing::sine(700.0, 8000.0, 480, 8000);
  auto used = narrowband(kPayloadTypeG722);
  std::array<std::uint8_t, 160> first{}, again{};
  std::array<std::int16_t, 160> pcm{};
  for (std::size_t at = 0; at < tone.size(); at += 160) {
    used->encode(std::span(tone).subspan(at, 160), first);
    used->decode(first, pcm);
  }
  used->reset();
  auto fresh = narrowband(kPayloadTypeG722);
  ASSERT_EQ(fresh->encode(std::span(tone).first(160), first), 160u);
  ASSERT_EQ(used->encode(std::span(tone).first(160), again), 160u);
  EXPECT_EQ(again, first);
}

}  // namespace
}  // namespace hotline::media::dsp
