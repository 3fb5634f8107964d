// The relay end to end over loopback: test sockets play the caller and the callee.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "media/media.hpp"

namespace hotline::media {
namespace {

constexpr const char* kLoopback = "127.0.0.1";
// Test peers bind here, below the kernel's ephemeral range and apart from the relay ranges below.
constexpr std::uint16_t kPeerPortMin = 31000;

struct Datagram {
  std::string payload;
  std::uint16_t source_port = 0;
};

// A UDP socket on 127.0.0.1 standing in for a phone. Thread: the test.
class TestPeer {
 public:
  // Any free port, or exactly `port` (nullopt when it is taken).
  static std::optional<TestPeer> bind(std::uint16_t port = 0) {
    TestPeer peer;
    peer.fd_ = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_in address = loopback(port);
    if (::bind(peer.fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return std::nullopt;
    socklen_t length = sizeof address;
    getsockname(peer.fd_, reinterpret_cast<sockaddr*>(&address), &length);
    peer.port_ = ntohs(address.sin_port);
    return peer;
  }
  TestPeer(TestPeer&& other) noexcept : fd_(std::exchange(other.fd_, -1)), port_(other.port_) {}
  TestPeer(const TestPeer&) = delete;
  ~TestPeer() {
    if (fd_ >= 0) close(fd_);
  }

  std::uint16_t port() const { return port_; }

  void send_to(std::uint16_t port, const std::string& payload) const {
    sockaddr_in to = loopback(port);
    ASSERT_EQ(sendto(fd_, payload.data(), payload.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to),
              static_cast<ssize_t>(payload.size()));
  }

  std::optional<Datagram> receive(int timeout_ms = 1000) const {
    pollfd ready{fd_, POLLIN, 0};
    if (poll(&ready, 1, timeout_ms) != 1) return std::nullopt;
    char buffer[2048];
    sockaddr_in from{};
    socklen_t length = sizeof from;
    ssize_t size = recvfrom(fd_, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&from), &length);
    if (size < 0) return std::nullopt;
    return Datagram{std::string(buffer, static_cast<std::size_t>(size)), ntohs(from.sin_port)};
  }

 private:
  TestPeer() = default;
  static sockaddr_in loopback(std::uint16_t port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    inet_pton(AF_INET, kLoopback, &address.sin_addr);
    return address;
  }

  int fd_ = -1;
  std::uint16_t port_ = 0;
};

// A phone's RTP and RTCP sockets on consecutive ports, as SDP implies.
struct TestPhone {
  TestPeer rtp;
  TestPeer rtcp;

  static TestPhone bind() {
    static std::uint16_t next = kPeerPortMin;
    for (; next < kPeerPortMin + 2000; next += 2) {
      auto rtp = TestPeer::bind(next);
      auto rtcp = rtp ? TestPeer::bind(next + 1) : std::nullopt;
      if (rtp && rtcp) {
        next += 2;
        return TestPhone{std::move(*rtp), std::move(*rtcp)};
      }
    }
    throw std::runtime_error("no free port pair for a test phone");
  }
};

std::unique_ptr<MediaEngine> start_engine(std::uint16_t port_min, std::uint16_t port_max, int workers = 1) {
  MediaOptions options;
  options.bind_address = kLoopback;
  options.port_min = port_min;
  options.port_max = port_max;
  options.workers = workers;
  auto engine = start_media_engine(options);
  if (!engine) throw std::runtime_error(engine.error().message);
  return std::move(*engine);
}

// Commands reach the worker asynchronously; this waits for their effect.
bool eventually(const std::function<bool()>& condition) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

// A relay with both sides' SDP addresses set, and a packet relayed each way so that the test knows
// the worker has applied the set_remote commands.
struct Call {
  RelayPorts ports;
  TestPhone caller = TestPhone::bind();
  TestPhone callee = TestPhone::bind();
};

Call connect_call(MediaEngine& engine) {
  Call call;
  auto ports = engine.create_relay();
  if (!ports) throw std::runtime_error(ports.error().message);
  call.ports = *ports;
  engine.set_remote(call.ports.id, RelaySide::A, kLoopback, call.caller.rtp.port());
  engine.set_remote(call.ports.id, RelaySide::B, kLoopback, call.callee.rtp.port());
  return call;
}

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
