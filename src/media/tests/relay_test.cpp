// The relay end to end over loopback: test sockets play the caller and the callee.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "media/media.hpp"
#include "media/tests/relay_fixtures.hpp"

namespace hotline::media {
namespace {

using namespace test_support;

TEST(RtpRelay, RelaysBothDirectionsUnchanged) {
  auto engine = start_engine(20000, 20099);
  Call call = connect_call(*engine);
  EXPECT_EQ(engine->active_relays(), 1u);
  EXPECT_EQ(engine->bind_address(), kLoopback);

  std::string rtp_packet("\x80\x00\x12\x34payload-from-caller\0\xff", 26);
  call.caller.rtp.send_to(call.ports.port_a, rtp_packet);
  auto at_callee = call.callee.rtp.receive();
  ASSERT_TRUE(at_callee);
  EXPECT_EQ(at_callee->payload, rtp_packet);
  EXPECT_EQ(at_callee->source_port, call.ports.port_b);

  call.callee.rtp.send_to(call.ports.port_b, "answer");
  auto at_caller = call.caller.rtp.receive();
  ASSERT_TRUE(at_caller);
  EXPECT_EQ(at_caller->payload, "answer");
  EXPECT_EQ(at_caller->source_port, call.ports.port_a);
}

TEST(RtpRelay, LatchesOntoTheSourceTheCalleeReallySendsFrom) {
  auto engine = start_engine(20100, 20199);
  Call call = connect_call(*engine);
  auto behind_nat = TestPeer::bind();  // the callee's NAT maps its port elsewhere than its SDP said

  call.caller.rtp.send_to(call.ports.port_a, "before latching");
  ASSERT_TRUE(call.callee.rtp.receive());  // still the SDP address

  behind_nat->send_to(call.ports.port_b, "from the callee");
  auto at_caller = call.caller.rtp.receive();
  ASSERT_TRUE(at_caller);
  EXPECT_EQ(at_caller->payload, "from the callee");

  call.caller.rtp.send_to(call.ports.port_a, "after latching");
  auto at_callee = behind_nat->receive();
  ASSERT_TRUE(at_callee);
  EXPECT_EQ(at_callee->payload, "after latching");
  EXPECT_FALSE(call.callee.rtp.receive(50));

  // Once latched, a stranger on side B is ignored.
  auto stranger = TestPeer::bind();
  stranger->send_to(call.ports.port_b, "injected");
  EXPECT_FALSE(call.caller.rtp.receive(50));
}

TEST(RtpRelay, DropsPacketsUntilTheDestinationIsKnown) {
  auto engine = start_engine(20200, 20299);
  auto ports = engine->create_relay();
  ASSERT_TRUE(ports.ok());
  TestPhone caller = TestPhone::bind();
  TestPhone callee = TestPhone::bind();
  engine->set_remote(ports->id, RelaySide::A, kLoopback, caller.rtp.port());

  caller.rtp.send_to(ports->port_a, "nowhere to go");
  callee.rtp.send_to(ports->port_b, "callee speaks first");  // latches side B
  auto at_caller = caller.rtp.receive();
  ASSERT_TRUE(at_caller);
  EXPECT_EQ(at_caller->payload, "callee speaks first");
  EXPECT_FALSE(callee.rtp.receive(50));

  caller.rtp.send_to(ports->port_a, "now it can");
  auto at_callee = callee.rtp.receive();
  ASSERT_TRUE(at_callee);
  EXPECT_EQ(at_callee->payload, "now it can");
}

TEST(RtpRelay, RelaysRtcpOnTheNextPort) {
  auto engine = start_engine(20300, 20399);
  Call call = connect_call(*engine);

  call.caller.rtcp.send_to(call.ports.port_a + 1, "sender report");
  auto at_callee = call.callee.rtcp.receive();
  ASSERT_TRUE(at_callee);
  EXPECT_EQ(at_callee->payload, "sender report");
  EXPECT_EQ(at_callee->source_port, call.ports.port_b + 1);

  call.callee.rtcp.send_to(call.ports.port_b + 1, "receiver report");
  auto at_caller = call.caller.rtcp.receive();
  ASSERT_TRUE(at_caller);
  EXPECT_EQ(at_caller->payload, "receiver report");
  EXPECT_EQ(at_caller->source_port, call.ports.port_a + 1);
  EXPECT_FALSE(call.caller.rtp.receive(20));  // RTCP stays off the RTP ports
}

TEST(RtpRelay, CountsRtpPacketsAndBytesPerDirection) {
  auto engine = start_engine(20400, 20499);
  Call call = connect_call(*engine);
  for (int i = 0; i < 5; ++i) {
    call.caller.rtp.send_to(call.ports.port_a, std::string(100, 'a'));
    ASSERT_TRUE(call.callee.rtp.receive());
  }
  for (int i = 0; i < 3; ++i) {
    call.callee.rtp.send_to(call.ports.port_b, std::string(60, 'b'));
    ASSERT_TRUE(call.caller.rtp.receive());
  }
  call.caller.rtcp.send_to(call.ports.port_a + 1, "rtcp is not counted");
  ASSERT_TRUE(call.callee.rtcp.receive());

  RelayId id = call.ports.id;
  ASSERT_TRUE(eventually([&] { return engine->counters(id).packets_b_to_a == 3; }));
  RelayCounters counters = engine->counters(id);
  EXPECT_EQ(counters.packets_a_to_b, 5u);
  EXPECT_EQ(counters.bytes_a_to_b, 500u);
  EXPECT_EQ(counters.packets_b_to_a, 3u);
  EXPECT_EQ(counters.bytes_b_to_a, 180u);
  EXPECT_EQ(engine->counters(id + 100).packets_a_to_b, 0u);  // unknown relay
}

TEST(RtpRelay, DestroyReleasesPortsForReuse) {
  auto engine = start_engine(20500, 20503);  // two pairs: room for exactly one relay
  auto first = engine->create_relay();
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(std::set<std::uint16_t>({first->port_a, first->port_b}), std::set<std::uint16_t>({20500, 20502}));

  engine->destroy_relay(first->id);
  EXPECT_EQ(engine->active_relays(), 0u);
  std::optional<RelayPorts> second;
  ASSERT_TRUE(eventually([&] {
    auto created = engine->create_relay();
    if (created) second = *created;
    return created.ok();
  }));
  EXPECT_NE(second->id, first->id);
  EXPECT_EQ(std::set<std::uint16_t>({second->port_a, second->port_b}),
            std::set<std::uint16_t>({20500, 20502}));
  EXPECT_EQ(engine->active_relays(), 1u);
}

TEST(RtpRelay, ExhaustedPortRangeIsUnavailable) {
  auto engine = start_engine(20600, 20605);  // three pairs: one relay and half of another
  auto first = engine->create_relay();
  ASSERT_TRUE(first.ok());
  auto second = engine->create_relay();
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::Unavailable);
  EXPECT_EQ(engine->active_relays(), 1u);

