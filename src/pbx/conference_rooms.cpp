#include "pbx/conference_rooms.hpp"

#include <spdlog/spdlog.h>

#include "pbx/b2bua.hpp"

namespace hotline::pbx {

Status ConferenceRooms::on_call(const ServiceCall& call) {
  RoomKey key{call.tenant_id, call.service};
  auto [it, created] = rooms_.try_emplace(key);
  if (created) it->second.conference = media_.create_conference();
  if (auto joined = media_.join_conference(it->second.conference, call.relay, media::RelaySide::A); !joined) {
    if (created) {
      media_.destroy_conference(it->second.conference);
      rooms_.erase(it);
    }
    return Error(joined.error().code, "conference room " + call.service + ": " + joined.error().message, {});
  }
  ++it->second.participants;
  seats_[call.call_id] = {key, call.relay};
  media::PlaySpec beep;
  beep.items = {media::PlayItemSpec::tone("beep")};
  beep.interruptible = false;
  b2bua_.play(call.call_id, beep);
  return ok_status();
}

void ConferenceRooms::on_call_ended(const std::string& call_id) {
  auto seat = seats_.find(call_id);
  if (seat == seats_.end()) return;
  auto room = rooms_.find(seat->second.room);
  if (room != rooms_.end()) {
    media_.leave_conference(room->second.conference, seat->second.relay, media::RelaySide::A);
    if (--room->second.participants == 0) {
      media_.destroy_conference(room->second.conference);
      rooms_.erase(room);
    }
  }
  seats_.erase(seat);
}

std::size_t ConferenceRooms::participants(std::int64_t tenant_id, const std::string& room) const {
  auto it = rooms_.find({tenant_id, room});
  return it == rooms_.end() ? 0 : it->second.participants;
}

}  // namespace hotline::pbx
