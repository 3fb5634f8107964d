#include "media/rtp/mixer.hpp"

#include <algorithm>
#include <bit>

namespace hotline::media::rtp {

namespace {

constexpr std::array<std::int16_t, Mixer::kFrameSamples> kSilence{};

template <typename Visit>
void for_each_member(ParticipantMask mask, Visit visit) {
  while (mask != 0) {
    visit(static_cast<ParticipantId>(std::countr_zero(mask)));
    mask &= mask - 1;
  }
}

}  // namespace

Result<ParticipantId> Mixer::add() {
  if (members_ == kEveryone) return Error::conflict("conference is full (64 participants)");
  const auto id = static_cast<ParticipantId>(std::countr_one(members_));
  participants_[id] = Participant{};
  output_[id].fill(0);
  members_ |= participant_bit(id);
  contributed_ &= ~participant_bit(id);
  reach_stale_ = true;
  return id;
}

void Mixer::remove(ParticipantId id) {
  if (!contains(id)) return;
  members_ &= ~participant_bit(id);
  contributed_ &= ~participant_bit(id);
  reach_stale_ = true;
}

std::size_t Mixer::size() const { return static_cast<std::size_t>(std::popcount(members_)); }

void Mixer::set_speaks(ParticipantId id, bool speaks) {
  if (!contains(id)) return;
  participants_[id].speaks = speaks;
  reach_stale_ = true;
}

void Mixer::set_hears(ParticipantId id, bool hears) {
  if (!contains(id)) return;
  participants_[id].hears = hears;
  reach_stale_ = true;
}

void Mixer::set_audience(ParticipantId id, ParticipantMask listeners) {
  if (!contains(id)) return;
  participants_[id].audience = listeners;
  reach_stale_ = true;
}

void Mixer::set_hears_from(ParticipantId id, ParticipantMask speakers) {
  if (!contains(id)) return;
  participants_[id].hears_from = speakers;
  reach_stale_ = true;
}

ParticipantMask Mixer::hearers() const {
  ParticipantMask mask = 0;
  for_each_member(members_, [&](ParticipantId id) {
    if (participants_[id].hears) mask |= participant_bit(id);
  });
  return mask;
}

ParticipantMask Mixer::compute_reach(ParticipantId speaker) const {
  const Participant& s = participants_[speaker];
  if (!contains(speaker) || !s.speaks) return 0;
  ParticipantMask reach = 0;
  for_each_member(hearers() & s.audience & ~participant_bit(speaker), [&](ParticipantId listener) {
    if (participants_[listener].hears_from & participant_bit(speaker)) reach |= participant_bit(listener);
  });
  return reach;
}

void Mixer::refresh_reach() {
  if (!reach_stale_) return;
  for (std::size_t id = 0; id < kMaxParticipants; ++id) {
    reach_[id] = compute_reach(static_cast<ParticipantId>(id));
  }
  reach_stale_ = false;
}

bool Mixer::hears(ParticipantId listener, ParticipantId speaker) const {
  if (!contains(listener) || !contains(speaker)) return false;
  return (compute_reach(speaker) & participant_bit(listener)) != 0;
}

void Mixer::contribute(ParticipantId id, std::span<const std::int16_t> frame) noexcept {
  if (!contains(id)) return;
  const std::size_t n = std::min(frame.size(), kFrameSamples);
  std::copy_n(frame.begin(), n, input_[id].begin());
  std::fill(input_[id].begin() + static_cast<std::ptrdiff_t>(n), input_[id].end(), std::int16_t{0});
  contributed_ |= participant_bit(id);
}

void Mixer::mix() noexcept {
  refresh_reach();
  const ParticipantMask listening = hearers();
  ParticipantMask shared = 0;   // heard by every listener but themselves: summed once
  ParticipantMask partial = 0;  // heard by some: added per listener
  for_each_member(contributed_ & members_, [&](ParticipantId id) {
    if (reach_[id] == 0) return;
    if (reach_[id] == (listening & ~participant_bit(id))) {
      shared |= participant_bit(id);
    } else {
      partial |= participant_bit(id);
    }
  });
  shared_sum_.fill(0);
  for_each_member(shared, [&](ParticipantId id) {
    const Frame& in = input_[id];
    for (std::size_t i = 0; i < kFrameSamples; ++i) shared_sum_[i] += in[i];
  });
  for_each_member(listening, [&](ParticipantId id) { mix_listener(id, shared, partial); });
  contributed_ = 0;
}

void Mixer::mix_listener(ParticipantId listener, ParticipantMask shared, ParticipantMask partial) {
  scratch_ = shared_sum_;
  if (shared & participant_bit(listener)) {
    const Frame& own = input_[listener];
    for (std::size_t i = 0; i < kFrameSamples; ++i) scratch_[i] -= own[i];
  }
  for_each_member(partial, [&](ParticipantId speaker) {
    if ((reach_[speaker] & participant_bit(listener)) == 0) return;
    const Frame& in = input_[speaker];
    for (std::size_t i = 0; i < kFrameSamples; ++i) scratch_[i] += in[i];
  });
  Frame& out = output_[listener];
  for (std::size_t i = 0; i < kFrameSamples; ++i) {
    out[i] = static_cast<std::int16_t>(std::clamp<std::int32_t>(scratch_[i], -32768, 32767));
  }
}

std::span<const std::int16_t> Mixer::output(ParticipantId id) const {
  if (!contains(id) || !participants_[id].hears) return kSilence;
  return output_[id];
}

}  // namespace hotline::media::rtp
