#include "media/rtp/rtp_sender.hpp"

#include <algorithm>

namespace hotline::media::rtp {

PayloadTypeMap::PayloadTypeMap() {
  for (std::size_t i = 0; i < table_.size(); ++i) table_[i] = static_cast<std::uint8_t>(i);
}

void PayloadTypeMap::map(std::uint8_t from, std::uint8_t to) {
  if (from < table_.size()) table_[from] = to & 0x7f;
}

void PayloadTypeMap::drop(std::uint8_t from) {
  if (from < table_.size()) table_[from] = kDropped;
}

std::optional<std::uint8_t> PayloadTypeMap::lookup(std::uint8_t from) const {
  if (from >= table_.size() || table_[from] == kDropped) return std::nullopt;
  return table_[from];
}

namespace {

std::int16_t sequence_delta(std::uint16_t a, std::uint16_t b) { return static_cast<std::int16_t>(a - b); }

}  // namespace

RtpSender::RtpSender(RtpStreamStart start, PayloadTypeMap payload_types, RtpSenderConfig config)
    : ssrc_(start.ssrc),
      payload_types_(payload_types),
      config_(config),
      last_sequence_(static_cast<std::uint16_t>(start.sequence - 1)),
      last_timestamp_(start.timestamp) {}

ForwardVerdict RtpSender::forward(std::span<std::uint8_t> packet, std::uint32_t now) noexcept {
  RtpPacketView view;
  if (parse_rtp(packet, view) != RtpParseError::None) return ForwardVerdict::Malformed;
  const RtpHeader& header = view.header;
  const std::optional<std::uint8_t> payload_type = payload_types_.lookup(header.payload_type);
  if (!payload_type) return ForwardVerdict::PayloadTypeDropped;

  ForwardVerdict verdict = ForwardVerdict::Forwarded;
  if (same_peer_source(header.ssrc, header.sequence)) {
    const int behind = -sequence_delta(header.sequence, peer_highest_sequence_);
    if (behind > peer_span_) {
      return ForwardVerdict::Straggler;  // reordered to before the packet that started this source
    }
  } else if (is_straggler(header.ssrc, now)) {
    return ForwardVerdict::Straggler;
  } else {
    switch_to_peer(header, now);
    verdict = ForwardVerdict::SourceChanged;
  }
  RtpRewrite rewrite = rewrite_peer_packet(header, *payload_type);
  rewrite.marker = rewrite.marker || verdict == ForwardVerdict::SourceChanged;
  patch_rtp_header(packet, rewrite);
  note_sent(rewrite.sequence, rewrite.timestamp, now, view.payload.size());
  return verdict;
}

bool RtpSender::same_peer_source(std::uint32_t ssrc, std::uint16_t sequence) const {
  if (source_ != Source::Peer || restart_requested_ || ssrc != peer_ssrc_) return false;
  const int delta = sequence_delta(sequence, peer_highest_sequence_);
  return delta < kMaxDropout && delta > -kMaxMisorder;
}

bool RtpSender::is_straggler(std::uint32_t ssrc, std::uint32_t now) const {
  return source_ == Source::Peer && has_previous_peer_ && ssrc == previous_peer_ssrc_ && ssrc != peer_ssrc_ &&
         now - switched_at_ < config_.straggler_window;
}

void RtpSender::switch_to_peer(const RtpHeader& header, std::uint32_t now) {
  has_previous_peer_ = source_ == Source::Peer && header.ssrc != peer_ssrc_;
  previous_peer_ssrc_ = peer_ssrc_;
  switched_at_ = now;
  const std::uint16_t sequence = static_cast<std::uint16_t>(last_sequence_ + 1);
  const std::uint32_t timestamp = continued_timestamp(now);
  source_ = Source::Peer;
  restart_requested_ = false;
  peer_ssrc_ = header.ssrc;
  peer_highest_sequence_ = header.sequence;
  peer_span_ = 0;
  sequence_offset_ = static_cast<std::uint16_t>(sequence - header.sequence);
  timestamp_offset_ = timestamp - header.timestamp;
}

RtpRewrite RtpSender::rewrite_peer_packet(const RtpHeader& header, std::uint8_t payload_type) {
  const int ahead = sequence_delta(header.sequence, peer_highest_sequence_);
  if (ahead > 0) {
    peer_highest_sequence_ = header.sequence;
    peer_span_ = std::min(kMaxMisorder, peer_span_ + ahead);
  }
  RtpRewrite rewrite;
  rewrite.marker = header.marker;
  rewrite.payload_type = payload_type;
  rewrite.sequence = static_cast<std::uint16_t>(header.sequence + sequence_offset_);
  rewrite.timestamp = header.timestamp + timestamp_offset_;
  rewrite.ssrc = ssrc_;
  return rewrite;
}

std::size_t RtpSender::write_packet(std::span<const std::uint8_t> payload, std::uint8_t payload_type,
                                    bool talkspurt_start, std::uint32_t now,
                                    std::span<std::uint8_t> out) noexcept {
  if (out.size() < kRtpFixedHeaderBytes + payload.size()) return 0;
  RtpHeader header;
  header.marker = talkspurt_start || source_ != Source::Own;
  header.payload_type = payload_type & 0x7f;
  header.sequence = static_cast<std::uint16_t>(last_sequence_ + 1);
  header.timestamp = continued_timestamp(now);
  header.ssrc = ssrc_;
  const std::size_t header_bytes = write_rtp_header(header, out);
  std::copy(payload.begin(), payload.end(), out.begin() + static_cast<std::ptrdiff_t>(header_bytes));
  if (source_ == Source::Peer) {
    has_previous_peer_ = false;
    switched_at_ = now;
  }
  source_ = Source::Own;
  note_sent(header.sequence, header.timestamp, now, payload.size());
  return header_bytes + payload.size();
}

void RtpSender::restart_source() noexcept { restart_requested_ = true; }

std::uint32_t RtpSender::continued_timestamp(std::uint32_t now) const {
  if (!sent_any_) return last_timestamp_;
  const std::int32_t elapsed = static_cast<std::int32_t>(now - last_sent_at_);
  const std::uint32_t frame = config_.samples_per_frame;
  std::uint32_t frames = elapsed > 0 ? (static_cast<std::uint32_t>(elapsed) + frame / 2) / frame : 0;
  if (frames == 0) frames = 1;
  return last_timestamp_ + frames * frame;
}

void RtpSender::note_sent(std::uint16_t sequence, std::uint32_t timestamp, std::uint32_t now,
                          std::size_t payload_bytes) {
  if (!sent_any_ || sequence_delta(sequence, last_sequence_) > 0) {
    last_sequence_ = sequence;
    last_timestamp_ = timestamp;
    last_sent_at_ = now;
  }
  sent_any_ = true;
  ++packets_sent_;
  octets_sent_ += static_cast<std::uint32_t>(payload_bytes);
}

std::uint32_t RtpSender::rtp_timestamp_at(std::uint32_t now) const {
  return last_timestamp_ + (now - last_sent_at_);
}

}  // namespace hotline::media::rtp
