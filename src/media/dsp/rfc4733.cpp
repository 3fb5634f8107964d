#include "media/dsp/rfc4733.hpp"

#include <algorithm>

namespace hotline::media::dsp {
namespace {

// Late packets of an event already reported are recognised within these windows; beyond them a
// timestamp or sequence number is taken as new (the sender restarted its stream).
constexpr std::uint32_t kStaleTimestampWindowMs = 10000;
constexpr std::uint16_t kStaleSeqWindow = 512;

// RFC 3550 serial-number comparisons: a is after b when the forward distance is under half the
// number space.
bool timestamp_after(std::uint32_t a, std::uint32_t b) { return a != b && (a - b) < 0x80000000u; }

}  // namespace

std::size_t write_telephone_event(const TelephoneEvent& event, std::span<std::uint8_t> out) {
  if (out.size() < kTelephoneEventBytes) return 0;
  out[0] = event.event;
  out[1] = static_cast<std::uint8_t>((event.end ? 0x80 : 0x00) | (event.volume & 0x3F));
  out[2] = static_cast<std::uint8_t>(event.duration >> 8);
  out[3] = static_cast<std::uint8_t>(event.duration & 0xFF);
  return kTelephoneEventBytes;
}

std::optional<TelephoneEvent> parse_telephone_event(std::span<const std::uint8_t> payload) {
  if (payload.size() < kTelephoneEventBytes) return std::nullopt;
  TelephoneEvent event;
  event.event = payload[0];
  event.end = (payload[1] & 0x80) != 0;
  event.volume = payload[1] & 0x3F;
  event.duration = static_cast<std::uint16_t>((payload[2] << 8) | payload[3]);
  return event;
}

// ---- Encoder ----

Rfc4733Encoder::Rfc4733Encoder(const Rfc4733EncoderOptions& options)
    : options_(options), interval_units_(std::max<std::uint32_t>(1, units(options.packet_interval_ms))) {
  options_.end_packets = std::max(1, options_.end_packets);
}

std::uint32_t Rfc4733Encoder::units(std::uint32_t ms) const {
  return static_cast<std::uint32_t>(static_cast<std::uint64_t>(ms) * options_.clock_rate / 1000);
}

bool Rfc4733Encoder::start(std::string_view digits, std::uint32_t duration_ms, std::uint32_t gap_ms) {
  if (digits.size() > kMaxDigits || duration_ms == 0) return false;
  for (char digit : digits) {
    if (dtmf_event_code(digit) < 0) return false;
  }
  for (std::size_t i = 0; i < digits.size(); ++i)
    events_[i] = static_cast<std::uint8_t>(dtmf_event_code(digits[i]));
  count_ = digits.size();
  index_ = 0;
  duration_units_ = std::clamp<std::uint32_t>(units(duration_ms), 1, kMaxDurationUnits);
  // The next event may start only after this one's last end packet has gone.
  const std::uint32_t end_train = interval_units_ * static_cast<std::uint32_t>(options_.end_packets - 1);
  step_units_ = duration_units_ + std::max(units(gap_ms), end_train);
  begin_event();
  return count_ > 0;
}

void Rfc4733Encoder::begin_event() {
  elapsed_ = 0;
  ends_sent_ = 0;
}

bool Rfc4733Encoder::next(Rfc4733Packet& out) {
  if (!active()) return false;
  const std::uint32_t event_start = static_cast<std::uint32_t>(index_) * step_units_;
  out.event.event = events_[index_];
  out.event.volume = options_.volume;
  out.timestamp_offset = event_start;
  if (elapsed_ + interval_units_ < duration_units_) {
    // An update: the duration so far, sent when that much time has passed.
    const bool first = elapsed_ == 0;
    elapsed_ += interval_units_;
    out.event.end = false;
    out.event.duration = static_cast<std::uint16_t>(elapsed_);
    out.marker = first;
    out.send_offset = event_start + elapsed_;
    return true;
  }
  // The end, repeated. A press shorter than one interval is a lone train of end packets, the
  // first carrying the marker.
  out.event.end = true;
  out.event.duration = static_cast<std::uint16_t>(duration_units_);
  out.marker = elapsed_ == 0 && ends_sent_ == 0;
  out.send_offset = event_start + duration_units_ + interval_units_ * static_cast<std::uint32_t>(ends_sent_);
  if (++ends_sent_ == options_.end_packets) {
    ++index_;
    begin_event();
  }
  return true;
}

// ---- Decoder ----

Rfc4733Decoder::Rfc4733Decoder(const Rfc4733DecoderOptions& options)
    : clock_rate_(static_cast<std::uint32_t>(std::max(1, options.clock_rate))),
      timeout_units_(static_cast<std::uint64_t>(options.end_timeout_ms) * clock_rate_ / 1000) {}

void Rfc4733Decoder::reset() {
  active_ = false;
  have_finished_ = false;
  have_seq_ = false;
}

void Rfc4733Decoder::on_packet(std::span<const std::uint8_t> payload, std::uint32_t rtp_timestamp,
                               std::uint16_t seq, std::uint64_t now) {
  const auto event = parse_telephone_event(payload);
  if (!event || dtmf_digit_for_event(event->event) == 0) return;
  if (is_stale(rtp_timestamp, seq)) return;
  if (!have_seq_ || static_cast<std::uint16_t>(seq - newest_seq_) < 0x8000) newest_seq_ = seq;
  have_seq_ = true;

  if (active_ && rtp_timestamp != active_timestamp_) {
    if (!timestamp_after(rtp_timestamp, active_timestamp_)) return;  // from an older event
    finish_event(active_duration_);  // a new event began: this one's end packets were lost
  }
  if (!active_) start_event(*event, rtp_timestamp);
  if (event->event != active_event_) return;  // same timestamp, other event: not a valid sender
  last_arrival_ = now;
  active_duration_ = std::max<std::uint32_t>(active_duration_, event->duration);
  if (event->end) finish_event(event->duration);
}

void Rfc4733Decoder::tick(std::uint64_t now) {
  // A packet stamped later than this tick (the caller's clocks differ slightly) is no timeout.
  if (active_ && now > last_arrival_ && now - last_arrival_ >= timeout_units_) finish_event(active_duration_);
}

// A packet of the event already reported (a repeated end packet, a late update), or one that
// arrives after packets of a later event.
bool Rfc4733Decoder::is_stale(std::uint32_t timestamp, std::uint16_t seq) const {
  const std::uint32_t window = kStaleTimestampWindowMs * (clock_rate_ / 1000);
  if (have_finished_ && finished_timestamp_ - timestamp <= window) return true;
  const bool is_active_event = active_ && timestamp == active_timestamp_;
  const auto seq_behind = static_cast<std::uint16_t>(newest_seq_ - seq);
  return have_seq_ && !is_active_event && seq_behind > 0 && seq_behind <= kStaleSeqWindow;
}

void Rfc4733Decoder::start_event(const TelephoneEvent& event, std::uint32_t timestamp) {
  active_ = true;
  active_event_ = event.event;
  active_timestamp_ = timestamp;
  active_duration_ = 0;
}

void Rfc4733Decoder::finish_event(std::uint32_t duration_units) {
  DtmfDigit digit;
  digit.digit = dtmf_digit_for_event(active_event_);
  digit.duration_ms =
      static_cast<std::uint32_t>(static_cast<std::uint64_t>(duration_units) * 1000 / clock_rate_);
  digit.source = DtmfDigit::Source::Rfc4733;
  digits_.push(digit);
  active_ = false;
  have_finished_ = true;
  finished_timestamp_ = active_timestamp_;
}

}  // namespace hotline::media::dsp
