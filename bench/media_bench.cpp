// Figures for the media module: the SDP rewrite done for every offer and answer, and the relay's
// per-packet path measured end to end over loopback (into side A, out of side B). Run with
// `build/bench/bench_media`; the numbers depend on the machine and are printed, never asserted.
#include <arpa/inet.h>
#include <benchmark/benchmark.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <memory>
#include <string>

#include "media/conference.hpp"
#include "media/local_stream.hpp"
#include "media/media.hpp"
#include "media/pcm_queue.hpp"
#include "media/rtp/rtp_header.hpp"
#include "media/sdp.hpp"

namespace hotline::media {
namespace {

constexpr const char* kDeskPhoneOffer =
    "v=0\r\n"
    "o=- 20518 0 IN IP4 192.168.1.23\r\n"
    "s=SDP data\r\n"
    "c=IN IP4 192.168.1.23\r\n"
    "t=0 0\r\n"
    "m=audio 11780 RTP/AVP 9 18 0 8 101\r\n"
    "a=rtpmap:9 G722/8000\r\n"
    "a=rtpmap:18 G729/8000\r\n"
    "a=fmtp:18 annexb=no\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n"
    "a=fmtp:101 0-15\r\n"
    "a=ptime:20\r\n"
    "a=sendrecv\r\n";

void BM_SdpParse(benchmark::State& state) {
  for (auto _ : state) {
    auto audio = parse_sdp_audio(kDeskPhoneOffer);
    benchmark::DoNotOptimize(audio);
  }
}
BENCHMARK(BM_SdpParse);

void BM_SdpRewrite(benchmark::State& state) {
  const std::string ip = "203.0.113.5";
  for (auto _ : state) {
    auto rewritten = rewrite_sdp_for_relay(kDeskPhoneOffer, ip, 20000);
    benchmark::DoNotOptimize(rewritten);
  }
}
BENCHMARK(BM_SdpRewrite);

// A recorded call's received audio, per 20 ms tick and side: the decoded packet goes onto the
// party's PCM queue and the recording tap takes a frame off it.
void BM_PcmQueueFrame(benchmark::State& state) {
  PcmQueue queue;
  std::array<std::int16_t, 160> in{};
  std::array<std::int16_t, 160> out{};
  for (std::size_t i = 0; i < in.size(); ++i) in[i] = static_cast<std::int16_t>(i * 97);
  for (auto _ : state) {
    queue.push(in);
    queue.pop_frame(out);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_PcmQueueFrame);

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

// A blocking loopback UDP socket with a receive timeout, so a lost packet fails the run instead of
// hanging it. Thread: the benchmark.
class Phone {
 public:
  Phone() : fd_(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in address = loopback(0);
    bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    timeval timeout{1, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }
  Phone(const Phone&) = delete;
  Phone& operator=(const Phone&) = delete;
  ~Phone() { close(fd_); }

  std::uint16_t port() const { return port_; }
  bool send_to(const sockaddr_in& to, const char* data, std::size_t size) const {
    return sendto(fd_, data, size, 0, reinterpret_cast<const sockaddr*>(&to), sizeof to) ==
           static_cast<ssize_t>(size);
  }
  bool receive(char* buffer, std::size_t size) const { return recv(fd_, buffer, size, 0) > 0; }

 private:
  int fd_;
  std::uint16_t port_ = 0;
};

// One relay on one worker between two phones, warmed up so both sides are latched.
// Thread: the benchmark.
struct RelayFixture {
  std::unique_ptr<MediaEngine> engine;
  Phone caller;
  Phone callee;
  sockaddr_in side_a{};
  char packet[172] = {};  // 20 ms of G.711 behind a 12-byte RTP header
  char received[2048] = {};

  bool start() {
    MediaOptions options;
    options.port_min = 26000;
    options.port_max = 26999;
    options.workers = 1;
    auto started = start_media_engine(options);
    if (!started) return false;
    engine = std::move(*started);
    auto ports = engine->create_relay();
    if (!ports) return false;
    engine->set_remote(ports->id, RelaySide::A, "127.0.0.1", caller.port());
    engine->set_remote(ports->id, RelaySide::B, "127.0.0.1", callee.port());
    side_a = loopback(ports->port_a);
    packet[0] = static_cast<char>(0x80);
    return caller.send_to(side_a, packet, sizeof packet) && callee.receive(received, sizeof received);
  }
};

// items_per_second is packets/s; seconds_per_packet is its inverse, printed with an SI prefix (us, ns).
void report_per_packet(benchmark::State& state, std::int64_t packets) {
  state.SetItemsProcessed(packets);
  state.counters["seconds_per_packet"] = benchmark::Counter(
      static_cast<double>(packets), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// One packet at a time: the latency of a relay hop (worker wakeup, recvmmsg, sendmmsg).
void BM_RelayPacket(benchmark::State& state) {
  RelayFixture relay;
  if (!relay.start()) return state.SkipWithError("relay did not start");
  for (auto _ : state) {
    if (!relay.caller.send_to(relay.side_a, relay.packet, sizeof relay.packet) ||
        !relay.callee.receive(relay.received, sizeof relay.received)) {
      return state.SkipWithError("packet lost");
    }
  }
  report_per_packet(state, state.iterations());
}
BENCHMARK(BM_RelayPacket)->UseRealTime();

// A burst of packets, then the same number read back: throughput when recvmmsg fills its batch.
void BM_RelayBurst(benchmark::State& state) {
  RelayFixture relay;
  if (!relay.start()) return state.SkipWithError("relay did not start");
  const auto burst = state.range(0);
  for (auto _ : state) {
    for (std::int64_t i = 0; i < burst; ++i)
      relay.caller.send_to(relay.side_a, relay.packet, sizeof relay.packet);
    for (std::int64_t i = 0; i < burst; ++i) {
      if (!relay.callee.receive(relay.received, sizeof relay.received))
        return state.SkipWithError("packet lost");
    }
  }
  report_per_packet(state, state.iterations() * burst);
}
BENCHMARK(BM_RelayBurst)->Arg(8)->Arg(32)->Arg(128)->UseRealTime();

// One 20 ms tick of a conference of N parties, as a worker does it: each party's PCMU packet
// decoded into its queue, the mix, and each party's output encoded into a PCMU packet. Sockets
// are left out (the relay rows measure those). Conferences one core sustains = 20 ms / time.
void BM_ConferenceTick(benchmark::State& state) {
  const auto parties = static_cast<std::size_t>(state.range(0));
  Conference conference(1);
  std::vector<rtp::ParticipantId> seats;
  std::vector<LocalStream> streams;
  for (std::size_t i = 0; i < parties; ++i) {
    seats.push_back(*conference.seat(i + 1, RelaySide::A, {}));
    streams.emplace_back(static_cast<std::uint32_t>(i + 1), 1);
  }
  std::array<std::uint8_t, 172> packet{};
  rtp::RtpHeader header;
  std::size_t header_bytes = rtp::write_rtp_header(header, packet);
  for (std::size_t i = header_bytes; i < packet.size(); ++i) packet[i] = static_cast<std::uint8_t>(i * 37);
  rtp::RtpPacketView view;
  rtp::parse_rtp(packet, view);
  std::array<std::uint8_t, 256> out{};
  for (auto _ : state) {
    for (auto seat : seats) conference.on_rtp(seat, view);
    conference.tick();
    for (std::size_t i = 0; i < parties; ++i) {
      benchmark::DoNotOptimize(streams[i].audio_packet(0, conference.output(seats[i]), out));
      streams[i].advance();
    }
  }
  state.counters["conferences_per_core"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * 0.020, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ConferenceTick)->Arg(3)->Arg(10);

}  // namespace
}  // namespace hotline::media

BENCHMARK_MAIN();