  // The half-allocated pair was closed, not leaked.
  EXPECT_TRUE(TestPeer::bind(20604));
  EXPECT_TRUE(TestPeer::bind(20605));

  engine->destroy_relay(first->id);
  EXPECT_TRUE(eventually([&] { return engine->create_relay().ok(); }));
}

TEST(RtpRelay, SkipsPortsHeldByOthers) {
  auto squatter = TestPeer::bind(20701);  // the RTCP port of the first pair
  ASSERT_TRUE(squatter);
  auto engine = start_engine(20700, 20705);
  auto relay = engine->create_relay();
  ASSERT_TRUE(relay.ok()) << relay.error().message;
  EXPECT_EQ(std::set<std::uint16_t>({relay->port_a, relay->port_b}), std::set<std::uint16_t>({20702, 20704}));
}

TEST(RtpRelay, RejectsBadOptions) {
  MediaOptions options;
  options.bind_address = "not-an-ip";
  auto engine = start_media_engine(options);
  ASSERT_FALSE(engine.ok());
  EXPECT_EQ(engine.error().field, "bind_address");

  options.bind_address = kLoopback;
  options.port_min = 20001;
  options.port_max = 20002;
  engine = start_media_engine(options);
  ASSERT_FALSE(engine.ok());
  EXPECT_EQ(engine.error().field, "port_min");
}

TEST(RtpRelay, TwoHundredConcurrentRelaysLoseNothing) {
  constexpr int kRelays = 200;
  constexpr int kPackets = 50;
  auto engine = start_engine(21000, 22999, 2);
  std::vector<Call> calls;
  calls.reserve(kRelays);
  for (int r = 0; r < kRelays; ++r) calls.push_back(connect_call(*engine));
  EXPECT_EQ(engine->active_relays(), static_cast<std::size_t>(kRelays));
  // Both sides' remotes must be in place before media flows; the first packet of each call proves it.
  for (Call& call : calls) {
    call.caller.rtp.send_to(call.ports.port_a, "warm-up");
    ASSERT_TRUE(call.callee.rtp.receive());
  }

  for (int p = 0; p < kPackets; ++p) {
    for (int r = 0; r < kRelays; ++r) {
      calls[r].caller.rtp.send_to(calls[r].ports.port_a, "a" + std::to_string(r) + ":" + std::to_string(p));
      calls[r].callee.rtp.send_to(calls[r].ports.port_b, "b" + std::to_string(r) + ":" + std::to_string(p));
    }
  }
  for (int r = 0; r < kRelays; ++r) {
    for (int p = 0; p < kPackets; ++p) {
      auto at_callee = calls[r].callee.rtp.receive();
      auto at_caller = calls[r].caller.rtp.receive();
      ASSERT_TRUE(at_callee && at_caller) << "relay " << r << " packet " << p;
      EXPECT_EQ(at_callee->payload, "a" + std::to_string(r) + ":" + std::to_string(p));
      EXPECT_EQ(at_caller->payload, "b" + std::to_string(r) + ":" + std::to_string(p));
    }
  }
  ASSERT_TRUE(eventually([&] { return engine->counters(calls.back().ports.id).packets_b_to_a == kPackets; }));
  EXPECT_EQ(engine->counters(calls.front().ports.id).packets_a_to_b, kPackets + 1u);
}

}  // namespace
}  // namespace hotline::media
