#include "media/call_tap.hpp"

#include <gtest/gtest.h>

#include "media/audio/recording_writer.hpp"
#include "media/audio/tests/audio_test_util.hpp"
#include "media/tests/rtp_test_packets.hpp"

namespace hotline::media {
namespace {

using audio::testing::goertzel;
using testing::parsed;
using testing::SendingPhone;
using testing::tone;

// Records one second of a call in which the customer (side A) and the agent (side B) each send a
// tone in their own codec, a packet per 20 ms tick as the relay would, and returns the WAV.
audio::testing::WavContents record_call(int customer_pt, int agent_pt) {
  audio::testing::TempDir dir;
  audio::RecordingWriter writer;
  auto recorder = writer.start(dir.file("call.wav"), {.buffer_ms = 5000});
  EXPECT_TRUE(recorder.ok());
  CallTap tap("rec-1", *recorder, RelaySide::A);
  SendingPhone customer(customer_pt), agent(agent_pt);
  for (std::size_t frame = 0; frame < 50; ++frame) {
    const std::size_t c = customer.frame_samples(), a = agent.frame_samples();
    tap.on_rtp(RelaySide::A, parsed(customer.packet(tone(440, customer.sample_rate(), frame * c, c))));
    tap.on_rtp(RelaySide::B, parsed(agent.packet(tone(1000, agent.sample_rate(), frame * a, a))));
    tap.tick();
  }
  EXPECT_TRUE(writer.finish(*recorder).ok());
  return audio::testing::read_wav(dir.file("call.wav"));
}

void expect_tones_on_their_channels(const audio::testing::WavContents& wav) {
  ASSERT_TRUE(wav.ok);
  EXPECT_EQ(wav.info.samplerate, 8000);
  EXPECT_EQ(wav.info.frames, 8000);  // 50 ticks of 20 ms, whatever the codec
  const auto customer = audio::testing::channel(wav, 0);
  const auto agent = audio::testing::channel(wav, 1);
  const auto settled = [](const std::vector<std::int16_t>& s) { return std::span(s).subspan(400); };
  const double own = 0.25 * (8000.0 / 32768) * (8000.0 / 32768);  // Goertzel power of the test tone
  EXPECT_NEAR(goertzel(settled(customer), 8000, 440), own, own * 0.15);
  EXPECT_LT(goertzel(settled(customer), 8000, 1000), own * 0.001);
  EXPECT_NEAR(goertzel(settled(agent), 8000, 1000), own, own * 0.15);
  EXPECT_LT(goertzel(settled(agent), 8000, 440), own * 0.001);
}

TEST(CallTapTest, RecordsG711) { expect_tones_on_their_channels(record_call(0, 8)); }

TEST(CallTapTest, RecordsG722At8kHzWithTheSameLengthAsG711) {
  expect_tones_on_their_channels(record_call(dsp::kPayloadTypeG722, dsp::kPayloadTypeG722));
  expect_tones_on_their_channels(record_call(dsp::kPayloadTypeG722, dsp::kPayloadTypePcmu));
}

TEST(CallTapTest, TelephoneEventsAndComfortNoiseAreNotRecorded) {
  audio::testing::TempDir dir;
  audio::RecordingWriter writer;
  auto recorder = writer.start(dir.file("call.wav"), {.buffer_ms = 5000});
  ASSERT_TRUE(recorder.ok());
  CallTap tap("rec-1", *recorder, RelaySide::A);
  SendingPhone phone(dsp::kPayloadTypeG722);
  std::vector<std::uint8_t> event{0x80, 101, 0, 1, 0, 0, 0, 0, 0, 0, 0x12, 0x34, 1, 10, 0, 160};
  std::vector<std::uint8_t> comfort_noise{0x80, 13, 0, 2, 0, 0, 0, 0, 0, 0, 0x12, 0x34, 40};
  for (std::size_t frame = 0; frame < 50; ++frame) {
    if (frame % 10 == 3) tap.on_rtp(RelaySide::A, parsed(event));
    if (frame % 10 == 7) tap.on_rtp(RelaySide::A, parsed(comfort_noise));
    tap.on_rtp(RelaySide::A, parsed(phone.packet(tone(440, 16000, frame * 320, 320))));
    tap.tick();
  }
  ASSERT_TRUE(writer.finish(*recorder).ok());
  auto wav = audio::testing::read_wav(dir.file("call.wav"));
  ASSERT_TRUE(wav.ok);
  const auto customer = audio::testing::channel(wav, 0);
  // Neither carries audio for the file, and the G.722 tone around them stays whole.
  const double own = 0.25 * (8000.0 / 32768) * (8000.0 / 32768);
  EXPECT_NEAR(goertzel(std::span<const std::int16_t>(customer).subspan(400), 8000, 440), own, own * 0.15);
}

}  // namespace
}  // namespace hotline::media
