#include "media/rtp/rtp_receiver.hpp"

#include <algorithm>
#include <cstdlib>

namespace hotline::media::rtp {

void RtpReceiver::init_sequence(Source& source, std::uint16_t seq) {
  source.base_seq = seq;
  source.max_seq = seq;
  source.bad_seq = kSequenceMod + 1;
  source.cycles = 0;
  source.received = 0;
  source.received_prior = 0;
  source.expected_prior = 0;
  source.has_transit = false;
  source.jitter = 0;
}

void RtpReceiver::start_probation(Source& source, std::uint32_t ssrc, std::uint16_t seq) {
  source = Source{};
  source.ssrc = ssrc;
  init_sequence(source, seq);
  source.max_seq = static_cast<std::uint16_t>(seq - 1);
  source.probation = kMinSequential;
}

// RFC 3550 A.1 update_seq, which also tells a restart (two packets confirming a jump) apart.
RtpReceiver::SequenceUpdate RtpReceiver::update_sequence(Source& source, std::uint16_t seq) {
  const std::uint16_t udelta = static_cast<std::uint16_t>(seq - source.max_seq);
  if (source.probation > 0) {
    if (seq == static_cast<std::uint16_t>(source.max_seq + 1)) {
      --source.probation;
      source.max_seq = seq;
      if (source.probation == 0) {
        init_sequence(source, seq);
        ++source.received;
        return SequenceUpdate::Restarted;
      }
    } else {
      source.probation = kMinSequential - 1;
      source.max_seq = seq;
    }
    return SequenceUpdate::Invalid;
  }
  SequenceUpdate update = SequenceUpdate::Valid;
  if (udelta < kMaxDropout) {
    if (seq < source.max_seq) source.cycles += kSequenceMod;  // wrapped
    source.max_seq = seq;
  } else if (udelta <= kSequenceMod - kMaxMisorder) {
    if (seq != source.bad_seq) {
      source.bad_seq = (seq + 1u) & (kSequenceMod - 1);
      return SequenceUpdate::Invalid;
    }
    init_sequence(source, seq);  // two sequential packets: the sender restarted
    update = SequenceUpdate::Restarted;
  }
  // else: a duplicate or reordered packet, counted as received
  ++source.received;
  return update;
}

// RFC 3550 A.8: J += (|D| - J) / 16, with D the change in transit time.
void RtpReceiver::update_jitter(Source& source, std::uint32_t timestamp, std::uint32_t arrival) {
  const auto transit = static_cast<std::int32_t>(arrival - timestamp);
  if (source.has_transit) {
    const std::int64_t d = std::llabs(std::int64_t{transit} - source.transit);
    source.jitter += (static_cast<double>(d) - source.jitter) / 16.0;
  }
  source.transit = transit;
  source.has_transit = true;
}

ReceiveVerdict RtpReceiver::on_packet(const RtpHeader& header, std::uint32_t arrival) noexcept {
  if (!has_source_ || header.ssrc != source_.ssrc) return on_candidate_packet(header, arrival);
  const SequenceUpdate update = update_sequence(source_, header.sequence);
  if (update == SequenceUpdate::Invalid) return ReceiveVerdict::BadSequence;
  has_candidate_ = false;  // the current source is alive: forget a half-probed rival
  update_jitter(source_, header.timestamp, arrival);
  return update == SequenceUpdate::Restarted ? ReceiveVerdict::NewSource : ReceiveVerdict::Accepted;
}

ReceiveVerdict RtpReceiver::on_candidate_packet(const RtpHeader& header, std::uint32_t arrival) {
  if (!has_candidate_ || candidate_.ssrc != header.ssrc) {
    start_probation(candidate_, header.ssrc, header.sequence);
    has_candidate_ = true;
  }
  if (update_sequence(candidate_, header.sequence) == SequenceUpdate::Invalid) {
    return ReceiveVerdict::Probation;
  }
  source_ = candidate_;
  has_source_ = true;
  has_candidate_ = false;
  update_jitter(source_, header.timestamp, arrival);
  return ReceiveVerdict::NewSource;
}

ReceiveStats RtpReceiver::stats() const noexcept {
  ReceiveStats stats;
  if (!has_source_) return stats;
  stats.has_source = true;
  stats.ssrc = source_.ssrc;
  stats.extended_highest_sequence = extended_max(source_);
  stats.expected = stats.extended_highest_sequence - source_.base_seq + 1;
  stats.received = source_.received;
  stats.lost = std::int64_t{stats.expected} - stats.received;
  stats.jitter = static_cast<std::uint32_t>(source_.jitter);
  stats.jitter_ms = source_.jitter * 1000.0 / clock_rate_;
  return stats;
}

ReceptionReport RtpReceiver::take_report() noexcept {
  ReceptionReport report;
  if (!has_source_) return report;
  const ReceiveStats now = stats();
  report.ssrc = now.ssrc;
  report.extended_highest_sequence = now.extended_highest_sequence;
  report.cumulative_lost = static_cast<std::int32_t>(std::clamp<std::int64_t>(now.lost, -0x800000, 0x7fffff));
  report.jitter = now.jitter;
  const std::uint32_t expected_interval = now.expected - source_.expected_prior;
  const std::uint32_t received_interval = now.received - source_.received_prior;
  source_.expected_prior = now.expected;
  source_.received_prior = now.received;
  const std::int64_t lost_interval = std::int64_t{expected_interval} - received_interval;
  if (expected_interval != 0 && lost_interval > 0) {
    report.fraction_lost =
        static_cast<std::uint8_t>(std::min<std::int64_t>(255, (lost_interval << 8) / expected_interval));
  }
  return report;
}

void RtpReceiver::reset() noexcept {
  has_source_ = false;
  has_candidate_ = false;
  source_ = Source{};
  candidate_ = Source{};
}

}  // namespace hotline::media::rtp
