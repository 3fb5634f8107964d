#include "media/local_stream.hpp"

#include <gtest/gtest.h>

#include <array>

#include "media/audio/moh_class.hpp"
#include "media/audio/prompt.hpp"
#include "media/dsp/goertzel.hpp"
#include "media/tests/rtp_test_packets.hpp"

namespace hotline::media {
namespace {

using testing::parsed;

std::unique_ptr<audio::MohClass> one_tone_class() {
  auto prompt = audio::Prompt::from_samples(testing::tone(1000, 8000, 0, 8000), "1 kHz");
  return std::move(audio::MohClass::create("test", {prompt})).value();
}

TEST(LocalStreamTest, EncodesG722WhenTheHeldPartySendsG722) {
  auto music = one_tone_class();
  LocalStream stream(0xCAFE, 100);
  std::uint32_t first_timestamp = stream.timestamp();
  auto g722 = std::move(dsp::make_codec(dsp::kPayloadTypeG722)).value();  // the held phone's decoder
  std::array<std::uint8_t, 1500> packet{};
  std::vector<std::int16_t> heard;
  for (std::uint32_t i = 0; i < 50; ++i) {
    music->advance();
    const std::size_t n = stream.audio_packet(dsp::kPayloadTypeG722, music->current_frame(), packet);
    stream.advance();
    const auto rtp = parsed(std::span(packet).first(n));
    EXPECT_EQ(rtp.header.payload_type, dsp::kPayloadTypeG722);
    EXPECT_EQ(rtp.header.marker, i == 0);
    EXPECT_EQ(rtp.header.sequence, 100 + i);
    EXPECT_EQ(rtp.header.timestamp, first_timestamp + 160 * i);  // 8000 Hz clock although G.722 is 16 kHz
    ASSERT_EQ(rtp.payload.size(), 160u);
    std::array<std::int16_t, 320> pcm{};
    ASSERT_EQ(g722->decode(rtp.payload, pcm), 320u);
    heard.insert(heard.end(), pcm.begin(), pcm.end());
  }
  const auto settled = std::span<const std::int16_t>(heard).subspan(1600);
  EXPECT_GT(dsp::goertzel_power(settled, 1000.0, 16000) / dsp::mean_square(settled), 0.95);
  EXPECT_NEAR(20.0 * std::log10(dsp::rms(settled) / (8000.0 / std::sqrt(2.0))), 0.0, 1.5);
}

TEST(LocalStreamTest, FollowsTheSidesCodecAndFallsBackToPcmu) {
  auto music = one_tone_class();
  LocalStream stream(0xCAFE, 1);
  std::array<std::uint8_t, 1500> packet{};
  for (auto [sent, expected] : {std::pair{8, 8}, std::pair{9, 9}, std::pair{0, 0}, std::pair{13, 0}}) {
    music->advance();
    const std::size_t n = stream.audio_packet(sent, music->current_frame(), packet);
    const auto rtp = parsed(std::span(packet).first(n));
    EXPECT_EQ(rtp.header.payload_type, expected) << "held party sends " << sent;
    EXPECT_EQ(rtp.payload.size(), 160u);
  }
}

// What the server's sender reports count: packets that went out and their payload octets.
TEST(LocalStreamTest, CountsSentPacketsAndPayloadOctetsForSenderReports) {
  LocalStream stream(0xCAFE, 1);
  EXPECT_EQ(stream.ssrc(), 0xCAFEu);
  std::array<std::int16_t, 160> silence{};
  std::array<std::uint8_t, 1500> packet{};
  for (int i = 0; i < 3; ++i) {
    stream.count_sent(stream.audio_packet(dsp::kPayloadTypePcmu, silence, packet));
    stream.advance();
  }
  stream.audio_packet(dsp::kPayloadTypePcmu, silence, packet);  // built, never sent
  stream.count_sent(0);                                         // nothing to send
  EXPECT_EQ(stream.packets_sent(), 3u);
  EXPECT_EQ(stream.octets_sent(), 3u * 160u);
}

}  // namespace
}  // namespace hotline::media
