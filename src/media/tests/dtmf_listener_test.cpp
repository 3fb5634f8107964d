#include "media/dtmf_listener.hpp"

#include <gtest/gtest.h>

#include <string>

#include "media/tests/rtp_test_packets.hpp"

namespace hotline::media {
namespace {

using testing::parsed;
using testing::SendingPhone;

// The row and column frequencies of a key.
std::pair<double, double> dtmf_hz(char key) {
  static constexpr std::string_view kKeys = "123A456B789C*0#D";
  static constexpr double kRows[] = {697, 770, 852, 941};
  static constexpr double kColumns[] = {1209, 1336, 1477, 1633};
  const auto at = kKeys.find(key);
  return {kRows[at / 4], kColumns[at % 4]};
}

// Presses `keys` in-band from side A, 100 ms of tone and 100 ms of silence each, in packets of
// the phone's codec at its own sample rate; returns the digits the listener heard.
std::string press_in_band(int payload_type, std::string_view keys) {
  DtmfListener listener;
  SendingPhone phone(payload_type);
  const int rate = phone.sample_rate();
  const std::size_t frame = phone.frame_samples();
  std::uint64_t now = 0;
  std::string heard;
  for (char key : keys) {
    const auto [low, high] = dtmf_hz(key);
    for (std::size_t f = 0; f < 10; ++f, now += 160) {
      std::vector<std::int16_t> pcm(frame, 0);
      if (f < 5) {
        const auto a = testing::tone(low, rate, f * frame, frame, 5000);
        const auto b = testing::tone(high, rate, f * frame, frame, 5000);
        for (std::size_t n = 0; n < frame; ++n) pcm[n] = static_cast<std::int16_t>(a[n] + b[n]);
      }
      listener.on_rtp(RelaySide::A, parsed(phone.packet(pcm)), now);
      listener.tick(now);
      RelaySide side;
      dsp::DtmfDigit digit;
      while (listener.poll(side, digit)) {
        EXPECT_EQ(side, RelaySide::A);
        heard += digit.digit;
      }
    }
  }
  return heard;
}

TEST(DtmfListenerTest, HearsInBandKeysInG711) {
  EXPECT_EQ(press_in_band(dsp::kPayloadTypePcmu, "159#"), "159#");
  EXPECT_EQ(press_in_band(dsp::kPayloadTypePcma, "*07"), "*07");
}

TEST(DtmfListenerTest, HearsInBandKeysInG722) {
  EXPECT_EQ(press_in_band(dsp::kPayloadTypeG722, "1234567890*#"), "1234567890*#");
}

}  // namespace
}  // namespace hotline::media
