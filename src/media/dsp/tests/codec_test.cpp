#include "media/dsp/codec.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <vector>

#include "media/dsp/goertzel.hpp"
#include "test_signals.hpp"

namespace hotline::media::dsp {
namespace {

std::unique_ptr<AudioCodec> codec(int payload_type) {
  auto made = make_codec(payload_type);
  EXPECT_TRUE(made.ok());
  return std::move(made).value();
}

TEST(CodecTest, MadeByPayloadTypeAndName) {
  for (auto [pt, name] : {std::pair{0, "PCMU"}, std::pair{8, "PCMA"}, std::pair{9, "G722"}}) {
    auto by_pt = codec(pt);
    EXPECT_EQ(by_pt->name(), name);
    auto by_name = make_codec(std::string_view(name));
    ASSERT_TRUE(by_name.ok());
    EXPECT_EQ((*by_name)->payload_type(), pt);
  }
  EXPECT_TRUE(make_codec("g722").ok());
  EXPECT_EQ(make_codec(18).error().code, ErrorCode::NotFound);
  EXPECT_EQ(make_codec("opus").error().code, ErrorCode::NotFound);
}

TEST(CodecTest, G722ClockIs8000ButAudioIs16k) {
  auto g722 = codec(9);
  EXPECT_EQ(g722->clock_rate(), 8000);
  EXPECT_EQ(g722->sample_rate(), 16000);
  EXPECT_EQ(g722->payload_bytes(320), 160u);
  auto pcmu = codec(0);
  EXPECT_EQ(pcmu->clock_rate(), 8000);
  EXPECT_EQ(pcmu->sample_rate(), 8000);
  EXPECT_EQ(pcmu->payload_bytes(160), 160u);
}

TEST(CodecTest, G722At8kHzIsStillG722WithOneSamplePerByte) {
  auto g722 = make_g722_codec_8khz();
  EXPECT_EQ(g722->name(), "G722");
  EXPECT_EQ(g722->payload_type(), 9);
  EXPECT_EQ(g722->clock_rate(), 8000);
  EXPECT_EQ(g722->sample_rate(), 8000);
  EXPECT_EQ(g722->payload_bytes(160), 160u);
  std::array<std::uint8_t, 160> payload{};
  std::array<std::int16_t, 160> pcm{};
  EXPECT_EQ(g722->encode(pcm, payload), 160u);
  EXPECT_EQ(g722->decode(payload, pcm), 160u);
}

TEST(CodecTest, KnownG711Vectors) {
  const std::array<std::int16_t, 1> zero{0};
  std::array<std::uint8_t, 1> byte{};
  ASSERT_EQ(codec(0)->encode(zero, byte), 1u);
  EXPECT_EQ(byte[0], 0xFF);
  ASSERT_EQ(codec(8)->encode(zero, byte), 1u);
  EXPECT_EQ(byte[0], 0xD5);

  std::array<std::int16_t, 1> pcm{};
  const std::array<std::uint8_t, 1> ulaw_zero{0xFF};
  codec(0)->decode(ulaw_zero, pcm);
  EXPECT_EQ(pcm[0], 0);
  const std::array<std::uint8_t, 1> ulaw_max{0x80};  // largest positive µ-law code
  codec(0)->decode(ulaw_max, pcm);
  EXPECT_EQ(pcm[0], 32124);
  const std::array<std::uint8_t, 1> alaw_max{0xAA};  // largest positive A-law code
  codec(8)->decode(alaw_max, pcm);
  EXPECT_EQ(pcm[0], 32256);
}

// Companding keeps a roughly constant relative error: half a quantisation step, which is at
// most 1/32 of the value in the upper segments, plus a small absolute error near zero.
void expect_round_trip_bounded(AudioCodec& c) {
  std::vector<std::int16_t> all;
  for (int x = -32768; x <= 32767; ++x) all.push_back(static_cast<std::int16_t>(x));
  std::vector<std::uint8_t> payload(all.size());
  std::vector<std::int16_t> back(all.size());
  ASSERT_EQ(c.encode(all, payload), all.size());
  ASSERT_EQ(c.decode(payload, back), all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    const int x = all[i];
    const int bound = std::abs(x) / 30 + 16;
    ASSERT_LE(std::abs(back[i] - x), bound) << c.name() << " x=" << x << " decoded " << back[i];
  }
}

TEST(CodecTest, MuLawRoundTripErrorIsBoundedOverTheWholeRange) { expect_round_trip_bounded(*codec(0)); }
TEST(CodecTest, ALawRoundTripErrorIsBoundedOverTheWholeRange) { expect_round_trip_bounded(*codec(8)); }

TEST(CodecTest, G711DecodedValuesEncodeBackToThemselves) {
  for (int pt : {0, 8}) {
    auto c = codec(pt);
    std::array<std::uint8_t, 256> codes{};
    for (int i = 0; i < 256; ++i) codes[i] = static_cast<std::uint8_t>(i);
    std::array<std::int16_t, 256> pcm{};
    std::array<std::uint8_t, 256> again{};
    std::array<std::int16_t, 256> pcm_again{};
    c->decode(codes, pcm);
    c->encode(pcm, again);
    c->decode(again, pcm_again);
    EXPECT_EQ(pcm, pcm_again) << c->name();
  }
}

TEST(CodecTest, EncodesOnlyWhatFits) {
  auto pcmu = codec(0);
  std::vector<std::int16_t> frame(160, 1000);
  std::array<std::uint8_t, 100> small{};
  EXPECT_EQ(pcmu->encode(frame, small), 100u);
  auto g722 = codec(9);
  EXPECT_EQ(g722->encode(std::vector<std::int16_t>(320, 0), small), 100u);  // 200 samples
}

// Aligns `decoded` to `original` by the codec delay (searched up to `max_delay`) and returns the
// signal-to-error ratio in dB.
double aligned_snr_db(const std::vector<std::int16_t>& original, const std::vector<std::int16_t>& decoded,
                      std::size_t skip, std::size_t max_delay, std::size_t* delay_out) {
  double best = -1e9;
  for (std::size_t delay = 0; delay <= max_delay; ++delay) {
    double signal = 0.0, error = 0.0;
    for (std::size_t n = skip; n + delay < decoded.size(); ++n) {
      const double e = decoded[n + delay] - original[n];
      signal += static_cast<double>(original[n]) * original[n];
      error += e * e;
    }
    const double snr = 10.0 * std::log10(signal / std::max(error, 1.0));
    if (snr > best) {
      best = snr;
      *delay_out = delay;
    }
  }
  return best;
}

TEST(CodecTest, G722KeepsA1kHzSineAbove20dBSnr) {
  constexpr int kRate = 16000;
  const auto original = testing::sine(1000.0, sine_amplitude_for_dbm0(-10.0), kRate, kRate);  // 1 s
  auto g722 = codec(9);
  std::vector<std::int16_t> decoded;
  std::array<std::uint8_t, 160> payload{};
  std::array<std::int16_t, 320> frame{};
  for (std::size_t at = 0; at + 320 <= original.size(); at += 320) {
    ASSERT_EQ(g722->encode(std::span(original).subspan(at, 320), payload), 160u);
    ASSERT_EQ(g722->decode(payload, frame), 320u);
    decoded.insert(decoded.end(), frame.begin(), frame.end());
  }
  std::size_t delay = 0;
  const double snr = aligned_snr_db(original, decoded, 1600, 64, &delay);
  EXPECT_GT(snr, 20.0) << "delay " << delay;
  std::cout << "G.722 round trip: SNR " << snr << " dB after a delay of " << delay << " samples\n";
  const auto tail = std::span(decoded).subspan(1600);
  EXPECT_GT(goertzel_power(tail, 1000.0, kRate) / mean_square(tail), 0.98);
  EXPECT_NEAR(rms_to_dbm0(rms(tail)), -10.0, 1.0);
}

}  // namespace
}  // namespace hotline::media::dsp
