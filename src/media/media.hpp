// media: every call's audio. For now the RTP relay that anchors media in the server: each relay
// is a pair of UDP endpoints (side A faces the caller, side B the callee); packets arriving on one
// side leave from the other towards the remote address of that side. The remote address comes
// from SDP and is re-learned from the first packets received (symmetric RTP / latching, for
// phones behind NAT). RTCP uses port+1 and is relayed the same way. The media-engine issue grows
// this into codecs, DTMF, player, mixer and recorder.
//
// Threads: MediaEngine's methods are called from the core loop. Sockets are owned by worker
// threads (one per core minus one, at least one), each with its own epoll set; commands reach a
// worker through a queue and an eventfd. Nothing is allocated or locked per packet.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/result.hpp"
#include "media/sdp.hpp"

namespace hotline::media {

struct MediaOptions {
  std::string bind_address = "127.0.0.1";
  std::uint16_t port_min = 20000;  // even ports are RTP, the next odd one RTCP
  std::uint16_t port_max = 29999;
  int workers = 0;  // 0: cores - 1, at least 1
};

enum class RelaySide { A, B };

using RelayId = std::uint64_t;

struct RelayPorts {
  RelayId id = 0;
  std::uint16_t port_a = 0;  // local RTP port the caller sends to
  std::uint16_t port_b = 0;  // local RTP port the callee sends to
};

struct RelayCounters {
  std::uint64_t packets_a_to_b = 0;
  std::uint64_t packets_b_to_a = 0;
  std::uint64_t bytes_a_to_b = 0;
  std::uint64_t bytes_b_to_a = 0;
};

class MediaEngine {
 public:
  virtual ~MediaEngine() = default;

  // Binds two RTP/RTCP port pairs. Unavailable when the port range is exhausted.
  virtual Result<RelayPorts> create_relay() = 0;
  // Where to send packets leaving from `side`'s socket until latching learns a source address.
  // RTCP goes to rtp_port + 1. Latching: the first packet `side` sends (since creation or the last
  // set_remote) fixes its RTP, and separately its RTCP, address; later packets from other sources
  // are dropped. An ip of 0.0.0.0 or a port of 0 (hold, rejected stream) means "unknown": packets
  // for that side are dropped until it sends. Unknown ids and non-numeric ips are ignored.
  virtual void set_remote(RelayId id, RelaySide side, const std::string& ip, std::uint16_t rtp_port) = 0;
  // Releases the ports; packets in flight are dropped. The worker closes the sockets shortly
  // after, and only then are the ports offered to create_relay again.
  virtual void destroy_relay(RelayId id) = 0;
  // A snapshot of the counters (approximate while packets flow): RTP packets and bytes relayed in
  // each direction; RTCP is relayed but not counted. Zeros for an unknown id.
  virtual RelayCounters counters(RelayId id) const = 0;
  virtual std::string bind_address() const = 0;
  virtual std::size_t active_relays() const = 0;
};

Result<std::unique_ptr<MediaEngine>> start_media_engine(const MediaOptions& options);

}  // namespace hotline::media
