#include "media/rtp/rtcp_session.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>

namespace hotline::media::rtp {
namespace {

constexpr std::int64_t kT0 = 1'700'000'000'000'000;  // Unix microseconds
constexpr std::int64_t kMs = 1000;

RtcpCompound parse(std::span<const std::uint8_t> bytes) {
  RtcpCompound compound;
  EXPECT_EQ(parse_rtcp(bytes, compound), RtcpParseError::None);
  return compound;
}

TEST(RtcpSession, SchedulesReportsAboutEveryFiveSecondsWithJitter) {
  RtcpSession session(1, "a@hotline", 7);
  session.start(kT0);
  const std::int64_t first = session.next_report_us() - kT0;
  EXPECT_GE(first, 1'250'000);  // half an interval, ±50%
  EXPECT_LE(first, 3'750'000);
  EXPECT_FALSE(session.report_due(kT0));
  EXPECT_TRUE(session.report_due(session.next_report_us()));

  std::array<std::uint8_t, 256> out{};
  std::int64_t now = session.next_report_us();
  std::int64_t total = 0;
  for (int i = 0; i < 100; ++i) {
    ASSERT_GT(session.build_report(now, SenderSnapshot{}, nullptr, out), 0u);
    const std::int64_t interval = session.next_report_us() - now;
    EXPECT_GE(interval, 2'500'000);
    EXPECT_LE(interval, 7'500'000);
    total += interval;
    now = session.next_report_us();
  }
  EXPECT_NEAR(static_cast<double>(total) / 100, 5'000'000, 300'000);

  // The same seed gives the same schedule.
  RtcpSession twin(1, "a@hotline", 7);
  twin.start(kT0);
  EXPECT_EQ(twin.next_report_us() - kT0, first);
}

TEST(RtcpSession, SendsAnSrWhileSendingAndAnRrOtherwise) {
  RtcpSession session(0x1111, "agent-7@hotline", 1);
  session.start(kT0);
  std::array<std::uint8_t, 256> out{};
  ReceptionReport received{0x2222, 16, 3, 1000, 40};

  SenderSnapshot sent{123'456, 250, 40'000};
  std::size_t size = session.build_report(kT0, sent, &received, out);
  RtcpCompound report = parse(std::span(out).first(size));
  EXPECT_TRUE(report.has_sender_report);
  EXPECT_EQ(report.sender_ssrc, 0x1111u);
  EXPECT_EQ(report.sender_info.ntp.seconds, ntp_from_unix_us(kT0).seconds);
  EXPECT_EQ(report.sender_info.rtp_timestamp, 123'456u);
  EXPECT_EQ(report.sender_info.packet_count, 250u);
  EXPECT_EQ(report.sender_info.octet_count, 40'000u);
  ASSERT_EQ(report.report_block_count, 1u);
  EXPECT_EQ(report.report_blocks[0].ssrc, 0x2222u);
  EXPECT_EQ(report.report_blocks[0].fraction_lost, 16);
  EXPECT_EQ(report.report_blocks[0].last_sr, 0u);  // no SR from the peer yet
  EXPECT_EQ(report.cname, "agent-7@hotline");

  // Still an SR right after sending stopped (we sent since the report before last)...
  size = session.build_report(kT0 + 5000 * kMs, sent, &received, out);
  EXPECT_TRUE(parse(std::span(out).first(size)).has_sender_report);
  // ...then an RR, with no report block when nothing is received.
  size = session.build_report(kT0 + 10'000 * kMs, sent, nullptr, out);
  report = parse(std::span(out).first(size));
  EXPECT_FALSE(report.has_sender_report);
  EXPECT_TRUE(report.has_receiver_report);
  EXPECT_EQ(report.report_block_count, 0u);
}

// The agent's leg sends an SR; the phone answers 1 s later with an RR whose block carries LSR and
// DLSR; the network takes 50 ms each way, so the round trip is 100 ms.
TEST(RtcpSession, RoundTripLossAndJitterFromThePeersReport) {
  RtcpSession ours(0xaaaa, "ours", 1);
  RtcpSession phone(0xbbbb, "phone", 2);
  std::array<std::uint8_t, 256> out{};

  ReceptionReport phone_hears{0xbbbb, 0, 0, 10, 0};
  std::size_t size = ours.build_report(kT0, SenderSnapshot{1000, 50, 8000}, &phone_hears, out);
  ASSERT_EQ(phone.on_rtcp(std::span(out).first(size), kT0 + 50 * kMs), RtcpParseError::None);

  ReceptionReport phone_receives{0xaaaa, 64, 12, 5000, 160};  // 25% lost, 20 ms jitter
  size = phone.build_report(kT0 + 1050 * kMs, SenderSnapshot{}, &phone_receives, out);
  const RtcpCompound rr = parse(std::span(out).first(size));
  ASSERT_EQ(rr.report_block_count, 1u);
  EXPECT_EQ(rr.report_blocks[0].last_sr, ntp_from_unix_us(kT0).middle32());
  EXPECT_EQ(rr.report_blocks[0].delay_since_last_sr, 65536u);  // 1 s

  ASSERT_EQ(ours.on_rtcp(std::span(out).first(size), kT0 + 1100 * kMs), RtcpParseError::None);
  const LegQuality& quality = ours.quality();
  ASSERT_TRUE(quality.has_round_trip);
  EXPECT_NEAR(quality.round_trip_ms, 100.0, 0.05);
  ASSERT_TRUE(quality.has_remote_report);
  EXPECT_DOUBLE_EQ(quality.remote_fraction_lost, 0.25);
  EXPECT_EQ(quality.remote_cumulative_lost, 12);
  EXPECT_DOUBLE_EQ(quality.remote_jitter_ms, 20.0);
  EXPECT_EQ(quality.updated_unix_us, kT0 + 1100 * kMs);

  // What we measured ourselves went into our own report.
  EXPECT_TRUE(quality.has_received);
  EXPECT_DOUBLE_EQ(quality.received_fraction_lost, 0.0);
  EXPECT_TRUE(phone.quality().has_received);
  EXPECT_DOUBLE_EQ(phone.quality().received_fraction_lost, 0.25);
  EXPECT_DOUBLE_EQ(phone.quality().received_jitter_ms, 20.0);
}

// Through a relay that forwards the far phone's RTP (SSRC 0xbbbb) untouched, the near phone
// reports on 0xbbbb, and its LSR is the far phone's NTP time, an hour off our clock. We forwarded
// that SR 20 ms after kT0; the phone's RR, sent 1 s after it got it, reaches us at kT0 + 1080 ms:
// 60 ms round trip between us and the near phone.
TEST(RtcpSession, ReportsAboutARelayedSourceCountAndTimeFromTheForwardedSr) {
  RtcpSession ours(0xaaaa, "ours", 1);
  ours.set_relayed_source(0xbbbb);
  const NtpTime far_clock = ntp_from_unix_us(kT0 + 3'600'000 * kMs);
  ours.note_relayed_sender_report(ntp_from_unix_us(kT0 - 60'000 * kMs), kT0 - 5000 * kMs);  // older
  ours.note_relayed_sender_report(far_clock, kT0 + 20 * kMs);

  std::array<std::uint8_t, 256> out{};
  RtcpWriter writer(out);
  ReportBlock stale{0xaaaa, 128, 99, 10, 800, 0, 0};  // about our own stream, heard earlier
  ReportBlock relayed{0xbbbb, 64, 7, 5000, 80, far_clock.middle32(), 65536};
  const std::array<ReportBlock, 2> blocks = {stale, relayed};
  ASSERT_TRUE(writer.add_receiver_report(0xcccc, blocks));
  ASSERT_TRUE(writer.add_sdes_cname(0xcccc, "phone"));
  ASSERT_EQ(ours.on_rtcp(writer.bytes(), kT0 + 1080 * kMs), RtcpParseError::None);

  const LegQuality& quality = ours.quality();
  ASSERT_TRUE(quality.has_remote_report);
  EXPECT_DOUBLE_EQ(quality.remote_fraction_lost, 0.25);
  EXPECT_EQ(quality.remote_cumulative_lost, 7);
  EXPECT_DOUBLE_EQ(quality.remote_jitter_ms, 10.0);
  ASSERT_TRUE(quality.has_round_trip);
  EXPECT_NEAR(quality.round_trip_ms, 60.0, 0.05);

  // Back to our own stream: only blocks about it count, and an LSR we never forwarded gives no
  // round trip.
  RtcpSession fresh(0xaaaa, "ours", 1);
  fresh.set_relayed_source(0xbbbb);
  ReportBlock unknown_sr = relayed;
  unknown_sr.last_sr = 12345;
  RtcpWriter second(out);
  ASSERT_TRUE(second.add_receiver_report(0xcccc, std::span(&unknown_sr, 1)));
  ASSERT_EQ(fresh.on_rtcp(second.bytes(), kT0), RtcpParseError::None);
  EXPECT_TRUE(fresh.quality().has_remote_report);
  EXPECT_FALSE(fresh.quality().has_round_trip);
  fresh.set_relayed_source(0);
  ReportBlock about_ours = stale;
  RtcpWriter third(out);
  ASSERT_TRUE(third.add_receiver_report(0xcccc, std::span(&unknown_sr, 1)));
  ASSERT_EQ(fresh.on_rtcp(third.bytes(), kT0), RtcpParseError::None);
  EXPECT_DOUBLE_EQ(fresh.quality().remote_fraction_lost, 0.25) << "ignored: about a source no longer relayed";
  RtcpWriter fourth(out);
  ASSERT_TRUE(fourth.add_receiver_report(0xcccc, std::span(&about_ours, 1)));
  ASSERT_EQ(fresh.on_rtcp(fourth.bytes(), kT0), RtcpParseError::None);
  EXPECT_DOUBLE_EQ(fresh.quality().remote_fraction_lost, 0.5);
}

TEST(RtcpSession, ByeIsSentAndNoticed) {
  RtcpSession ours(1, "ours", 1);
  RtcpSession theirs(2, "theirs", 2);
  std::array<std::uint8_t, 256> out{};
  const std::size_t size = ours.build_bye(kT0, SenderSnapshot{}, nullptr, out);
  ASSERT_GT(size, 0u);
  const RtcpCompound bye = parse(std::span(out).first(size));
  EXPECT_TRUE(bye.has_bye);
  EXPECT_EQ(bye.bye_ssrcs[0], 1u);
  EXPECT_FALSE(theirs.peer_said_bye());
  ASSERT_EQ(theirs.on_rtcp(std::span(out).first(size), kT0), RtcpParseError::None);
  EXPECT_TRUE(theirs.peer_said_bye());
}

TEST(RtcpSession, IgnoresMalformedInput) {
  RtcpSession session(1, "x", 1);
  const std::array<std::uint8_t, 3> runt = {0x80, 200, 0};
  EXPECT_EQ(session.on_rtcp(runt, kT0), RtcpParseError::TooShort);
  EXPECT_FALSE(session.quality().has_remote_report);
  std::array<std::uint8_t, 8> small{};
  EXPECT_EQ(session.build_report(kT0, SenderSnapshot{}, nullptr, small), 0u);
}

}  // namespace
}  // namespace hotline::media::rtp
