// Test fixtures for the media engine over loopback: sockets that play phones, an engine on a
// given port range, and a relay whose two sides point at two test phones.
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

#include "media/media.hpp"

namespace hotline::media::test_support {

inline constexpr const char* kLoopback = "127.0.0.1";
// Test peers bind here, below the kernel's ephemeral range and apart from the relay ranges below.
inline constexpr std::uint16_t kPeerPortMin = 31000;

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

inline std::unique_ptr<MediaEngine> start_engine(std::uint16_t port_min, std::uint16_t port_max,
                                                 int workers = 1, MediaOptions options = {}) {
  options.bind_address = kLoopback;
  options.port_min = port_min;
  options.port_max = port_max;
  options.workers = workers;
  auto engine = start_media_engine(options);
  if (!engine) throw std::runtime_error(engine.error().message);
  return std::move(*engine);
}

// Commands reach the worker asynchronously; this waits for their effect.
inline bool eventually(const std::function<bool()>& condition) {
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

inline Call connect_call(MediaEngine& engine) {
  Call call;
  auto ports = engine.create_relay();
  if (!ports) throw std::runtime_error(ports.error().message);
  call.ports = *ports;
  engine.set_remote(call.ports.id, RelaySide::A, kLoopback, call.caller.rtp.port());
  engine.set_remote(call.ports.id, RelaySide::B, kLoopback, call.callee.rtp.port());
  return call;
}

}  // namespace hotline::media::test_support
