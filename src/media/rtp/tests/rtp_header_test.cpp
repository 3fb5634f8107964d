#include "media/rtp/rtp_header.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <vector>

namespace hotline::media::rtp {
namespace {

// V=2, M=1, PT=0, seq 0x1234, ts 0x01020304, SSRC 0xdeadbeef, 4 payload bytes.
std::vector<std::uint8_t> simple_packet() {
  return {0x80, 0x80, 0x12, 0x34, 0x01, 0x02, 0x03, 0x04, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4};
}

TEST(RtpHeader, ParsesTheFixedHeader) {
  const auto bytes = simple_packet();
  RtpPacketView view;
  ASSERT_EQ(parse_rtp(bytes, view), RtpParseError::None);
  EXPECT_TRUE(view.header.marker);
  EXPECT_FALSE(view.header.padding);
  EXPECT_FALSE(view.header.extension);
  EXPECT_EQ(view.header.payload_type, 0);
  EXPECT_EQ(view.header.sequence, 0x1234);
  EXPECT_EQ(view.header.timestamp, 0x01020304u);
  EXPECT_EQ(view.header.ssrc, 0xdeadbeefu);
  EXPECT_EQ(view.header_bytes, 12u);
  ASSERT_EQ(view.payload.size(), 4u);
  EXPECT_EQ(view.payload[0], 1);
}

TEST(RtpHeader, ParsesCsrcsExtensionAndPadding) {
  // CC=2, X=1, P=1; extension profile 0xbede with one word; 2 payload bytes; 3 bytes of padding.
  std::vector<std::uint8_t> bytes = {0xb2, 0x08, 0, 1,  0, 0, 0, 2,  0, 0, 0, 3,  // fixed
                                     0,    0,    0, 10, 0, 0, 0, 11,              // CSRCs
                                     0xbe, 0xde, 0, 1,  9, 9, 9, 9,               // extension
                                     0xaa, 0xbb,                                  // payload
                                     0,    0,    3};                              // padding
  RtpPacketView view;
  ASSERT_EQ(parse_rtp(bytes, view), RtpParseError::None);
  EXPECT_EQ(view.header.payload_type, 8);
  EXPECT_EQ(view.header.csrc_count, 2);
  EXPECT_EQ(view.header.csrc[0], 10u);
  EXPECT_EQ(view.header.csrc[1], 11u);
  EXPECT_EQ(view.header.extension_profile, 0xbede);
  EXPECT_EQ(view.header.extension_data.size(), 4u);
  EXPECT_EQ(view.header_bytes, 28u);
  EXPECT_EQ(view.padding_bytes, 3u);
  ASSERT_EQ(view.payload.size(), 2u);
  EXPECT_EQ(view.payload[1], 0xbb);
}

TEST(RtpHeader, RejectsMalformedPackets) {
  RtpPacketView view;
  auto bytes = simple_packet();
  EXPECT_EQ(parse_rtp(std::span(bytes).first(11), view), RtpParseError::TooShort);

  auto v1 = simple_packet();
  v1[0] = 0x40;
  EXPECT_EQ(parse_rtp(v1, view), RtpParseError::BadVersion);

  auto csrc = simple_packet();
  csrc[0] = 0x82;  // two CSRCs, only four bytes follow
  EXPECT_EQ(parse_rtp(csrc, view), RtpParseError::CsrcTruncated);

  auto ext = simple_packet();
  ext[0] = 0x90;
  ext[12] = 0xbe, ext[13] = 0xde, ext[14] = 0, ext[15] = 2;  // two words claimed, none present
  EXPECT_EQ(parse_rtp(ext, view), RtpParseError::ExtensionTruncated);

  auto pad = simple_packet();
  pad[0] = 0xa0;
  pad.back() = 5;  // more padding than the 4 bytes after the header
  EXPECT_EQ(parse_rtp(pad, view), RtpParseError::BadPadding);
  pad.back() = 0;
  EXPECT_EQ(parse_rtp(pad, view), RtpParseError::BadPadding);

  const Error error = to_error(RtpParseError::TooShort);
  EXPECT_EQ(error.code, ErrorCode::InvalidArgument);
  EXPECT_EQ(error.field, "rtp");
}

TEST(RtpHeader, WriteThenParseRoundTrips) {
  RtpHeader header;
  header.marker = true;
  header.payload_type = 101;
  header.sequence = 65535;
  header.timestamp = 0xfffffff0u;
  header.ssrc = 42;
  header.csrc_count = 1;
  header.csrc[0] = 7;
  const std::array<std::uint8_t, 8> extension = {1, 2, 3, 4, 5, 6, 7, 8};
  header.extension = true;
  header.extension_profile = 0x1000;
  header.extension_data = extension;

  std::array<std::uint8_t, 64> buffer{};
  const std::size_t size = write_rtp_header(header, buffer);
  ASSERT_EQ(size, 12u + 4 + 4 + 8);
  EXPECT_EQ(size, rtp_header_size(header));

  RtpPacketView view;
  ASSERT_EQ(parse_rtp(std::span(buffer).first(size), view), RtpParseError::None);
  EXPECT_TRUE(view.header.marker);
  EXPECT_EQ(view.header.payload_type, 101);
  EXPECT_EQ(view.header.sequence, 65535);
  EXPECT_EQ(view.header.timestamp, 0xfffffff0u);
  EXPECT_EQ(view.header.ssrc, 42u);
  EXPECT_EQ(view.header.csrc[0], 7u);
  EXPECT_EQ(view.header.extension_profile, 0x1000);
  EXPECT_EQ(view.header.extension_data[7], 8);
  EXPECT_TRUE(view.payload.empty());
}

TEST(RtpHeader, WriteRefusesASmallBuffer) {
  RtpHeader header;
  std::array<std::uint8_t, 11> small{};
  EXPECT_EQ(write_rtp_header(header, small), 0u);
}

TEST(RtpHeader, PatchRewritesOnlyTheForwardedFields) {
  auto bytes = simple_packet();
  patch_rtp_header(bytes, RtpRewrite{false, 96, 7, 8, 9});
  RtpPacketView view;
  ASSERT_EQ(parse_rtp(bytes, view), RtpParseError::None);
  EXPECT_FALSE(view.header.marker);
  EXPECT_EQ(view.header.payload_type, 96);
  EXPECT_EQ(view.header.sequence, 7);
  EXPECT_EQ(view.header.timestamp, 8u);
  EXPECT_EQ(view.header.ssrc, 9u);
  EXPECT_EQ(view.payload[3], 4);
}

TEST(RtpHeader, TellsRtcpFromRtp) {
  const std::array<std::uint8_t, 4> sender_report = {0x80, 200, 0, 6};
  EXPECT_TRUE(looks_like_rtcp(sender_report));
  EXPECT_FALSE(looks_like_rtcp(simple_packet()));
}

}  // namespace
}  // namespace hotline::media::rtp
