#include "media/local_output.hpp"

#include <sys/socket.h>

#include <algorithm>

#include "media/conference.hpp"

namespace hotline::media {
namespace {

constexpr std::uint32_t kTickUnits = 160;  // 20 ms of the 8 kHz RTP clock

}  // namespace

LocalOutput::LocalOutput(std::uint32_t ssrc) : stream_(ssrc, static_cast<std::uint16_t>(ssrc >> 16)) {}

LocalOutput::PlayEnd LocalOutput::end_of_play(PlayOutcome::End how, char digit) const {
  return {play_id_, how, digit, player_ ? player_->samples_played() / 8 : 0};
}

std::optional<LocalOutput::PlayEnd> LocalOutput::start_play(PlayId id,
                                                            std::unique_ptr<audio::Player> player) {
  auto replaced = stop_play();
  play_id_ = id;
  player_ = std::move(player);
  return replaced;
}

std::optional<LocalOutput::PlayEnd> LocalOutput::stop_play(PlayOutcome::End how) {
  if (!player_) return std::nullopt;
  PlayEnd end = end_of_play(how);
  player_.reset();
  return end;
}

std::optional<LocalOutput::PlayEnd> LocalOutput::on_digit(char digit) {
  if (!player_ || !player_->on_dtmf(digit)) return std::nullopt;
  PlayEnd end = end_of_play(PlayOutcome::End::Interrupted, digit);
  player_.reset();
  return end;
}

void LocalOutput::set_music(const audio::MohClass* music, std::string class_name) {
  music_ = music;
  music_class_ = music ? std::move(class_name) : std::string{};
}

void LocalOutput::set_conference(Conference* conference, rtp::ParticipantId seat) {
  conference_ = conference;
  seat_ = seat;
}

void LocalOutput::send_events(int payload_type, const dsp::Rfc4733Encoder& encoder) {
  tones_.reset();
  events_ = encoder;
  event_payload_type_ = payload_type;
  events_base_ = stream_.timestamp();
  events_elapsed_ = 0;
  next_event_.reset();
  dsp::Rfc4733Packet first;
  if (events_.next(first)) next_event_ = first;
}

void LocalOutput::send_tones(std::unique_ptr<dsp::DtmfGenerator> tones) {
  event_payload_type_ = -1;
  next_event_.reset();
  tones_ = std::move(tones);
}

void LocalOutput::send(Destination to, std::span<const std::uint8_t> packet) {
  if (packet.empty() || to.remote == nullptr || to.remote->empty()) return;
  if (sendto(to.fd, packet.data(), packet.size(), MSG_DONTWAIT, to.remote->data(), to.remote->length) >= 0)
    stream_.count_sent(packet.size());
}

void LocalOutput::send_due_events(std::span<std::uint8_t> scratch, Destination to) {
  events_elapsed_ += kTickUnits;
  while (next_event_ && next_event_->send_offset <= events_elapsed_) {
    std::size_t n = stream_.event_packet(event_payload_type_, *next_event_,
                                         events_base_ + next_event_->timestamp_offset, scratch);
    send(to, scratch.first(n));
    dsp::Rfc4733Packet next;
    if (events_.next(next))
      next_event_ = next;
    else
      next_event_.reset();
  }
  if (!next_event_) event_payload_type_ = -1;
}

bool LocalOutput::fill_frame(std::span<std::int16_t> frame) {
  if (tones_) {
    std::size_t sounding = tones_->generate(frame);
    if (sounding < frame.size()) tones_.reset();  // the last digit's gap ends in this frame
    return true;
  }
  if (player_) {
    player_->fill(frame);
    return true;
  }
  if (music_) {
    auto music = music_->current_frame();
    std::copy_n(music.begin(), std::min(music.size(), frame.size()), frame.begin());
    return true;
  }
  if (conference_) {
    auto mix = conference_->output(seat_);
    std::copy_n(mix.begin(), std::min(mix.size(), frame.size()), frame.begin());
    return true;
  }
  return false;
}

std::optional<LocalOutput::PlayEnd> LocalOutput::tick(int audio_payload_type, std::span<std::uint8_t> scratch,
                                                      Destination to) {
  if (sending_events()) {
    send_due_events(scratch, to);  // the audio pauses while an event is sent (RFC 4733 2.5.1.2)
  } else if (fill_frame(frame_)) {
    std::size_t n = stream_.audio_packet(audio_payload_type, frame_, scratch);
    send(to, scratch.first(n));
  }
  stream_.advance();
  if (player_ && player_->done()) return stop_play(PlayOutcome::End::Finished);
  return std::nullopt;
}

}  // namespace hotline::media
