// media: every call's audio. Each call's media is anchored in a relay: a pair of UDP endpoints
// (side A faces the caller, side B the callee); packets arriving on one side leave from the other
// towards the remote address of that side. The remote address comes from SDP and is re-learned
// from the first packets received (symmetric RTP / latching, for phones behind NAT). RTCP uses
// port+1 and is relayed the same way; the engine also reads it, to learn what each side reports
// about the stream it hears (loss, jitter) and the round trip to it.
//
// Instead of the other side's packets, a side can hear audio the server makes itself (its "local
// output"): prompts, speech and tones from a player, music on hold, DTMF the server sends, or its
// mix of a conference. While a side has local output, nothing is relayed to it, RTCP included, so
// two streams never interleave: the server sends it RTCP reports about its own stream instead.
// Relaying resumes when the local output ends.
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
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "media/audio/prompt.hpp"
#include "media/dsp/dtmf_digit.hpp"
#include "media/sdp.hpp"

namespace hotline::media {

enum class RelaySide { A, B };
inline RelaySide other_side(RelaySide side) { return side == RelaySide::A ? RelaySide::B : RelaySide::A; }

using RelayId = std::uint64_t;
using PlayId = std::uint64_t;
using ConferenceId = std::uint64_t;

struct PlayOutcome;

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
  // Called on a media thread when a play() ends, whichever way; it must not block.
  std::function<void(const PlayOutcome&)> on_play_done;
  // Called on a media worker when a watched side has sent no RTP for its timeout (watch_media).
  std::function<void(RelayId, RelaySide)> on_media_timeout;
  // Where synthesized speech is cached (one WAV per sentence); empty: speech items fail.
  std::filesystem::path speech_cache_dir;
  // The mean interval of the RTCP reports the server sends a side that hears its own audio
  // (RFC 3550 6.2: 5 s, randomised by ±50%; the first after half of it).
  std::int64_t rtcp_interval_ms = 5000;
};

// One element of what play() plays (IVR-11).
struct PlayItemSpec {
  enum class Kind { File, Speech, Tone, Silence };
  Kind kind = Kind::Silence;
  // File: a WAV path (any rate, resampled). Speech: the text. Tone: dial | ringback | busy |
  // congestion | beep.
  std::string value;
  std::string language = "zh-CN";  // Speech: zh-CN or en
  std::string region = "china";    // Tone: china | europe | north_america
  // Silence and Tone: how long. A tone of 0 ms plays one cadence (the beep: 200 ms).
  std::int64_t duration_ms = 0;

  static PlayItemSpec file(std::string path) { return {Kind::File, std::move(path)}; }
  static PlayItemSpec speech(std::string text, std::string language = "zh-CN") {
    PlayItemSpec item{Kind::Speech, std::move(text)};
    item.language = std::move(language);
    return item;
  }
  static PlayItemSpec tone(std::string name, std::int64_t duration_ms = 0) {
    PlayItemSpec item{Kind::Tone, std::move(name)};
    item.duration_ms = duration_ms;
    return item;
  }
  static PlayItemSpec silence(std::int64_t duration_ms) {
    PlayItemSpec item{Kind::Silence};
    item.duration_ms = duration_ms;
    return item;
  }
};

struct PlaySpec {
  std::vector<PlayItemSpec> items;
  int loops = 1;              // -1: until stopped
  bool interruptible = true;  // a key pressed by the listening side stops it
  double gain_db = 0.0;
};

struct PlayOutcome {
  enum class End { Finished, Interrupted, Stopped, Failed };
  RelayId relay = 0;
  RelaySide towards = RelaySide::A;
  PlayId play = 0;
  End end = End::Finished;
  char digit = 0;              // Interrupted: the key that stopped it
  std::int64_t played_ms = 0;  // audio actually sent
  std::string error;           // Failed: which item could not be prepared, and why
};

// DTMF the server sends into a leg (towards a side): RFC 4733 events when the side negotiated
// telephone-event, in-band tones otherwise.
struct DtmfSendSpec {
  std::string digits;           // 0-9 * # A-D, at most 32
  int duration_ms = 100;        // each tone
  int gap_ms = 100;             // between tones
  int telephone_event_pt = -1;  // the side's negotiated payload type; -1: in-band
};

