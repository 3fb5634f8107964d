// LocalOutput: what the server sends towards one side of a relay instead of the other side's
// packets. Its sources, highest precedence first: DTMF being sent, a player (prompts, speech,
// tones), music on hold, the side's mix of a conference. While any is present the side hears this
// stream and nothing relayed; once none is left, relaying resumes.
//
// Thread: the relay's media worker only. tick() does not allocate, lock or throw.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "media/audio/moh_class.hpp"
#include "media/audio/player.hpp"
#include "media/dsp/dtmf_generator.hpp"
#include "media/dsp/rfc4733.hpp"
#include "media/local_stream.hpp"
#include "media/media.hpp"
#include "media/rtp/mixer.hpp"
#include "media/socket_address.hpp"

namespace hotline::media {

class Conference;

class LocalOutput {
 public:
  // A play that ended (the outcome without the relay and side, which the worker adds).
  struct PlayEnd {
    PlayId id = 0;
    PlayOutcome::End end = PlayOutcome::End::Finished;
    char digit = 0;
    std::int64_t played_ms = 0;
  };
  // Where this tick's packets go: the side's RTP socket and its remote address.
  struct Destination {
    int fd = -1;
    const SocketAddress* remote = nullptr;
  };

  explicit LocalOutput(std::uint32_t ssrc);

  bool active() const { return player_ || music_ || conference_ || sending_events() || sending_tones(); }

  // A new play replaces the running one, which is returned as Stopped.
  std::optional<PlayEnd> start_play(PlayId id, std::unique_ptr<audio::Player> player);
  std::optional<PlayEnd> stop_play(PlayOutcome::End how = PlayOutcome::End::Stopped);
  // A key the listening side pressed: ends an interruptible play.
  std::optional<PlayEnd> on_digit(char digit);

  // Music on hold from this worker's instance of a class; nullptr stops it.
  void set_music(const audio::MohClass* music, std::string class_name = {});
  const std::string& music_class() const { return music_class_; }

  // The side's seat in a conference of this worker; nullptr leaves.
  void set_conference(Conference* conference, rtp::ParticipantId seat);
  Conference* conference() const { return conference_; }
  rtp::ParticipantId seat() const { return seat_; }

  // DTMF towards the side, replacing any still being sent.
  void send_events(int payload_type, const dsp::Rfc4733Encoder& encoder);
  void send_tones(std::unique_ptr<dsp::DtmfGenerator> tones);

  // One 20 ms tick: sends this tick's packets (if any), built in `scratch`, to `to`. Returns the
  // play that finished during the tick, if one did.
  std::optional<PlayEnd> tick(int audio_payload_type, std::span<std::uint8_t> scratch, Destination to);

  // The stream the side hears: SSRC, timestamp and counts for the server's RTCP sender reports.
  const LocalStream& stream() const { return stream_; }

 private:
  bool sending_events() const { return event_payload_type_ >= 0; }
  bool sending_tones() const { return tones_ != nullptr; }
  void send_due_events(std::span<std::uint8_t> scratch, Destination to);
  void send(Destination to, std::span<const std::uint8_t> packet);
  // This tick's audio from the highest source; false when no source has audio.
  bool fill_frame(std::span<std::int16_t> frame);
  PlayEnd end_of_play(PlayOutcome::End how, char digit = 0) const;

  LocalStream stream_;
  PlayId play_id_ = 0;
  std::unique_ptr<audio::Player> player_;
  const audio::MohClass* music_ = nullptr;
  std::string music_class_;
  Conference* conference_ = nullptr;
  rtp::ParticipantId seat_ = 0;
  // RFC 4733 events: the encoder, the stream timestamp they started at, the time since then.
  dsp::Rfc4733Encoder events_;
  int event_payload_type_ = -1;
  std::uint32_t events_base_ = 0;
  std::uint32_t events_elapsed_ = 0;
  std::optional<dsp::Rfc4733Packet> next_event_;
  std::unique_ptr<dsp::DtmfGenerator> tones_;
  std::array<std::int16_t, 160> frame_{};
};

}  // namespace hotline::media
