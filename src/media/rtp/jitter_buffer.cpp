#include "media/rtp/jitter_buffer.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace hotline::media::rtp {

namespace {

std::int32_t ts_diff(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b); }
bool ts_before(std::uint32_t a, std::uint32_t b) { return ts_diff(a, b) < 0; }

constexpr double kPeakDecayPerPacket = 0.998;  // half-life about 350 packets (7 s)

}  // namespace

JitterBuffer::JitterBuffer(JitterBufferConfig config)
    : config_(config),
      min_delay_(config.min_delay_ms * config.clock_rate / 1000),
      max_delay_(std::max(config.max_delay_ms, config.min_delay_ms) * config.clock_rate / 1000),
      target_delay_(min_delay_) {}

PushResult JitterBuffer::push(const RtpHeader& header, std::span<const std::uint8_t> payload,
                              std::uint32_t arrival) noexcept {
  ++stats_.pushed;
  if (payload.size() > kMaxPayloadBytes) return PushResult::Oversized;
  if (find_sequence(header.sequence) != nullptr) {
    ++stats_.duplicates;
    return PushResult::Duplicate;
  }
  note_transit(header.timestamp, arrival);  // late packets are the best evidence of jitter
  if (state_ != State::Idle && ts_before(header.timestamp, next_ts_)) {
    const PushResult result = classify_old_packet(header);
    if (result != PushResult::Stored) return result;
  }
  Slot* slot = free_slot();
  if (slot == nullptr) {
    ++stats_.overflows;
    return PushResult::Overflow;
  }
  if (state_ == State::Idle) restart_at(header.timestamp);
  slot->used = true;
  slot->marker = header.marker;
  slot->payload_type = header.payload_type;
  slot->sequence = header.sequence;
  slot->timestamp = header.timestamp;
  slot->size = static_cast<std::uint16_t>(payload.size());
  if (!payload.empty()) std::memcpy(slot->bytes.data(), payload.data(), payload.size());
  return PushResult::Stored;
}

// A packet older than the playout position: late, a duplicate, or (before playout starts) a
// packet reordered ahead of the first one, which moves the start back.
PushResult JitterBuffer::classify_old_packet(const RtpHeader& header) {
  if (was_played(header.sequence)) {
    ++stats_.duplicates;
    return PushResult::Duplicate;
  }
  const bool not_started = state_ == State::Waiting && !has_played_;
  if (not_started && ts_diff(next_ts_, header.timestamp) <= static_cast<std::int32_t>(max_delay_)) {
    next_ts_ = header.timestamp;
    return PushResult::Stored;
  }
  ++stats_.late;
  return PushResult::TooLate;
}

void JitterBuffer::note_transit(std::uint32_t timestamp, std::uint32_t arrival) {
  const std::uint32_t transit = arrival - timestamp;
  if (!has_transit_) {
    has_transit_ = true;
    min_transit_current_ = min_transit_previous_ = transit;
  }
  if (ts_before(transit, min_transit_current_)) min_transit_current_ = transit;
  if (++transit_window_count_ >= kTransitWindow) {
    min_transit_previous_ = min_transit_current_;
    min_transit_current_ = transit;
    transit_window_count_ = 0;
  }
  const std::uint32_t min_transit =
      ts_before(min_transit_previous_, min_transit_current_) ? min_transit_previous_ : min_transit_current_;
  const double lateness = std::max(0, ts_diff(transit, min_transit));
  peak_lateness_ = std::max(lateness, peak_lateness_ * kPeakDecayPerPacket);
  const std::uint32_t frame = config_.samples_per_frame;
  const auto frames = static_cast<std::uint32_t>(std::ceil(peak_lateness_ / frame));
  target_delay_ = std::clamp(frames * frame, min_delay_, max_delay_);
}

std::int32_t JitterBuffer::delay_at(std::uint32_t now) const {
  const std::uint32_t min_transit =
      ts_before(min_transit_previous_, min_transit_current_) ? min_transit_previous_ : min_transit_current_;
  return ts_diff(now, next_ts_ + min_transit);
}

PoppedFrame JitterBuffer::pop(std::uint32_t now) noexcept {
  ++ticks_since_skip_;
  if (state_ == State::Idle) return silence();
  if (state_ == State::Waiting) {
    if (delay_at(now) < static_cast<std::int32_t>(target_delay_)) return silence();
    state_ = State::Playing;
    consecutive_missing_ = 0;
  }
  drop_stale();
  Slot* slot = find_slot(next_ts_);
  if (slot == nullptr) return on_missing(now);
  return play(*maybe_skip(slot, now));
}

PoppedFrame JitterBuffer::on_missing(std::uint32_t now) {
  Slot* earliest = earliest_slot();
  if (earliest != nullptr && starts_talkspurt(*earliest)) {
    restart_at(earliest->timestamp);
    return pop(now);  // plays it at once if it is already due, else silence while waiting
  }
  ++consecutive_missing_;
  if (earliest == nullptr && consecutive_missing_ > kMaxConcealedFrames) {
    state_ = State::Idle;  // the stream paused; the next packet restarts playout
    return silence();
  }
  PoppedFrame frame;
  frame.status = PopStatus::Missing;
  frame.timestamp = next_ts_;
  ++stats_.missing;
  // Hold the position while the delay is below target: the frame is more likely late than lost.
  const bool hold = delay_at(now) + static_cast<std::int32_t>(config_.samples_per_frame) <=
                        static_cast<std::int32_t>(target_delay_) &&
                    consecutive_missing_ <= kMaxConcealedFrames;
  if (!hold) next_ts_ += config_.samples_per_frame;
  return frame;
}

