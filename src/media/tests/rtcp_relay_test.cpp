// RTCP through the engine over loopback: what a phone reports about the stream it hears is read
// (and still relayed), and a side hearing the server's own audio gets the server's reports about
// that audio instead of the other side's RTCP. Test phones build and parse RTCP with media/rtp.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "media/media.hpp"
#include "media/rtp/rtcp.hpp"
#include "media/rtp/rtp_header.hpp"
#include "media/tests/relay_fixtures.hpp"

namespace hotline::media {
namespace {

using namespace test_support;
using Clock = std::chrono::steady_clock;

constexpr std::uint32_t kCallerSsrc = 0x1111;
constexpr std::uint32_t kCalleeSsrc = 0x4242;

std::span<const std::uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string text_of(std::span<const std::uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// A 20 ms PCMU packet of silence.
std::string rtp_packet(std::uint32_t ssrc, std::uint16_t sequence) {
  rtp::RtpHeader header;
  header.sequence = sequence;
  header.timestamp = sequence * 160u;
  header.ssrc = ssrc;
  std::array<std::uint8_t, 172> packet{};
  std::size_t n = rtp::write_rtp_header(header, packet);
  std::fill(packet.begin() + static_cast<std::ptrdiff_t>(n), packet.end(), 0xff);
  return text_of(packet);
}

// The packets of a phone that talks: enough to pass the receiver's probation.
void talk(const TestPeer& from, std::uint16_t to_port, const TestPeer& listener, std::uint32_t ssrc) {
  for (std::uint16_t seq = 1; seq <= 5; ++seq) {
    from.send_to(to_port, rtp_packet(ssrc, seq));
    ASSERT_TRUE(listener.receive());
  }
}

std::string receiver_report(std::uint32_t reporter, const rtp::ReportBlock& block) {
  std::array<std::uint8_t, 128> out{};
  rtp::RtcpWriter writer(out);
  EXPECT_TRUE(writer.add_receiver_report(reporter, std::span(&block, 1)));
  EXPECT_TRUE(writer.add_sdes_cname(reporter, "phone@test"));
  return text_of(writer.bytes());
}

std::string sender_report(std::uint32_t ssrc, rtp::NtpTime ntp) {
  std::array<std::uint8_t, 128> out{};
  rtp::RtcpWriter writer(out);
  EXPECT_TRUE(writer.add_sender_report(ssrc, {ntp, 8000, 5, 800}, {}));
  EXPECT_TRUE(writer.add_sdes_cname(ssrc, "far-phone@test"));
  return text_of(writer.bytes());
}

rtp::RtcpCompound parse_rtcp(const std::string& bytes) {
  rtp::RtcpCompound compound;
  EXPECT_EQ(rtp::parse_rtcp(bytes_of(bytes), compound), rtp::RtcpParseError::None);
  return compound;
}

// DLSR for a report sent now about an SR that arrived at `since`, 2 ms short so that rounding
// never makes the measured round trip negative.
std::uint32_t delay_since(Clock::time_point since) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - since).count() - 2000;
  return static_cast<std::uint32_t>((std::max<std::int64_t>(us, 0) << 16) / 1'000'000);
}

// The caller hears the callee's stream, relayed. Its RR about that stream, answering the callee's
// SR (forwarded by the server), is published for side A and still relayed to the callee.
TEST(RtcpRelay, APhonesReportAboutTheRelayedStreamIsPublishedAndRelayed) {
  auto engine = start_engine(20520, 20539);
  Call call = connect_call(*engine);
  RelayId id = call.ports.id;
  talk(call.callee.rtp, call.ports.port_b, call.caller.rtp, kCalleeSsrc);
  EXPECT_FALSE(engine->remote_report(id, RelaySide::A));

  // The callee's clock is an hour off ours: its SR's time means nothing to the server.
  auto far_clock = rtp::ntp_from_unix_us(std::chrono::duration_cast<std::chrono::microseconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count() +
                                         3'600'000'000LL);
  std::string sr = sender_report(kCalleeSsrc, far_clock);
  call.callee.rtcp.send_to(call.ports.port_b + 1, sr);
  auto at_caller = call.caller.rtcp.receive();
  ASSERT_TRUE(at_caller);
  EXPECT_EQ(at_caller->payload, sr);
  Clock::time_point sr_arrived = Clock::now();
  std::this_thread::sleep_for(std::chrono::milliseconds(30));

  // 25% lost over the interval, 12 in all, 20 ms of jitter.
  std::string rr = receiver_report(
      kCallerSsrc, {kCalleeSsrc, 64, 12, 5, 160, far_clock.middle32(), delay_since(sr_arrived)});
  call.caller.rtcp.send_to(call.ports.port_a + 1, rr);
  auto at_callee = call.callee.rtcp.receive();
  ASSERT_TRUE(at_callee);
  EXPECT_EQ(at_callee->payload, rr) << "relayed untouched";

  ASSERT_TRUE(eventually([&] { return engine->remote_report(id, RelaySide::A).has_value(); }));
  RemoteReport report = *engine->remote_report(id, RelaySide::A);
  EXPECT_DOUBLE_EQ(report.fraction_lost, 0.25);
  EXPECT_EQ(report.cumulative_lost, 12);
  EXPECT_DOUBLE_EQ(report.jitter_ms, 20.0);
  ASSERT_TRUE(report.round_trip_ms) << "timed from when the server forwarded the SR";
  EXPECT_GE(*report.round_trip_ms, 1.0);
  EXPECT_LT(*report.round_trip_ms, 100.0);
  EXPECT_FALSE(engine->remote_report(id, RelaySide::B)) << "the callee reported nothing";

  // A block about a source the caller does not hear from us changes nothing.
  call.caller.rtcp.send_to(call.ports.port_a + 1, receiver_report(kCallerSsrc, {0x9999, 255, 999, 5, 8000}));
  ASSERT_TRUE(call.callee.rtcp.receive());
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  EXPECT_EQ(engine->remote_report(id, RelaySide::A)->cumulative_lost, 12);
  EXPECT_FALSE(engine->remote_report(id + 100, RelaySide::A)) << "unknown relay";
}

struct Heard {
  std::vector<std::string> rtp;
  std::vector<std::string> rtcp;
};

// What a phone receives on both ports for `window_ms`, while `meanwhile` runs every 100 ms.
Heard listen(const TestPhone& phone, int window_ms, const std::function<void()>& meanwhile) {
  Heard heard;
  auto deadline = Clock::now() + std::chrono::milliseconds(window_ms);
  auto next = Clock::now();
  while (Clock::now() < deadline) {
    if (Clock::now() >= next) {
      meanwhile();
      next += std::chrono::milliseconds(100);
    }
    while (auto datagram = phone.rtp.receive(0)) heard.rtp.push_back(datagram->payload);
    while (auto datagram = phone.rtcp.receive(0)) heard.rtcp.push_back(datagram->payload);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return heard;
}

MediaOptions fast_rtcp() {
  MediaOptions options;
  options.rtcp_interval_ms = 200;
  return options;
}

// While the caller hears a play, the callee's RTCP (about another stream) does not reach it; the
// server's SRs do, counting exactly the RTP packets the caller got before each one, with a block
// about what the caller sends. Once the play is over, the callee's RTCP is relayed again.
TEST(RtcpRelay, ASideHearingAPlayGetsTheServersReportsInsteadOfRelayedRtcp) {
  auto engine = start_engine(20540, 20559, 1, fast_rtcp());
  Call call = connect_call(*engine);
  talk(call.caller.rtp, call.ports.port_a, call.callee.rtp, kCallerSsrc);
  PlaySpec spec;
  spec.items = {PlayItemSpec::tone("dial", 10'000)};
  engine->play(call.ports.id, RelaySide::A, spec);
  auto first = call.caller.rtp.receive(1000);
  ASSERT_TRUE(first) << "the play started";

  std::string callee_rr = receiver_report(0x2222, {kCallerSsrc, 0, 0, 5, 8});
  Heard heard =
      listen(call.caller, 1500, [&] { call.callee.rtcp.send_to(call.ports.port_b + 1, callee_rr); });
  heard.rtp.insert(heard.rtp.begin(), first->payload);
  engine->stop_play(call.ports.id, RelaySide::A);

  ASSERT_GE(heard.rtcp.size(), 3u) << "about one report per 200 ms";
  rtp::RtpPacketView first_packet;
  ASSERT_EQ(rtp::parse_rtp(bytes_of(heard.rtp.front()), first_packet), rtp::RtpParseError::None);
  const std::uint32_t server_ssrc = first_packet.header.ssrc;
  for (const std::string& bytes : heard.rtcp) {
    ASSERT_NE(bytes, callee_rr) << "the callee's RTCP was relayed during the play";
    rtp::RtcpCompound report = parse_rtcp(bytes);
    ASSERT_TRUE(report.has_sender_report);
    EXPECT_EQ(report.sender_ssrc, server_ssrc);
    EXPECT_TRUE(report.has_cname);
    EXPECT_FALSE(report.cname.empty());
    const rtp::ReportBlock* block = report.block_about(kCallerSsrc);
    ASSERT_NE(block, nullptr) << "a block about what the caller sends";
    EXPECT_EQ(block->cumulative_lost, 0);
    // Each SR counts the packets sent before it: those whose timestamp precedes its own.
    std::uint32_t packets = 0, octets = 0;
    for (const std::string& packet : heard.rtp) {
      rtp::RtpPacketView view;
      ASSERT_EQ(rtp::parse_rtp(bytes_of(packet), view), rtp::RtpParseError::None);
      if (static_cast<std::int32_t>(view.header.timestamp - report.sender_info.rtp_timestamp) >= 0) continue;
      ++packets;
      octets += static_cast<std::uint32_t>(view.payload.size());
    }
    EXPECT_GT(packets, 0u);
    EXPECT_EQ(report.sender_info.packet_count, packets);
    EXPECT_EQ(report.sender_info.octet_count, octets);
  }

  // The play is over: relaying resumes, RTCP included.
  EXPECT_TRUE(eventually([&] {
    call.callee.rtcp.send_to(call.ports.port_b + 1, callee_rr);
    auto datagram = call.caller.rtcp.receive(50);
    return datagram && datagram->payload == callee_rr;
  }));
}

// The caller answers the server's SR about the play it hears: the round trip is measured from it.
TEST(RtcpRelay, AReportAnsweringTheServersSrGivesTheRoundTrip) {
  auto engine = start_engine(20560, 20579, 1, fast_rtcp());
  Call call = connect_call(*engine);
  PlaySpec spec;
  spec.items = {PlayItemSpec::tone("ringback", 10'000)};
  engine->play(call.ports.id, RelaySide::A, spec);
  auto sr_bytes = call.caller.rtcp.receive(2000);
  ASSERT_TRUE(sr_bytes);
  Clock::time_point sr_arrived = Clock::now();
  rtp::RtcpCompound sr = parse_rtcp(sr_bytes->payload);
  ASSERT_TRUE(sr.has_sender_report);
  EXPECT_EQ(sr.report_block_count, 0u) << "the caller sent nothing to report on";
  std::this_thread::sleep_for(std::chrono::milliseconds(30));

  call.caller.rtcp.send_to(
      call.ports.port_a + 1,
      receiver_report(kCallerSsrc, {sr.sender_ssrc, 26, 3, 100, 80, sr.sender_info.ntp.middle32(),
                                    delay_since(sr_arrived)}));
  ASSERT_TRUE(eventually([&] {
    auto report = engine->remote_report(call.ports.id, RelaySide::A);
    return report && report->round_trip_ms;
  }));
  RemoteReport report = *engine->remote_report(call.ports.id, RelaySide::A);
  EXPECT_NEAR(report.fraction_lost, 26 / 256.0, 1e-9);
  EXPECT_EQ(report.cumulative_lost, 3);
  EXPECT_DOUBLE_EQ(report.jitter_ms, 10.0);
  EXPECT_GE(*report.round_trip_ms, 1.0);
  EXPECT_LT(*report.round_trip_ms, 100.0);
  engine->stop_play(call.ports.id, RelaySide::A);
}

TEST(RtcpRelay, RejectsANonPositiveReportInterval) {
  MediaOptions options;
  options.bind_address = kLoopback;
  options.port_min = 20580;
  options.port_max = 20599;
  options.rtcp_interval_ms = 0;
  auto engine = start_media_engine(options);
  ASSERT_FALSE(engine.ok());
  EXPECT_EQ(engine.error().field, "rtcp_interval_ms");
}

}  // namespace
}  // namespace hotline::media
