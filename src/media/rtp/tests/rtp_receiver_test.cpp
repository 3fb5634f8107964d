#include "media/rtp/rtp_receiver.hpp"

#include <gtest/gtest.h>

#include <cstdint>

namespace hotline::media::rtp {
namespace {

RtpHeader packet(std::uint32_t ssrc, std::uint16_t seq, std::uint32_t ts) {
  RtpHeader header;
  header.ssrc = ssrc;
  header.sequence = seq;
  header.timestamp = ts;
  return header;
}

// A scripted stream whose figures are worked out by hand (RFC 3550 A.1, A.3, A.8):
//   seq ts   arrival transit |D|  J = J + (|D| - J)/16
//   100 0    1000    -            probation (not counted)
//   101 160  1160    1000         valid: base 101, J = 0
//   102 320  1330    1010    10   0.625
//   104 640  1640    1000    10   1.2109375           (103 not yet here)
//   103 480  1700    1220    220  14.88525390625      (late, reordered)
//   105 800  1800    1000    220  27.704925537109375
//   105 800  1810    1010    10   26.59836769104004   (duplicate, counted as received)
//   108 1280 2280    1000    10   25.560969710350037  (106, 107 lost)
// expected = 108 - 101 + 1 = 8, received = 7, lost = 1, fraction = (1 << 8) / 8 = 32.
TEST(RtpReceiver, StatisticsMatchHandComputedValues) {
  RtpReceiver receiver(8000);
  EXPECT_EQ(receiver.on_packet(packet(0x1234, 100, 0), 1000), ReceiveVerdict::Probation);
  EXPECT_FALSE(receiver.has_source());
  EXPECT_EQ(receiver.on_packet(packet(0x1234, 101, 160), 1160), ReceiveVerdict::NewSource);
  EXPECT_EQ(receiver.on_packet(packet(0x1234, 102, 320), 1330), ReceiveVerdict::Accepted);
  EXPECT_EQ(receiver.on_packet(packet(0x1234, 104, 640), 1640), ReceiveVerdict::Accepted);
  EXPECT_EQ(receiver.on_packet(packet(0x1234, 103, 480), 1700), ReceiveVerdict::Accepted);
  EXPECT_EQ(receiver.on_packet(packet(0x1234, 105, 800), 1800), ReceiveVerdict::Accepted);
  EXPECT_EQ(receiver.on_packet(packet(0x1234, 105, 800), 1810), ReceiveVerdict::Accepted);
  EXPECT_EQ(receiver.on_packet(packet(0x1234, 108, 1280), 2280), ReceiveVerdict::Accepted);

  const ReceiveStats stats = receiver.stats();
  EXPECT_TRUE(stats.has_source);
  EXPECT_EQ(stats.ssrc, 0x1234u);
  EXPECT_EQ(stats.extended_highest_sequence, 108u);
  EXPECT_EQ(stats.expected, 8u);
  EXPECT_EQ(stats.received, 7u);
  EXPECT_EQ(stats.lost, 1);
  EXPECT_EQ(stats.jitter, 25u);
  EXPECT_NEAR(stats.jitter_ms, 3.1951212137937546, 1e-9);

  const ReceptionReport first = receiver.take_report();
  EXPECT_EQ(first.ssrc, 0x1234u);
  EXPECT_EQ(first.fraction_lost, 32);
  EXPECT_EQ(first.cumulative_lost, 1);
  EXPECT_EQ(first.extended_highest_sequence, 108u);
  EXPECT_EQ(first.jitter, 25u);

  // The next interval loses nothing: fraction 0, cumulative unchanged.
  for (std::uint16_t seq = 109; seq <= 112; ++seq) {
    const std::uint32_t ts = (seq - 100u) * 160;
    EXPECT_EQ(receiver.on_packet(packet(0x1234, seq, ts), ts + 1000), ReceiveVerdict::Accepted);
  }
  const ReceptionReport second = receiver.take_report();
  EXPECT_EQ(second.fraction_lost, 0);
  EXPECT_EQ(second.cumulative_lost, 1);
  EXPECT_EQ(second.extended_highest_sequence, 112u);
}

TEST(RtpReceiver, ExtendsTheSequenceAcrossWrapAround) {
  RtpReceiver receiver;
  std::uint16_t seq = 65530;
  std::uint32_t ts = 0;
  for (int i = 0; i < 12; ++i, ++seq, ts += 160) receiver.on_packet(packet(7, seq, ts), ts);
  // 65530 was probation; 65531 .. 65535, 0 .. 5 are valid.
  const ReceiveStats stats = receiver.stats();
  EXPECT_EQ(stats.extended_highest_sequence, 65536u + 5);
  EXPECT_EQ(stats.expected, 11u);
  EXPECT_EQ(stats.received, 11u);
  EXPECT_EQ(stats.lost, 0);
  EXPECT_EQ(stats.jitter, 0u);
}

TEST(RtpReceiver, ProbationRestartsOnANonSequentialPacket) {
  RtpReceiver receiver;
  EXPECT_EQ(receiver.on_packet(packet(7, 10, 0), 0), ReceiveVerdict::Probation);
  EXPECT_EQ(receiver.on_packet(packet(7, 20, 160), 160), ReceiveVerdict::Probation);
  EXPECT_EQ(receiver.on_packet(packet(7, 21, 320), 320), ReceiveVerdict::NewSource);
  EXPECT_EQ(receiver.stats().expected, 1u);
}

TEST(RtpReceiver, ANewSsrcPassesProbationThenResetsTheStatistics) {
  RtpReceiver receiver;
  for (std::uint16_t seq = 1; seq <= 10; ++seq)
    receiver.on_packet(packet(0xaaaa, seq, seq * 160u), seq * 160u);
  EXPECT_EQ(receiver.stats().received, 9u);
  // Re-INVITE: a new SSRC with unrelated numbers.
  EXPECT_EQ(receiver.on_packet(packet(0xbbbb, 5000, 99'000), 2000), ReceiveVerdict::Probation);
  EXPECT_EQ(receiver.stats().ssrc, 0xaaaau);  // the old source still stands
  EXPECT_EQ(receiver.on_packet(packet(0xbbbb, 5001, 99'160), 2160), ReceiveVerdict::NewSource);
  const ReceiveStats stats = receiver.stats();
  EXPECT_EQ(stats.ssrc, 0xbbbbu);
  EXPECT_EQ(stats.received, 1u);
  EXPECT_EQ(stats.expected, 1u);
  EXPECT_EQ(stats.extended_highest_sequence, 5001u);
  EXPECT_EQ(stats.jitter, 0u);
  // A late packet of the old source starts a probation of its own; it does not take over.
  EXPECT_EQ(receiver.on_packet(packet(0xaaaa, 11, 1760), 2170), ReceiveVerdict::Probation);
  EXPECT_EQ(receiver.on_packet(packet(0xbbbb, 5002, 99'320), 2320), ReceiveVerdict::Accepted);
}

TEST(RtpReceiver, ASequenceJumpIsConfirmedByTheNextPacketAsARestart) {
  RtpReceiver receiver;
  for (std::uint16_t seq = 1; seq <= 5; ++seq) receiver.on_packet(packet(7, seq, seq * 160u), seq * 160u);
  EXPECT_EQ(receiver.on_packet(packet(7, 30'000, 0), 1000), ReceiveVerdict::BadSequence);
  EXPECT_EQ(receiver.on_packet(packet(7, 30'001, 160), 1160), ReceiveVerdict::NewSource);
  EXPECT_EQ(receiver.stats().expected, 1u);
  EXPECT_EQ(receiver.stats().extended_highest_sequence, 30'001u);
}

TEST(RtpReceiver, FractionLostSaturatesWhenEverythingIsLost) {
  RtpReceiver receiver;
  receiver.on_packet(packet(7, 1, 0), 0);
  receiver.on_packet(packet(7, 2, 160), 160);
  (void)receiver.take_report();
  receiver.on_packet(packet(7, 100, 99 * 160u), 99 * 160u);  // 97 lost, one received
  const ReceptionReport report = receiver.take_report();
  EXPECT_EQ(report.fraction_lost, (97 << 8) / 98);
  EXPECT_EQ(report.cumulative_lost, 97);
}

}  // namespace
}  // namespace hotline::media::rtp
