// RelayWorker, the server's own audio: music on hold, plays, DTMF sending and conferences. Each
// is a source of a side's LocalOutput; the relays with one are kept in local_ and served every
// 20 ms tick, after the music classes advanced and the conferences mixed. A side hearing local
// output also gets the server's RTCP about that stream, on the RFC 3550 interval.
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>

#include "media/relay_worker.hpp"

namespace hotline::media {

void RelayWorker::apply_local(Command& command) {
  switch (command.type) {
    case CommandType::StartMusic:
    case CommandType::StopMusic:
      apply_music(command);
      break;
    case CommandType::ReplaceMusic:
      swap_music(command);
      break;
    case CommandType::Play:
      apply_play(command);
      break;
    case CommandType::SendDtmf:
      apply_dtmf(command);
      break;
    default:
      apply_conference(command);
      break;
  }
  if (Relay* relay = find(command.id)) update_local(*relay);
}

void RelayWorker::apply_music(Command& command) {
  Relay* relay = find(command.id);
  if (relay == nullptr) return;
  LocalOutput& output = relay->output(command.side);
  if (command.type == CommandType::StopMusic) {
    output.set_music(nullptr);
    return;
  }
  // The name asked for is kept, so a class uploaded later is what this leg hears then.
  if (const auto* music = resolve_music_class(music_, command.music_class))
    output.set_music(music->second.get(), command.music_class);
}

void RelayWorker::swap_music(Command& command) {
  auto previous = std::move(music_[command.music_class]);  // alive until no leg points at it
  if (command.music)
    music_[command.music_class] = std::move(command.music);
  else
    music_.erase(command.music_class);
  for (auto& [id, relay] : relays_) resolve_music(*relay);
}

void RelayWorker::resolve_music(Relay& relay) {
  for (RelaySide side : kRelaySides) {
    if (!relay.has_local_output(side) || relay.output(side).music_class().empty()) continue;
    std::string name = relay.output(side).music_class();
    const auto* music = resolve_music_class(music_, name);
    relay.output(side).set_music(music ? music->second.get() : nullptr, name);
  }
}

void RelayWorker::apply_play(Command& command) {
  Relay* relay = find(command.id);
  if (relay == nullptr) {
    if (command.player) sinks_.play_done({command.id, command.side, command.play, PlayOutcome::End::Stopped});
    return;
  }
  LocalOutput& output = relay->output(command.side);
  if (command.player)
    report(*relay, command.side, output.start_play(command.play, std::move(command.player)));
  else
    report(*relay, command.side, output.stop_play());
}

void RelayWorker::apply_dtmf(Command& command) {
  Relay* relay = find(command.id);
  if (relay == nullptr) return;
  if (command.events)
    relay->output(command.side).send_events(command.payload_type, *command.events);
  else if (command.tones)
    relay->output(command.side).send_tones(std::move(command.tones));
}

void RelayWorker::apply_conference(Command& command) {
  switch (command.type) {
    case CommandType::CreateConference:
      conferences_.emplace(command.conference, std::make_unique<Conference>(command.conference));
      return;
    case CommandType::DestroyConference:
      for (auto& [id, relay] : relays_) {
        for (RelaySide side : kRelaySides) {
          if (relay->has_local_output(side) && relay->output(side).conference() != nullptr &&
              relay->output(side).conference()->id() == command.conference) {
            relay->output(side).set_conference(nullptr, 0);
          }
        }
        update_local(*relay);
      }
      conferences_.erase(command.conference);
      return;
    default:
      break;
  }
  auto conference = conferences_.find(command.conference);
  Relay* relay = find(command.id);
  if (conference == conferences_.end() || relay == nullptr) return;
  LocalOutput& output = relay->output(command.side);
  if (command.type == CommandType::Leave) {
    if (auto seat = conference->second->find(command.id, command.side)) conference->second->unseat(*seat);
    if (output.conference() == conference->second.get()) output.set_conference(nullptr, 0);
    return;
  }
  auto seat = conference->second->seat(command.id, command.side, command.participant);
  if (seat)
    output.set_conference(conference->second.get(), *seat);
  else
    spdlog::warn("relay {} cannot join conference {}: {}", command.id, command.conference,
                 seat.error().message);
}

void RelayWorker::leave_conferences(Relay& relay) {
  for (RelaySide side : kRelaySides) {
    if (!relay.has_local_output(side)) continue;
    LocalOutput& output = relay.output(side);
    if (Conference* conference = output.conference()) {
      conference->unseat(output.seat());
      output.set_conference(nullptr, 0);
    }
  }
}

void RelayWorker::stop_plays(Relay& relay, PlayOutcome::End how) {
  for (RelaySide side : kRelaySides) {
    if (relay.has_local_output(side)) report(relay, side, relay.output(side).stop_play(how));
  }
}

void RelayWorker::report(const Relay& relay, RelaySide side, std::optional<LocalOutput::PlayEnd> end) {
  if (!end) return;
  sinks_.play_done({relay.id(), side, end->id, end->end, end->digit, end->played_ms, {}});
}

void RelayWorker::update_local(Relay& relay) {
  bool listed = std::find(local_.begin(), local_.end(), &relay) != local_.end();
  if (relay.has_local_output() && !listed) local_.push_back(&relay);
  if (!relay.has_local_output() && listed) std::erase(local_, &relay);
  for (RelaySide side : kRelaySides) {
    if (!relay.has_local_output(side)) relay.rtcp(side).reporting = false;
  }
}

void RelayWorker::send_local_audio(std::int64_t now_us) {
  bool any_ended = false;
  for (Relay* relay : local_) {
    for (RelaySide side : kRelaySides) {
      if (!relay->has_local_output(side)) continue;
      // Before this tick's packet: the report's RTP timestamp is the one this packet carries, and
      // it counts the packets sent before it.
      send_local_rtcp(*relay, side, now_us);
      RelayEndpoint& to = relay->endpoint(side, StreamKind::Rtp);
      auto finished = relay->output(side).tick(relay->audio_payload_type_towards(side), local_packet_,
                                               {to.socket.fd(), &to.remote});
      report(*relay, side, finished);
      if (relay->has_local_output(side)) continue;
      relay->rtcp(side).reporting = false;
      any_ended = true;
    }
  }
  if (any_ended) std::erase_if(local_, [](Relay* relay) { return !relay->has_local_output(); });
}

// A compound report about our stream (an SR while it sends), with a block about what the side
// sends us and our CNAME, on the session's randomised interval; the first half an interval after
// the side started hearing local output.
void RelayWorker::send_local_rtcp(Relay& relay, RelaySide side, std::int64_t now_us) {
  Relay::SideRtcp& rtcp = relay.rtcp(side);
  if (!rtcp.reporting) {
    rtcp.session.start(now_us);
    rtcp.reporting = true;
    return;
  }
  if (!rtcp.session.report_due(now_us)) return;
  const LocalStream& stream = relay.output(side).stream();
  const rtp::SenderSnapshot sent{stream.timestamp(), stream.packets_sent(), stream.octets_sent()};
  rtp::RtpReceiver& receiver = relay.receiver(side);
  std::optional<rtp::ReceptionReport> received;
  if (receiver.has_source()) received = receiver.take_report();
  std::size_t size = rtcp.session.build_report(now_us, sent, received ? &*received : nullptr, local_rtcp_);
  const RelayEndpoint& to = relay.endpoint(side, StreamKind::Rtcp);
  if (size == 0 || to.remote.empty()) return;
  sendto(to.socket.fd(), local_rtcp_.data(), size, MSG_DONTWAIT, to.remote.data(), to.remote.length);
}

}  // namespace hotline::media