// A conference participant's part in the mix (PBX-9, supervision): full participant by default;
// listen = !speaks; whisper = speaks only to `whisper_to`.
struct ParticipantSpec {
  bool speaks = true;
  bool hears = true;
  std::optional<std::pair<RelayId, RelaySide>> whisper_to;  // heard only by this participant
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

// What a side's RTCP said last about the stream it hears from the server (RFC 3550 6.4.1): the
// other side's relayed RTP, or the server's own while it hears local output. Updated every 20 ms.
struct RemoteReport {
  double fraction_lost = 0;  // 0..1, over the side's last report interval
  std::int64_t cumulative_lost = 0;
  double jitter_ms = 0;
  // Between the server and the side, when the report's LSR/DLSR name a sender report the server
  // sent or forwarded to it.
  std::optional<double> round_trip_ms;
};

// What a tenant's call asks start_music for: "<tenant id>/<class>". The engine plays the tenant's
// own class of that name (DATA/moh/<tenant id>/<class>), else the shared one (DATA/moh/<class>),
// else "default".
std::string tenant_music_class(std::int64_t tenant_id, const std::string& music_class);

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
  // What `side` reported about the stream it hears; nullopt until a report about it arrived (and
  // for an unknown id). Read it before destroy_relay.
  virtual std::optional<RemoteReport> remote_report(RelayId id, RelaySide side) const = 0;
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
  // Replaces the class `music_class` with `files` (decoded by the caller: MusicLibrary::load_class),
  // or removes it when `files` is empty; legs on hold hear the change within a tick or two.
  virtual void reload_music(const std::string& music_class,
                            std::vector<std::shared_ptr<const audio::Prompt>> files) = 0;
  // Blocks until every recording that ended so far is finished and reported (shutdown).
  virtual void drain_recordings() = 0;

  // Reports once through MediaOptions::on_media_timeout if `side` sends no RTP for `timeout_ms`
  // from now (a phone that vanished without a BYE). 0 stops watching (hold, where a phone may
  // rightly go quiet). The timeout is counted in 20 ms ticks.
  virtual void watch_media(RelayId id, RelaySide side, std::int64_t timeout_ms) = 0;

  // The codec the server encodes its own audio in towards `side` (from that side's SDP): PCMU,
  // PCMA or G.722. Until set, the payload type the side last sent, else PCMU.
  virtual void set_audio_payload_type(RelayId id, RelaySide side, int payload_type) = 0;

  // Plays `spec` towards `towards` (prompts, speech, tones), replacing a play already running
  // there (which ends Stopped). Files and speech are prepared off the media threads, so sound
  // starts a few milliseconds later (longer for speech not yet cached). The outcome arrives once
  // through MediaOptions::on_play_done.
  virtual PlayId play(RelayId id, RelaySide towards, PlaySpec spec) = 0;
  virtual void stop_play(RelayId id, RelaySide towards) = 0;
  // Sends DTMF towards a side. InvalidArgument naming "digits", "duration_ms" or "gap_ms".
  virtual Status send_dtmf(RelayId id, RelaySide towards, const DtmfSendSpec& spec) = 0;

  // An N-party mix (up to 64). A relay side joins by its (relay, side): it then hears its mix
  // instead of relayed audio, and its audio feeds the mix. Conflict when full, NotFound for an
  // unknown conference or relay. Joining again updates the participant's spec.
  virtual ConferenceId create_conference() = 0;
  // A conference on the media worker of `beside`, so that a relay with one side in each may take
  // part in both (a relay's sides mix on one worker). An unknown `beside`: as create_conference.
  virtual ConferenceId create_conference_beside(ConferenceId beside) = 0;
  virtual Status join_conference(ConferenceId conference, RelayId id, RelaySide side,
                                 const ParticipantSpec& spec = {}) = 0;
  virtual void leave_conference(ConferenceId conference, RelayId id, RelaySide side) = 0;
  // Every participant leaves (back to relaying) and the conference is gone.
  virtual void destroy_conference(ConferenceId conference) = 0;
};

Result<std::unique_ptr<MediaEngine>> start_media_engine(const MediaOptions& options);

}  // namespace hotline::media
