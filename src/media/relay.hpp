// Relay: the state of one relayed call leg pair — four sockets (RTP and RTCP on side A and side B),
// where each side's packets are sent, whether that address was learned from traffic, the
// per-direction counters, and per side what its RTP looked like and what its RTCP reported.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <optional>
#include <string_view>

#include "media/call_tap.hpp"
#include "media/dtmf_listener.hpp"
#include "media/local_output.hpp"
#include "media/media.hpp"
#include "media/port_allocator.hpp"
#include "media/rtp/rtcp_session.hpp"
#include "media/rtp/rtp_receiver.hpp"
#include "media/socket_address.hpp"
#include "media/udp_socket.hpp"

namespace hotline::media {

enum class StreamKind { Rtp = 0, Rtcp = 1 };

class Relay;

// One of a relay's four sockets. epoll hands a pointer to it back, so the worker knows at once
// which relay, side and stream a packet arrived on.
struct RelayEndpoint {
  Relay* relay = nullptr;
  RelaySide side = RelaySide::A;
  StreamKind kind = StreamKind::Rtp;
  UdpSocket socket;
  SocketAddress remote;  // where packets for this side are sent; empty: not known yet
  bool latched = false;  // remote was learned from a received packet
};

// Written by the owning worker only; read (relaxed) from the core loop for counters().
struct DirectionCounters {
  std::atomic<std::uint64_t> packets{0};
  std::atomic<std::uint64_t> bytes{0};

  void add(std::uint64_t packet_count, std::uint64_t byte_count) {
    packets.store(packets.load(std::memory_order_relaxed) + packet_count, std::memory_order_relaxed);
    bytes.store(bytes.load(std::memory_order_relaxed) + byte_count, std::memory_order_relaxed);
  }
};

// Thread: built on the core loop, then owned by one RelayWorker, whose thread alone touches the
// endpoints. The core keeps a non-owning pointer only to read the counters, and drops it before
// it asks the worker to destroy the relay.
class Relay {
 public:
  // RTCP CNAMEs name `cname_host` (the media address); the server's own reports go out about
  // every `rtcp_interval_us` (RFC 3550 6.2, randomised).
  Relay(RelayId id, BoundPortPair side_a, BoundPortPair side_b, std::string_view cname_host = "hotline",
        std::int64_t rtcp_interval_us = 5'000'000);
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  RelayId id() const { return id_; }
  std::uint16_t rtp_port(RelaySide side) const { return rtp_ports_[index(side)]; }
  RelayEndpoint& endpoint(RelaySide side, StreamKind kind) {
    return endpoints_[index(side)][static_cast<std::size_t>(kind)];
  }

  // RTP packets relayed, by the side they arrived on. RTCP is relayed but not counted.
  void count_received_on(RelaySide side, std::uint64_t packets, std::uint64_t bytes) {
    received_on_[index(side)].add(packets, bytes);
  }
  RelayCounters counters() const;
  // Receive statistics per side: fed by the worker, published every tick for quality().
  rtp::RtpReceiver& receiver(RelaySide side) { return receivers_[index(side)]; }
  void publish_quality();
  ReceiveQuality quality(RelaySide side) const;
  std::optional<RemoteReport> remote_report(RelaySide side) const;

  // A side's RTCP (worker thread only). The session reads every report the side sends; while the
  // side hears local output it also schedules and builds the server's own reports to it.
  struct SideRtcp {
    rtp::RtcpSession session;
    bool reporting = false;  // the schedule runs: the side hears local output
  };
  SideRtcp& rtcp(RelaySide side) { return rtcp_[index(side)]; }
  // The SSRC of the server's own stream towards `side` (its LocalOutput's).
  std::uint32_t local_ssrc(RelaySide side) const;

  // Destroyed (or handed over) while events for it may still be queued in the worker's batch.
  bool retired() const { return retired_; }
  void retire() { retired_ = true; }
  void unretire() { retired_ = false; }  // handed over to another worker, where it lives on

  // The recording tap, if the call is being recorded (worker thread only).
  std::unique_ptr<CallTap> tap;
  // The keys both parties press (worker thread only).
  DtmfListener dtmf;
  // What the server itself sends towards a side (worker thread only), made on first use. Packets
  // for a side whose local output is active are not relayed to it.
  LocalOutput& output(RelaySide side);
  bool has_local_output(RelaySide side) const {
    return outputs_[index(side)] && outputs_[index(side)]->active();
  }
  bool has_local_output() const { return has_local_output(RelaySide::A) || has_local_output(RelaySide::B); }
  // Media timeout: ticks without RTP from a side, and the limit (0: not watched).
  struct Silence {
    std::uint32_t ticks = 0;
    std::uint32_t limit = 0;
  };
  Silence& silence_from(RelaySide side) { return silence_[index(side)]; }
  // The RTP payload type a side last sent.
  std::uint8_t& payload_type_from(RelaySide side) { return payload_type_from_[index(side)]; }
  // The codec the side's SDP chose (-1: not known), which local output towards it is encoded in.
  void set_audio_payload_type(RelaySide side, int payload_type) {
    audio_payload_type_[index(side)] = payload_type;
  }
  int audio_payload_type_towards(RelaySide side) const;

 private:
  static std::size_t index(RelaySide side) { return side == RelaySide::A ? 0 : 1; }
  void adopt(RelaySide side, BoundPortPair& ports);
  SideRtcp make_rtcp(RelaySide side, std::string_view cname_host, std::int64_t interval_us) const;

  RelayId id_;
  std::array<std::uint16_t, 2> rtp_ports_{};
  std::array<std::array<RelayEndpoint, 2>, 2> endpoints_;  // [side][kind]
  std::array<DirectionCounters, 2> received_on_;
  bool retired_ = false;  // worker thread only
  std::array<std::unique_ptr<LocalOutput>, 2> outputs_;
  std::array<rtp::RtpReceiver, 2> receivers_;
  std::array<SideRtcp, 2> rtcp_;
  struct PublishedQuality {
    std::atomic<std::uint64_t> received{0};
    std::atomic<std::int64_t> lost{0};
    std::atomic<double> jitter_ms{0};
    // From the side's RTCP: what it reported last about the stream it hears.
    std::atomic<bool> remote_reported{false};
    std::atomic<double> remote_fraction_lost{0};
    std::atomic<std::int64_t> remote_lost{0};
    std::atomic<double> remote_jitter_ms{0};
    std::atomic<bool> has_round_trip{false};
    std::atomic<double> round_trip_ms{0};
  };
  std::array<PublishedQuality, 2> published_;
  std::array<std::uint8_t, 2> payload_type_from_{};
  std::array<int, 2> audio_payload_type_{-1, -1};
  std::array<Silence, 2> silence_{};
};

}  // namespace hotline::media
