#include "media/conference.hpp"

namespace hotline::media {

std::optional<rtp::ParticipantId> Conference::find(RelayId relay, RelaySide side) const {
  for (std::size_t i = 0; i < seats_.size(); ++i) {
    if (seats_[i] && seats_[i]->relay == relay && seats_[i]->side == side)
      return static_cast<rtp::ParticipantId>(i);
  }
  return std::nullopt;
}

Result<rtp::ParticipantId> Conference::seat(RelayId relay, RelaySide side, const ParticipantSpec& spec) {
  rtp::ParticipantMask audience = rtp::kEveryone;
  if (spec.whisper_to) {
    auto target = find(spec.whisper_to->first, spec.whisper_to->second);
    if (!target) return Error::not_found("the participant to whisper to is not in the conference");
    audience = rtp::participant_bit(*target);
  }
  auto id = find(relay, side);
  if (!id) {
    auto added = mixer_.add();
    if (!added) return added.error();
    id = *added;
    seats_[*id] = std::make_unique<Seat>(Seat{relay, side, {}});
  }
  mixer_.set_speaks(*id, spec.speaks);
  mixer_.set_hears(*id, spec.hears);
  mixer_.set_audience(*id, audience);
  return *id;
}

void Conference::unseat(rtp::ParticipantId seat) {
  if (seat >= seats_.size() || !seats_[seat]) return;
  mixer_.remove(seat);
  seats_[seat].reset();
}

void Conference::on_rtp(rtp::ParticipantId seat, const rtp::RtpPacketView& packet) {
  if (seat < seats_.size() && seats_[seat]) seats_[seat]->queue.push_rtp(packet);
}

void Conference::tick() {
  for (std::size_t i = 0; i < seats_.size(); ++i) {
    if (seats_[i] && seats_[i]->queue.pop_frame(frame_))
      mixer_.contribute(static_cast<rtp::ParticipantId>(i), frame_);
  }
  mixer_.mix();
}

}  // namespace hotline::media
