#include "media/rtp/rtcp.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace hotline::media::rtp {
namespace {

ReportBlock sample_block() {
  ReportBlock block;
  block.ssrc = 0xcafebabe;
  block.fraction_lost = 32;
  block.cumulative_lost = 1234;
  block.extended_highest_sequence = 0x0001'0010;
  block.jitter = 25;
  block.last_sr = 0x6f80'8000;
  block.delay_since_last_sr = 0x0001'0000;  // 1 s
  return block;
}

TEST(Ntp, ConvertsUnixMicroseconds) {
  // 1700000000.5 s after 1970: 3908988800 s after 1900 and half a second.
  const NtpTime ntp = ntp_from_unix_us(1'700'000'000'500'000);
  EXPECT_EQ(ntp.seconds, 3'908'988'800u);
  EXPECT_EQ(ntp.fraction, 0x8000'0000u);
  EXPECT_EQ(ntp.middle32(), 0x6f80'8000u);
}

TEST(Rtcp, SenderReportWithBlockAndCnameHasTheRfcLayout) {
  std::array<std::uint8_t, 256> buffer{};
  RtcpWriter writer(buffer);
  const SenderInfo info{ntp_from_unix_us(1'700'000'000'500'000), 0x01020304, 500, 80'000};
  const ReportBlock block = sample_block();
  ASSERT_TRUE(writer.add_sender_report(0x11223344, info, {&block, 1}));
  ASSERT_TRUE(writer.add_sdes_cname(0x11223344, "agent@hotline"));
  // SR: 4 header + 4 SSRC + 20 sender info + 24 block = 52 bytes; SDES: 4 + 4 + 2 + 13 + 1 = 24.
  ASSERT_EQ(writer.size(), 52u + 24u);
  const auto* p = buffer.data();
  EXPECT_EQ(p[0], 0x81);  // V=2, RC=1
  EXPECT_EQ(p[1], 200);
  EXPECT_EQ(p[3], 12);         // 52 / 4 - 1
  EXPECT_EQ(p[8], 0xe8);       // NTP seconds 3908988800 = 0xe8fe3680
  EXPECT_EQ(p[12], 0x80);      // NTP fraction 0x80000000
  EXPECT_EQ(p[16 + 3], 0x04);  // RTP timestamp
  EXPECT_EQ(p[20 + 3], 500 & 0xff);
  EXPECT_EQ(p[28], 0xca);  // block SSRC
  EXPECT_EQ(p[32], 32);    // fraction lost
  EXPECT_EQ(p[33], 0x00);  // cumulative lost 1234 = 0x0004d2
  EXPECT_EQ(p[34], 0x04);
  EXPECT_EQ(p[35], 0xd2);
  EXPECT_EQ(p[52], 0x81);  // SDES, SC=1
  EXPECT_EQ(p[53], 202);
  EXPECT_EQ(p[55], 5);   // 24 / 4 - 1
  EXPECT_EQ(p[60], 1);   // CNAME
  EXPECT_EQ(p[61], 13);  // its length
  EXPECT_EQ(p[62], 'a');
  EXPECT_EQ(p[75], 0);  // the terminating null octet
}

TEST(Rtcp, BuildThenParseRoundTrips) {
  std::array<std::uint8_t, 512> buffer{};
  RtcpWriter writer(buffer);
  const SenderInfo info{ntp_from_unix_us(1'700'000'000'250'000), 99, 7, 1120};
  std::array<ReportBlock, 2> blocks = {sample_block(), sample_block()};
  blocks[1].ssrc = 5;
  blocks[1].cumulative_lost = -3;  // duplicates outnumbered losses
  ASSERT_TRUE(writer.add_sender_report(0x11223344, info, blocks));
  ASSERT_TRUE(writer.add_sdes_cname(0x11223344, "hotline-leg-17"));
  const std::uint32_t bye_ssrc = 0x11223344;
  ASSERT_TRUE(writer.add_bye({&bye_ssrc, 1}, "hangup"));

  RtcpCompound compound;
  ASSERT_EQ(parse_rtcp(writer.bytes(), compound), RtcpParseError::None);
  EXPECT_TRUE(compound.has_sender_report);
  EXPECT_EQ(compound.sender_ssrc, 0x11223344u);
  EXPECT_EQ(compound.sender_info.ntp.seconds, info.ntp.seconds);
  EXPECT_EQ(compound.sender_info.ntp.fraction, info.ntp.fraction);
  EXPECT_EQ(compound.sender_info.rtp_timestamp, 99u);
  EXPECT_EQ(compound.sender_info.packet_count, 7u);
  EXPECT_EQ(compound.sender_info.octet_count, 1120u);
  ASSERT_EQ(compound.report_block_count, 2u);
  const ReportBlock& first = compound.report_blocks[0];
  EXPECT_EQ(first.ssrc, 0xcafebabeu);
  EXPECT_EQ(first.fraction_lost, 32);
  EXPECT_EQ(first.cumulative_lost, 1234);
  EXPECT_EQ(first.extended_highest_sequence, 0x0001'0010u);
  EXPECT_EQ(first.jitter, 25u);
  EXPECT_EQ(first.last_sr, 0x6f80'8000u);
  EXPECT_EQ(first.delay_since_last_sr, 0x0001'0000u);
  EXPECT_EQ(compound.report_blocks[1].cumulative_lost, -3);
  ASSERT_NE(compound.block_about(5), nullptr);
  EXPECT_EQ(compound.block_about(6), nullptr);
  EXPECT_TRUE(compound.has_cname);
  EXPECT_EQ(compound.cname_ssrc, 0x11223344u);
  EXPECT_EQ(compound.cname, "hotline-leg-17");
  EXPECT_TRUE(compound.has_bye);
  ASSERT_EQ(compound.bye_ssrc_count, 1u);
  EXPECT_EQ(compound.bye_ssrcs[0], 0x11223344u);
  EXPECT_EQ(compound.bye_reason, "hangup");
}

TEST(Rtcp, ReceiverReportWithoutBlocksAndUnknownPacketsAreSkipped) {
  std::array<std::uint8_t, 128> buffer{};
  RtcpWriter writer(buffer);
  ASSERT_TRUE(writer.add_receiver_report(42, {}));
  ASSERT_TRUE(writer.add_sdes_cname(42, ""));
  std::vector<std::uint8_t> bytes(writer.bytes().begin(), writer.bytes().end());
  // An XR packet (207) of two words and an APP packet (204) of three: both unknown here.
  const std::vector<std::uint8_t> xr = {0x80, 207, 0, 1, 0, 0, 0, 42};
  const std::vector<std::uint8_t> app = {0x80, 204, 0, 2, 0, 0, 0, 42, 'n', 'a', 'm', 'e'};
  bytes.insert(bytes.end(), xr.begin(), xr.end());
  bytes.insert(bytes.end(), app.begin(), app.end());
  RtcpCompound compound;
  ASSERT_EQ(parse_rtcp(bytes, compound), RtcpParseError::None);
  EXPECT_TRUE(compound.has_receiver_report);
  EXPECT_FALSE(compound.has_sender_report);
  EXPECT_EQ(compound.sender_ssrc, 42u);
  EXPECT_EQ(compound.report_block_count, 0u);
  EXPECT_TRUE(compound.has_cname);
  EXPECT_TRUE(compound.cname.empty());
  EXPECT_EQ(compound.unknown_packets, 2u);
}

TEST(Rtcp, ParsesPaddingInTheLastPacket) {
  // RR with no blocks, padded by 4 bytes (P=1, length 2 words + header).
  const std::vector<std::uint8_t> bytes = {0xa0, 201, 0, 2, 0, 0, 0, 9, 0, 0, 0, 4};
  RtcpCompound compound;
  ASSERT_EQ(parse_rtcp(bytes, compound), RtcpParseError::None);
  EXPECT_EQ(compound.sender_ssrc, 9u);
}

TEST(Rtcp, RejectsMalformedCompounds) {
  RtcpCompound compound;
  const std::vector<std::uint8_t> tiny = {0x80, 201};
  EXPECT_EQ(parse_rtcp(tiny, compound), RtcpParseError::TooShort);
  const std::vector<std::uint8_t> version = {0x40, 201, 0, 1, 0, 0, 0, 1};
  EXPECT_EQ(parse_rtcp(version, compound), RtcpParseError::BadVersion);
  const std::vector<std::uint8_t> length = {0x80, 201, 0, 5, 0, 0, 0, 1};
  EXPECT_EQ(parse_rtcp(length, compound), RtcpParseError::BadLength);
  const std::vector<std::uint8_t> sdes_first = {0x81, 202, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0};
  EXPECT_EQ(parse_rtcp(sdes_first, compound), RtcpParseError::NotReportFirst);
  const std::vector<std::uint8_t> block_missing = {0x81, 201, 0, 1, 0, 0, 0, 1};  // RC=1, no block
  EXPECT_EQ(parse_rtcp(block_missing, compound), RtcpParseError::BadContent);
  const std::vector<std::uint8_t> early_padding = {0xa0, 201, 0, 1, 0, 0, 0, 4, 0x80, 201, 0, 1, 0, 0, 0, 2};
  EXPECT_EQ(parse_rtcp(early_padding, compound), RtcpParseError::BadPadding);
  const std::vector<std::uint8_t> unterminated_sdes = {0x80, 201, 0, 1, 0, 0, 0, 1, 0x81, 202,
                                                       0,    2,   0, 0, 0, 1, 1, 5, 'a',  'b'};
  EXPECT_EQ(parse_rtcp(unterminated_sdes, compound), RtcpParseError::BadContent);
  EXPECT_EQ(to_error(RtcpParseError::BadLength).field, "rtcp");
}

TEST(Rtcp, WriterRefusesWhatDoesNotFit) {
  std::array<std::uint8_t, 30> buffer{};
  RtcpWriter writer(buffer);
  const ReportBlock block = sample_block();
  EXPECT_FALSE(writer.add_sender_report(1, SenderInfo{}, {&block, 1}));  // needs 52 bytes
  EXPECT_EQ(writer.size(), 0u);
  EXPECT_TRUE(writer.add_receiver_report(1, {}));
  EXPECT_FALSE(writer.add_sdes_cname(1, std::string(300, 'x')));
}

// RFC 3550 section 6.4.1's example: A = 0xb710:8000, LSR = 0xb705:2000, DLSR = 0x0005:4000,
// so the round trip is 0x0006:2000, 6.125 s.
TEST(Rtcp, RoundTripTimeFromLsrAndDlsr) {
  ReportBlock block;
  block.last_sr = 0xb705'2000;
  block.delay_since_last_sr = 0x0005'4000;
  NtpTime arrival;
  arrival.seconds = 0xb710;  // middle32 takes the low 16 bits of seconds
  arrival.fraction = 0x8000'0000;
  const auto rtt = round_trip_ntp_units(block, arrival);
  ASSERT_TRUE(rtt.has_value());
  EXPECT_EQ(*rtt, 0x0006'2000u);
  EXPECT_DOUBLE_EQ(ntp_units_to_ms(*rtt), 6125.0);

  block.last_sr = 0;
  EXPECT_FALSE(round_trip_ntp_units(block, arrival).has_value());
  block.last_sr = 0xb710'8000;
  block.delay_since_last_sr = 0x0001'0000;  // the peer claims to have held it longer than possible
  EXPECT_FALSE(round_trip_ntp_units(block, arrival).has_value());
}

}  // namespace
}  // namespace hotline::media::rtp
