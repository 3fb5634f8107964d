// Mixer: one conference's audio, one 20 ms tick at a time, for up to kMaxParticipants legs.
// Who hears whom is a matrix kept as bitmasks: speaker S reaches listener L when S speaks and
// contributed a frame this tick, L hears, S != L, L is in S's audience, and S is in what L hears
// from. The supervisor features are settings of that matrix:
//   full participant / barge:  audience all, hears all (the default)
//   listen (silent monitor):   speaks = false (or audience none), hears all
//   whisper to the agent:      audience = {agent}, hears all
//   mute:                      speaks = false
// mix() sums, in int32, every speaker everyone may hear once; each listener's output is that sum
// minus its own contribution plus the speakers only some hear (whispers) that reach it, clipped
// to int16 only at the end, so subtracting never works on a clipped value.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "common/result.hpp"

namespace hotline::media::rtp {

using ParticipantId = std::uint8_t;
using ParticipantMask = std::uint64_t;

inline constexpr ParticipantMask kEveryone = ~ParticipantMask{0};
inline constexpr ParticipantMask participant_bit(ParticipantId id) { return ParticipantMask{1} << id; }

// Thread: the media worker that owns the conference.
class Mixer {
 public:
  static constexpr std::size_t kMaxParticipants = 64;
  static constexpr std::size_t kFrameSamples = 160;  // 20 ms at 8 kHz

  Mixer() = default;
  Mixer(const Mixer&) = delete;
  Mixer& operator=(const Mixer&) = delete;

  // A new full participant (speaks, hears everyone, heard by everyone). Conflict when full.
  Result<ParticipantId> add();
  void remove(ParticipantId id);
  bool contains(ParticipantId id) const {
    return id < kMaxParticipants && (members_ & participant_bit(id)) != 0;
  }
  std::size_t size() const;

  void set_speaks(ParticipantId id, bool speaks);
  void set_hears(ParticipantId id, bool hears);
  // The listeners that may hear `id` (kEveryone by default; {agent} for a whisper).
  void set_audience(ParticipantId id, ParticipantMask listeners);
  // The speakers `id` may hear (kEveryone by default).
  void set_hears_from(ParticipantId id, ParticipantMask speakers);
  // Whether `listener` hears `speaker` under the current settings (ignoring this tick's frames).
  bool hears(ParticipantId listener, ParticipantId speaker) const;

  // This tick's frame of `id` (kFrameSamples; shorter is padded with silence). A participant
  // without a frame this tick (silent, lost) contributes nothing.
  void contribute(ParticipantId id, std::span<const std::int16_t> frame) noexcept;
  // Computes every hearing participant's output and clears the contributions.
  void mix() noexcept;
  // `id`'s output of the last mix(): silence if it hears no one. Valid until the next mix().
  std::span<const std::int16_t> output(ParticipantId id) const;

 private:
  using Frame = std::array<std::int16_t, kFrameSamples>;
  using Sum = std::array<std::int32_t, kFrameSamples>;
  struct Participant {
    bool speaks = true;
    bool hears = true;
    ParticipantMask audience = kEveryone;
    ParticipantMask hears_from = kEveryone;
  };

  ParticipantMask hearers() const;
  ParticipantMask compute_reach(ParticipantId speaker) const;
  void refresh_reach();
  void mix_listener(ParticipantId listener, ParticipantMask shared, ParticipantMask partial);

  std::array<Participant, kMaxParticipants> participants_{};
  ParticipantMask members_ = 0;
  std::array<ParticipantMask, kMaxParticipants> reach_{};  // listeners each speaker reaches
  bool reach_stale_ = false;
  ParticipantMask contributed_ = 0;
  std::array<Frame, kMaxParticipants> input_{};
  std::array<Frame, kMaxParticipants> output_{};
  Sum shared_sum_{};
  Sum scratch_{};
};

}  // namespace hotline::media::rtp
