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
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "media/dsp/dtmf_digit.hpp"
#include "media/sdp.hpp"

namespace hotline::media {

enum class RelaySide { A, B };
inline RelaySide other_side(RelaySide side) { return side == RelaySide::A ? RelaySide::B : RelaySide::A; }

using RelayId = std::uint64_t;

struct RecordingOutcome;

struct MediaOptions {
  std::string bind_address = "127.0.0.1";
  std::uint16_t port_min = 20000;  // even ports are RTP, the next odd one RTCP
  std::uint16_t port_max = 29999;
  int workers = 0;  // 0: cores - 1, at least 1
  // Music on hold: one folder of WAV files per class; "default" is built in if absent.
  std::filesystem::path music_dir;
  // Called on a media thread (not the core loop) when a recording's file is finished.
  std::function<void(const RecordingOutcome&)> on_recording_finished;
  // Called on a media worker (not the core loop) for every key a party presses (RFC 4733 or
  // in-band); it must hand the digit on without blocking.
  std::function<void(RelayId, RelaySide, const dsp::DtmfDigit&)> on_dtmf;
};

// A call recording (REC-1): 8 kHz 16-bit WAV, stereo with the customer on the left and the agent
// on the right, or mono (both mixed).
struct RecordingSpec {
  std::string id;  // reported back in RecordingOutcome
  std::filesystem::path path;
  int channels = 2;
  RelaySide customer_side = RelaySide::A;
};

struct RecordingOutcome {
  std::string id;
  std::int64_t duration_ms = 0;
  std::int64_t paused_ms = 0;
  std::int64_t bytes = 0;
  std::optional<std::string> error;  // the write or open failure, naming the file
};

struct RecordingHealth {
  std::size_t active = 0;
  std::uint64_t failed = 0;  // since start
  std::string last_error;
};

// Gives a recording left by a crash a header that matches its data, so it plays; its length.
Result<RecordingOutcome> repair_recording(const std::filesystem::path& path);

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

// What a side's RTP looked like on arrival (RFC 3550 A.3 and A.8), updated every 20 ms.
struct ReceiveQuality {
  std::uint64_t received = 0;
  std::int64_t lost = 0;  // expected - received
  double jitter_ms = 0;
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
  // The RTP received from `side` so far; zeros for an unknown id. Read it before destroy_relay.
  virtual ReceiveQuality quality(RelayId id, RelaySide side) const = 0;
  virtual std::string bind_address() const = 0;
  virtual std::size_t active_relays() const = 0;

  // Records what the relay carries from now on. destroy_relay() finishes the file; the outcome
  // arrives through MediaOptions::on_recording_finished either way, also for a file that could not
  // be opened.
  virtual void start_recording(RelayId id, const RecordingSpec& spec) = 0;
  // While paused the file gets silence, so it stays aligned with the call (card numbers, PINs).
  virtual void pause_recording(RelayId id, bool paused) = 0;
  virtual RecordingHealth recording_health() const = 0;

  // Music on hold (PBX-4) towards `towards` while the other side holds; relayed RTP towards that
  // side stops until stop_music. An unknown class plays "default".
  virtual void start_music(RelayId id, RelaySide towards, const std::string& music_class) = 0;
  virtual void stop_music(RelayId id, RelaySide towards) = 0;
  // Blocks until every recording that ended so far is finished and reported (shutdown).
  virtual void drain_recordings() = 0;
};

Result<std::unique_ptr<MediaEngine>> start_media_engine(const MediaOptions& options);

}  // namespace hotline::media
