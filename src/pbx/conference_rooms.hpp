// ConferenceRooms: meet-me conferences (PBX-9). A number whose target is "conference:ROOM" puts
// every caller into that room's mix: each hears everyone else, not itself. A beep announces the
// caller as it joins; the room's mix is created with its first caller and destroyed with its last.
//
// Thread: core loop only.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>

#include "media/media.hpp"
#include "pbx/call_service.hpp"

namespace hotline::pbx {

class B2bua;

class ConferenceRooms final : public CallService {
 public:
  ConferenceRooms(media::MediaEngine& media, B2bua& b2bua) : media_(media), b2bua_(b2bua) {}

  Status on_call(const ServiceCall& call) override;
  void on_digit(const std::string&, const media::dsp::DtmfDigit&) override {}
  void on_play_done(const std::string&, const media::PlayOutcome&) override {}
  void on_connect_result(const std::string&, const ConnectOutcome&) override {}
  void on_call_ended(const std::string& call_id) override;

  // Callers in the room (tenant, name); 0 when it does not exist.
  std::size_t participants(std::int64_t tenant_id, const std::string& room) const;

 private:
  using RoomKey = std::pair<std::int64_t, std::string>;
  struct Room {
    media::ConferenceId conference = 0;
    std::size_t participants = 0;
  };
  struct Seat {
    RoomKey room;
    media::RelayId relay = 0;
  };

  media::MediaEngine& media_;
  B2bua& b2bua_;
  std::map<RoomKey, Room> rooms_;
  std::unordered_map<std::string, Seat> seats_;  // by call id
};

}  // namespace hotline::pbx
