#include "media/rtp/rtp_sender.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <vector>

namespace hotline::media::rtp {
namespace {

constexpr std::uint32_t kFrame = 160;

struct PeerPacket {
  std::uint32_t ssrc = 0xaaaa;
  std::uint16_t seq = 0;
  std::uint32_t ts = 0;
  std::uint8_t pt = 0;
  bool marker = false;
};

std::vector<std::uint8_t> make_packet(const PeerPacket& p) {
  std::vector<std::uint8_t> bytes(kRtpFixedHeaderBytes + kFrame, 0x55);
  RtpHeader header;
  header.ssrc = p.ssrc;
  header.sequence = p.seq;
  header.timestamp = p.ts;
  header.payload_type = p.pt;
  header.marker = p.marker;
  write_rtp_header(header, bytes);
  return bytes;
}

RtpHeader header_of(std::span<const std::uint8_t> bytes) {
  RtpPacketView view;
  EXPECT_EQ(parse_rtp(bytes, view), RtpParseError::None);
  return view.header;
}

// Forwards one peer packet and returns the rewritten header.
RtpHeader forward(RtpSender& sender, const PeerPacket& p, std::uint32_t now,
                  ForwardVerdict expected = ForwardVerdict::Forwarded) {
  auto bytes = make_packet(p);
  EXPECT_EQ(sender.forward(bytes, now), expected) << "seq " << p.seq;
  return header_of(bytes);
}

RtpHeader send_own(RtpSender& sender, std::uint32_t now) {
  const std::array<std::uint8_t, kFrame> payload{};
  std::array<std::uint8_t, 256> out{};
  const std::size_t size = sender.write_packet(payload, 0, false, now, out);
  EXPECT_EQ(size, kRtpFixedHeaderBytes + kFrame);
  return header_of(std::span(out).first(size));
}

const RtpStreamStart kStart{0x11111111, 1000, 50'000};

TEST(RtpSender, ForwardedPacketsTakeOurSsrcAndContinuousNumbers) {
  RtpSender sender(kStart);
  for (std::uint16_t i = 0; i < 5; ++i) {
    const auto verdict = i == 0 ? ForwardVerdict::SourceChanged : ForwardVerdict::Forwarded;
    const RtpHeader out = forward(
        sender, {0xaaaa, static_cast<std::uint16_t>(7000 + i), 900'000 + i * kFrame}, i * kFrame, verdict);
    EXPECT_EQ(out.ssrc, kStart.ssrc);
    EXPECT_EQ(out.sequence, 1000 + i);
    EXPECT_EQ(out.timestamp, 50'000 + i * kFrame);
    EXPECT_EQ(out.marker, i == 0);
  }
  EXPECT_EQ(sender.packets_sent(), 5u);
  EXPECT_EQ(sender.octets_sent(), 5 * kFrame);
}

TEST(RtpSender, SourceSwitchesKeepSequencePlusOneAndTimestampByElapsedFrames) {
  RtpSender sender(kStart);
  std::uint32_t now = 0;
  // Peer A for 10 frames.
  for (std::uint16_t i = 0; i < 10; ++i, now += kFrame) {
    forward(sender, {0xaaaa, static_cast<std::uint16_t>(100 + i), 3000 + i * kFrame}, now,
            i == 0 ? ForwardVerdict::SourceChanged : ForwardVerdict::Forwarded);
  }
  // A prompt plays: the first own frame continues seq and ts, with the marker.
  RtpHeader prompt = send_own(sender, now);
  EXPECT_EQ(prompt.sequence, 1010);
  EXPECT_EQ(prompt.timestamp, 50'000u + 10 * kFrame);
  EXPECT_TRUE(prompt.marker);
  now += kFrame;
  prompt = send_own(sender, now);
  EXPECT_EQ(prompt.sequence, 1011);
  EXPECT_EQ(prompt.timestamp, 50'000u + 11 * kFrame);
  EXPECT_FALSE(prompt.marker);
  // Three ticks without sending (silence), then peer B after a re-INVITE: its numbers jump.
  now += 4 * kFrame;
  RtpHeader b = forward(sender, {0xbbbb, 40'000, 123'456'789}, now, ForwardVerdict::SourceChanged);
  EXPECT_EQ(b.sequence, 1012);
  EXPECT_EQ(b.timestamp, 50'000u + 15 * kFrame);
  EXPECT_TRUE(b.marker);
  b = forward(sender, {0xbbbb, 40'001, 123'456'789 + kFrame}, now + kFrame);
  EXPECT_EQ(b.sequence, 1013);
  EXPECT_EQ(b.timestamp, 50'000u + 16 * kFrame);
  EXPECT_FALSE(b.marker);
}

TEST(RtpSender, BackToTheSamePeerAfterAPromptIsASourceChange) {
  RtpSender sender(kStart);
  forward(sender, {0xaaaa, 1, 0}, 0, ForwardVerdict::SourceChanged);
  send_own(sender, kFrame);
  const RtpHeader back = forward(sender, {0xaaaa, 2, kFrame}, 2 * kFrame, ForwardVerdict::SourceChanged);
  EXPECT_EQ(back.sequence, 1002);
  EXPECT_EQ(back.timestamp, 50'000u + 2 * kFrame);
  EXPECT_TRUE(back.marker);
}

TEST(RtpSender, PeerSequenceWrapAroundStaysContinuous) {
  RtpSender sender(kStart);
  const std::uint16_t peer_seqs[] = {65533, 65534, 65535, 0, 1, 2};
  for (int i = 0; i < 6; ++i) {
    const RtpHeader out = forward(sender, {0xaaaa, peer_seqs[i], 10'000 + i * kFrame}, i * kFrame,
                                  i == 0 ? ForwardVerdict::SourceChanged : ForwardVerdict::Forwarded);
    EXPECT_EQ(out.sequence, 1000 + i);
    EXPECT_EQ(out.timestamp, 50'000u + i * kFrame);
  }
}

TEST(RtpSender, TimestampsWrapAtTwoToThe32) {
  RtpSender sender({0x1, 65534, 0xffffffffu - 2 * kFrame + 1});
  const std::uint32_t expected_ts[] = {0xfffffec0u, 0xffffff60u, 0x0u, 0xa0u};
  const std::uint16_t expected_seq[] = {65534, 65535, 0, 1};
  for (int i = 0; i < 4; ++i) {
    const RtpHeader out = send_own(sender, i * kFrame);
    EXPECT_EQ(out.timestamp, expected_ts[i]);
    EXPECT_EQ(out.sequence, expected_seq[i]);
  }
  // A peer whose own timestamps wrap is continued through the wrap too.
  RtpHeader out = forward(sender, {0xaaaa, 10, 0xffffff00u}, 4 * kFrame, ForwardVerdict::SourceChanged);
  EXPECT_EQ(out.timestamp, 0x140u);
  out = forward(sender, {0xaaaa, 11, 0xffffff00u + kFrame}, 5 * kFrame);
  EXPECT_EQ(out.timestamp, 0x1e0u);
}

TEST(RtpSender, PeerLossAndReorderingPassThroughUnchanged) {
  RtpSender sender(kStart);
  forward(sender, {0xaaaa, 10, 0}, 0, ForwardVerdict::SourceChanged);
  forward(sender, {0xaaaa, 11, kFrame}, kFrame);
  // 12 is lost, 14 overtakes 13.
  EXPECT_EQ(forward(sender, {0xaaaa, 14, 4 * kFrame}, 3 * kFrame).sequence, 1004);
  const RtpHeader late = forward(sender, {0xaaaa, 13, 3 * kFrame}, 3 * kFrame);
  EXPECT_EQ(late.sequence, 1003);
  EXPECT_EQ(late.timestamp, 50'000u + 3 * kFrame);
  // The reordered packet did not move the continuation point back.
  EXPECT_EQ(send_own(sender, 5 * kFrame).sequence, 1005);
}

TEST(RtpSender, MapsAndDropsPayloadTypes) {
  PayloadTypeMap map;
  map.map(101, 96);  // telephone-event
  map.drop(18);      // G.729 was not negotiated on this leg
  RtpSender sender(kStart, map);
  const RtpHeader dtmf = forward(sender, {0xaaaa, 1, 0, 101}, 0, ForwardVerdict::SourceChanged);
  EXPECT_EQ(dtmf.payload_type, 96);
  EXPECT_EQ(forward(sender, {0xaaaa, 2, kFrame, 8}, kFrame).payload_type, 8);
  auto g729 = make_packet({0xaaaa, 3, 2 * kFrame, 18});
  EXPECT_EQ(sender.forward(g729, 2 * kFrame), ForwardVerdict::PayloadTypeDropped);
  EXPECT_EQ(sender.packets_sent(), 2u);
}

TEST(RtpSender, DropsStragglersOfThePreviousSource) {
  RtpSender sender(kStart);
  forward(sender, {0xaaaa, 1, 0}, 0, ForwardVerdict::SourceChanged);
  forward(sender, {0xbbbb, 500, 9000}, kFrame, ForwardVerdict::SourceChanged);
  forward(sender, {0xbbbb, 501, 9000 + kFrame}, 2 * kFrame);
  auto straggler = make_packet({0xaaaa, 2, kFrame});
  EXPECT_EQ(sender.forward(straggler, 2 * kFrame + 10), ForwardVerdict::Straggler);
  // A B packet from before B's first one would reuse a sequence number A already had.
  auto before_first = make_packet({0xbbbb, 499, 9000 - kFrame});
  EXPECT_EQ(sender.forward(before_first, 2 * kFrame + 20), ForwardVerdict::Straggler);
  // Long after the switch, A is a source again (say, a transfer back).
  forward(sender, {0xaaaa, 30, 5 * kFrame}, 20 * kFrame, ForwardVerdict::SourceChanged);
}

TEST(RtpSender, ASequenceJumpWithinOneSsrcIsANewSource) {
  RtpSender sender(kStart);
  forward(sender, {0xaaaa, 100, 0}, 0, ForwardVerdict::SourceChanged);
  const RtpHeader jumped = forward(sender, {0xaaaa, 20'000, 77}, kFrame, ForwardVerdict::SourceChanged);
  EXPECT_EQ(jumped.sequence, 1001);
  EXPECT_EQ(jumped.timestamp, 50'000u + kFrame);
  sender.restart_source();
  const RtpHeader restarted =
      forward(sender, {0xaaaa, 20'001, 77 + kFrame}, 2 * kFrame, ForwardVerdict::SourceChanged);
  EXPECT_EQ(restarted.sequence, 1002);
  EXPECT_TRUE(restarted.marker);
}

TEST(RtpSender, RejectsMalformedPacketsAndSmallBuffers) {
  RtpSender sender(kStart);
  std::vector<std::uint8_t> runt(8, 0x80);
  EXPECT_EQ(sender.forward(runt, 0), ForwardVerdict::Malformed);
  std::array<std::uint8_t, 20> small{};
  const std::array<std::uint8_t, kFrame> payload{};
  EXPECT_EQ(sender.write_packet(payload, 0, false, 0, small), 0u);
  EXPECT_EQ(sender.packets_sent(), 0u);
}

TEST(RtpSender, ReportsTheTimestampForNow) {
  RtpSender sender(kStart);
  send_own(sender, 1000);
  EXPECT_EQ(sender.rtp_timestamp_at(1000 + 4000), 50'000u + 4000);
}

TEST(RtpSender, RandomStartComesFromTheInjectedGenerator) {
  std::mt19937 a(7);
  std::mt19937 b(7);
  const RtpStreamStart first = random_stream_start(a);
  const RtpStreamStart second = random_stream_start(b);
  EXPECT_EQ(first.ssrc, second.ssrc);
  EXPECT_EQ(first.sequence, second.sequence);
  EXPECT_EQ(first.timestamp, second.timestamp);
  const RtpStreamStart third = random_stream_start(a);
  EXPECT_NE(first.ssrc, third.ssrc);
}

}  // namespace
}  // namespace hotline::media::rtp
