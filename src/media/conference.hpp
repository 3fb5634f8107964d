// Conference: one N-party mix (PBX-9; supervisor listen, whisper and barge later) on a media
// worker. Each seat is one side of a relay: the audio that side sends is decoded into the seat's
// queue, every 20 ms tick contributes a frame of each seat to the mixer and mixes, and the side's
// LocalOutput then sends it the mixer's output for its seat (everyone it may hear, not itself).
//
// Thread: the media worker that owns it and every relay seated in it.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "common/result.hpp"
#include "media/media.hpp"
#include "media/pcm_queue.hpp"
#include "media/rtp/mixer.hpp"

namespace hotline::media {

class Conference {
 public:
  explicit Conference(ConferenceId id) : id_(id) {}
  Conference(const Conference&) = delete;
  Conference& operator=(const Conference&) = delete;

  ConferenceId id() const { return id_; }

  // Seats the relay side (or finds its seat) and applies `spec`. Conflict when full; NotFound when
  // spec.whisper_to names a side that is not seated.
  Result<rtp::ParticipantId> seat(RelayId relay, RelaySide side, const ParticipantSpec& spec);
  void unseat(rtp::ParticipantId seat);
  std::optional<rtp::ParticipantId> find(RelayId relay, RelaySide side) const;
  std::size_t size() const { return mixer_.size(); }

  // Audio the seated side sent.
  void on_rtp(rtp::ParticipantId seat, const rtp::RtpPacketView& packet);
  // Mixes this tick's frames; the outputs stay valid until the next tick.
  void tick();
  std::span<const std::int16_t> output(rtp::ParticipantId seat) const { return mixer_.output(seat); }

 private:
  struct Seat {
    RelayId relay = 0;
    RelaySide side = RelaySide::A;
    PcmQueue queue;
  };

  ConferenceId id_;
  rtp::Mixer mixer_;
  std::vector<std::unique_ptr<Seat>> seats_ =
      std::vector<std::unique_ptr<Seat>>(rtp::Mixer::kMaxParticipants);
  std::array<std::int16_t, rtp::Mixer::kFrameSamples> frame_{};
};

}  // namespace hotline::media
