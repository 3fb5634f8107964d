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

// Tones across the telephone band, through our encoder and our decoder.
class NarrowbandG722Tone : public ::testing::TestWithParam<double> {};

TEST_P(NarrowbandG722Tone, KeepsFrequencyAndLevel) {
  constexpr int kRate = 8000;
  const double hz = GetParam();
  const auto original = testing::sine(hz, sine_amplitude_for_dbm0(-10.0), kRate, kRate);  // 1 s
  auto encoder = narrowband(kPayloadTypeG722, Use::Encode);
  auto decoder = narrowband(kPayloadTypeG722, Use::Decode);
  const auto decoded = round_trip(*encoder, *decoder, original, 160);
  ASSERT_EQ(decoded.size(), original.size());  // 50 frames in, 50 frames of 160 out: no drift

  const auto settled = std::span(decoded).subspan(400);  // past the ADPCM's adaptation (50 ms)
  const double purity = goertzel_power(settled, hz, kRate) / mean_square(settled);
  const double level_db = 20.0 * std::log10(rms(settled) / rms(original));
  EXPECT_GT(purity, 0.98);
  EXPECT_NEAR(level_db, 0.0, 1.5);
  std::cout << "G.722 at 8 kHz, " << hz << " Hz: level " << level_db << " dB, " << 100.0 * purity
            << " % at the tone\n";
}

INSTANTIATE_TEST_SUITE_P(TelephoneBand, NarrowbandG722Tone,
                         ::testing::Values(300.0, 1000.0, 2000.0, 3000.0, 3400.0));

// With no filter in the way, the decoded audio lines up with what was encoded, sample for sample.
TEST(NarrowbandCodecTest, G722AddsNoDelay) {
  constexpr int kRate = 8000;
  const auto sweep = testing::sweep(300.0, 3400.0, sine_amplitude_for_dbm0(-10.0), kRate, kRate);
  auto encoder = narrowband(kPayloadTypeG722, Use::Encode);
  auto decoder = narrowband(kPayloadTypeG722, Use::Decode);
  const auto decoded = round_trip(*encoder, *decoder, sweep, 160);
  std::size_t best_delay = 0;
  double best_snr_db = -1e9;
  for (std::size_t delay = 0; delay <= 40; ++delay) {
    double signal = 0.0, error = 0.0;
    for (std::size_t n = 400; n + delay < decoded.size(); ++n) {
      const double e = decoded[n + delay] - sweep[n];
      signal += static_cast<double>(sweep[n]) * sweep[n];
      error += e * e;
    }
    const double snr_db = 10.0 * std::log10(signal / std::max(error, 1.0));
    if (snr_db > best_snr_db) {
      best_snr_db = snr_db;
      best_delay = delay;
    }
  }
  EXPECT_EQ(best_delay, 0u);
  EXPECT_GT(best_snr_db, 20.0);
  std::cout << "G.722 at 8 kHz, encode and decode: delay " << best_delay << " samples, SNR " << best_snr_db
            << " dB\n";
}

TEST(NarrowbandCodecTest, G722FramesOfOtherSizesStayExact) {
  const auto tone = testing::sine(440.0, 8000.0, 4800, 8000);
  for (std::size_t frame : {80u, 240u, 480u}) {  // 10, 30 and 60 ms packets
    auto encoder = narrowband(kPayloadTypeG722);
    auto decoder = narrowband(kPayloadTypeG722);
    EXPECT_EQ(round_trip(*encoder, *decoder, tone, frame).size(), tone.size()) << frame;
  }
}

// Interop with the 16 kHz G.722 codec that wideband phones run, both ways: payloads must be
// ordinary G.722 whichever side made them.

// What a wideband phone plays (16 kHz) for the 8 kHz audio our encoder sends it.
std::vector<std::int16_t> phone_hears(const std::vector<std::int16_t>& sent8k) {
  auto encoder = narrowband(kPayloadTypeG722, Use::Encode);
  auto phone = std::move(make_codec(kPayloadTypeG722)).value();
  std::vector<std::int16_t> heard;
  std::array<std::uint8_t, 160> payload{};
  std::array<std::int16_t, 320> frame{};
  for (std::size_t at = 0; at + 160 <= sent8k.size(); at += 160) {
    EXPECT_EQ(encoder->encode(std::span(sent8k).subspan(at, 160), payload), 160u);
    EXPECT_EQ(phone->decode(payload, frame), 320u);
    heard.insert(heard.end(), frame.begin(), frame.end());
  }
  return heard;
}