// Over target by more than a frame (the target fell, or the first packet was a late one): drop
// this frame and play the next, if it is here, at most once per kTicksBetweenSkips.
JitterBuffer::Slot* JitterBuffer::maybe_skip(Slot* slot, std::uint32_t now) {
  const auto frame = static_cast<std::int32_t>(config_.samples_per_frame);
  if (ticks_since_skip_ < kTicksBetweenSkips ||
      delay_at(now) <= static_cast<std::int32_t>(target_delay_) + frame) {
    return slot;
  }
  Slot* next = find_slot(next_ts_ + config_.samples_per_frame);
  if (next == nullptr) return slot;
  slot->used = false;
  next_ts_ += config_.samples_per_frame;
  ticks_since_skip_ = 0;
  ++stats_.skipped;
  return next;
}

PoppedFrame JitterBuffer::play(Slot& slot) {
  PoppedFrame frame;
  frame.status = PopStatus::Frame;
  frame.payload_type = slot.payload_type;
  frame.marker = slot.marker;
  frame.sequence = slot.sequence;
  frame.timestamp = slot.timestamp;
  if (slot.size > 0) std::memcpy(out_.data(), slot.bytes.data(), slot.size);
  frame.payload = std::span<const std::uint8_t>(out_.data(), slot.size);
  slot.used = false;
  recent_played_[recent_played_count_++ % kCapacity] = slot.sequence;
  last_played_sequence_ = slot.sequence;
  has_played_ = true;
  next_ts_ = slot.timestamp + config_.samples_per_frame;
  consecutive_missing_ = 0;
  ++stats_.played;
  return frame;
}

PoppedFrame JitterBuffer::silence() {
  ++stats_.silent;
  return PoppedFrame{};
}

void JitterBuffer::restart_at(std::uint32_t timestamp) {
  next_ts_ = timestamp;
  state_ = State::Waiting;
  consecutive_missing_ = 0;
  ++stats_.resyncs;
}

bool JitterBuffer::starts_talkspurt(const Slot& slot) const {
  if (slot.marker) return true;
  return has_played_ && slot.sequence == static_cast<std::uint16_t>(last_played_sequence_ + 1);
}

bool JitterBuffer::was_played(std::uint16_t sequence) const {
  const std::size_t count = std::min(recent_played_count_, kCapacity);
  for (std::size_t i = 0; i < count; ++i) {
    if (recent_played_[i] == sequence) return true;
  }
  return false;
}

// A frame plays at the tick whose position is within half a frame of its timestamp.
JitterBuffer::Slot* JitterBuffer::find_slot(std::uint32_t timestamp) {
  const auto half = static_cast<std::int32_t>(config_.samples_per_frame / 2);
  for (Slot& slot : slots_) {
    const std::int32_t offset = ts_diff(slot.timestamp, timestamp);
    if (slot.used && offset >= -half && offset < half) return &slot;
  }
  return nullptr;
}

JitterBuffer::Slot* JitterBuffer::find_sequence(std::uint16_t sequence) {
  for (Slot& slot : slots_) {
    if (slot.used && slot.sequence == sequence) return &slot;
  }
  return nullptr;
}

JitterBuffer::Slot* JitterBuffer::free_slot() {
  for (Slot& slot : slots_) {
    if (!slot.used) return &slot;
  }
  return nullptr;
}

JitterBuffer::Slot* JitterBuffer::earliest_slot() {
  Slot* earliest = nullptr;
  for (Slot& slot : slots_) {
    if (slot.used && (earliest == nullptr || ts_before(slot.timestamp, earliest->timestamp)))
      earliest = &slot;
  }
  return earliest;
}

// Frames whose tick has passed (a resync moved the position past them) would hold slots forever.
void JitterBuffer::drop_stale() {
  const std::uint32_t oldest_playable = next_ts_ - config_.samples_per_frame / 2;
  for (Slot& slot : slots_) {
    if (slot.used && ts_before(slot.timestamp, oldest_playable)) {
      slot.used = false;
      ++stats_.late;
    }
  }
}

void JitterBuffer::reset() noexcept {
  for (Slot& slot : slots_) slot.used = false;
  state_ = State::Idle;
  consecutive_missing_ = 0;
  has_played_ = false;
  recent_played_count_ = 0;
  has_transit_ = false;
  transit_window_count_ = 0;
  peak_lateness_ = 0;
  target_delay_ = min_delay_;
}

JitterBufferStats JitterBuffer::stats() const noexcept {
  JitterBufferStats stats = stats_;
  stats.target_delay_ms = target_delay_ * 1000 / config_.clock_rate;
  stats.depth = static_cast<std::uint32_t>(
      std::count_if(slots_.begin(), slots_.end(), [](const Slot& slot) { return slot.used; }));
  return stats;
}

}  // namespace hotline::media::rtp