// What our decoder makes (8 kHz) of the 16 kHz audio a wideband phone sends.
std::vector<std::int16_t> we_hear(const std::vector<std::int16_t>& sent16k) {
  auto phone = std::move(make_codec(kPayloadTypeG722)).value();
  auto decoder = narrowband(kPayloadTypeG722, Use::Decode);
  std::vector<std::int16_t> heard;
  std::array<std::uint8_t, 160> payload{};
  std::array<std::int16_t, 160> frame{};
  for (std::size_t at = 0; at + 320 <= sent16k.size(); at += 320) {
    EXPECT_EQ(phone->encode(std::span(sent16k).subspan(at, 320), payload), 160u);
    EXPECT_EQ(decoder->decode(payload, frame), 160u);
    heard.insert(heard.end(), frame.begin(), frame.end());
  }
  return heard;
}

// The level in dB, relative to a sine at -10 dBm0, of the component at `hz` past the first 50 ms.
double tone_db(const std::vector<std::int16_t>& heard, int rate, double hz) {
  const auto settled = std::span(heard).subspan(static_cast<std::size_t>(rate) / 20);
  const double sent = sine_amplitude_for_dbm0(-10.0);
  return 10.0 * std::log10(goertzel_power(settled, hz, rate) / (sent * sent / 2.0));
}

// A phone that sends wideband audio: the 8 kHz view keeps what is below 4 kHz at its level and
// drops what is above.
TEST(NarrowbandCodecTest, DecodesWidebandG722ToItsNarrowBand) {
  std::vector<std::int16_t> speech_band;
  testing::append_tones(speech_band, 16000, 16000, {{1000.0, -13.0}, {6000.0, -13.0}});
  const auto decoded = we_hear(speech_band);
  const auto settled = std::span(decoded).subspan(400);
  EXPECT_GT(goertzel_power(settled, 1000.0, 8000) / mean_square(settled), 0.98);
  EXPECT_NEAR(rms_to_dbm0(rms(settled)), -13.0, 1.5);
}

class G722Interop : public ::testing::TestWithParam<double> {};

TEST_P(G722Interop, AWidebandPhoneDecodesWhatWeEncode) {
  const double hz = GetParam();
  const auto heard = phone_hears(testing::sine(hz, sine_amplitude_for_dbm0(-10.0), 8000, 8000));  // 1 s
  ASSERT_EQ(heard.size(), 16000u);
  const auto settled = std::span(heard).subspan(800);
  EXPECT_GT(goertzel_power(settled, hz, 16000) / mean_square(settled), 0.98);  // nothing above 4 kHz
  EXPECT_NEAR(tone_db(heard, 16000, hz), 0.0, 1.5);
  std::cout << "8 kHz encoder -> 16 kHz decoder, " << hz << " Hz: " << tone_db(heard, 16000, hz) << " dB\n";
}

TEST_P(G722Interop, WeDecodeWhatAWidebandPhoneEncodes) {
  const double hz = GetParam();
  const auto heard = we_hear(testing::sine(hz, sine_amplitude_for_dbm0(-10.0), 16000, 16000));  // 1 s
  ASSERT_EQ(heard.size(), 8000u);
  const auto settled = std::span(heard).subspan(400);
  EXPECT_GT(goertzel_power(settled, hz, 8000) / mean_square(settled), 0.98);
  EXPECT_NEAR(tone_db(heard, 8000, hz), 0.0, 1.5);
  std::cout << "16 kHz encoder -> 8 kHz decoder, " << hz << " Hz: " << tone_db(heard, 8000, hz) << " dB\n";
}

INSTANTIATE_TEST_SUITE_P(TelephoneBand, G722Interop, ::testing::Values(300.0, 1000.0, 2000.0, 3000.0));

// The price of skipping the band-split filter: near 4 kHz the lower sub-band carries a mirror image
// that the upper band would have cancelled. A 3.4 kHz tone keeps its level but a wideband phone
// also plays it at 4.6 kHz about 11 dB lower, and a phone's 4.6 kHz comes out of our decoder at
// 3.4 kHz about 11 dB lower (20 dB at 3 kHz / 5 kHz, nothing measurable below 2 kHz / above 6 kHz).
TEST(NarrowbandCodecTest, G722MirrorsAcross4kHzAtTheBandEdge) {
  const auto heard_by_phone = phone_hears(testing::sine(3400.0, sine_amplitude_for_dbm0(-10.0), 8000, 8000));
  EXPECT_NEAR(tone_db(heard_by_phone, 16000, 3400.0), 0.0, 1.0);
  EXPECT_LT(tone_db(heard_by_phone, 16000, 4600.0), -9.0);
  const auto heard_by_us = we_hear(testing::sine(4600.0, sine_amplitude_for_dbm0(-10.0), 16000, 16000));
  EXPECT_LT(tone_db(heard_by_us, 8000, 3400.0), -9.0);
  std::cout << "3.4 kHz sent to a wideband phone: " << tone_db(heard_by_phone, 16000, 3400.0)
            << " dB, image at 4.6 kHz " << tone_db(heard_by_phone, 16000, 4600.0)
            << " dB; a phone's 4.6 kHz decoded here: " << tone_db(heard_by_us, 8000, 3400.0)
            << " dB at 3.4 kHz\n";
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
  // G.711 converts both ways whatever it was made for.
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
