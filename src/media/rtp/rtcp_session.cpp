#include "media/rtp/rtcp_session.hpp"

#include <algorithm>

namespace hotline::media::rtp {

RtcpSession::RtcpSession(std::uint32_t local_ssrc, std::string_view cname, std::uint32_t random_seed,
                         RtcpSessionConfig config)
    : local_ssrc_(local_ssrc), cname_(cname.substr(0, 255)), config_(config), random_(random_seed) {}

void RtcpSession::start(std::int64_t now_us) { schedule_next(now_us, 0.5); }

void RtcpSession::schedule_next(std::int64_t now_us, double scale) {
  std::uniform_real_distribution<double> spread(0.5, 1.5);
  next_report_us_ =
      now_us + static_cast<std::int64_t>(static_cast<double>(config_.interval_us) * scale * spread(random_));
}

std::size_t RtcpSession::build_report(std::int64_t now_us, const SenderSnapshot& sent,
                                      const ReceptionReport* received, std::span<std::uint8_t> out) {
  RtcpWriter writer(out);
  if (!write_report(writer, now_us, sent, received)) return 0;
  schedule_next(now_us, 1.0);
  return writer.size();
}

std::size_t RtcpSession::build_bye(std::int64_t now_us, const SenderSnapshot& sent,
                                   const ReceptionReport* received, std::span<std::uint8_t> out) {
  RtcpWriter writer(out);
  const std::uint32_t ssrc = local_ssrc_;
  if (!write_report(writer, now_us, sent, received) || !writer.add_bye({&ssrc, 1})) return 0;
  return writer.size();
}

bool RtcpSession::write_report(RtcpWriter& writer, std::int64_t now_us, const SenderSnapshot& sent,
                               const ReceptionReport* received) {
  ReportBlock block;
  const bool has_block = received != nullptr && received->ssrc != 0;
  if (has_block) {
    block = block_for(*received, now_us);
    note_received(*received, now_us);
  }
  const std::span<const ReportBlock> blocks(&block, has_block ? 1 : 0);
  const bool sent_recently = sent.packet_count != packets_at_report_before_;
  bool written = false;
  if (sent_recently) {
    const SenderInfo info{ntp_from_unix_us(now_us), sent.rtp_timestamp, sent.packet_count, sent.octet_count};
    written = writer.add_sender_report(local_ssrc_, info, blocks);
  } else {
    written = writer.add_receiver_report(local_ssrc_, blocks);
  }
  if (!written || !writer.add_sdes_cname(local_ssrc_, cname_)) return false;
  packets_at_report_before_ = packets_at_last_report_;
  packets_at_last_report_ = sent.packet_count;
  return true;
}

ReportBlock RtcpSession::block_for(const ReceptionReport& received, std::int64_t now_us) const {
  ReportBlock block;
  block.ssrc = received.ssrc;
  block.fraction_lost = received.fraction_lost;
  block.cumulative_lost = received.cumulative_lost;
  block.extended_highest_sequence = received.extended_highest_sequence;
  block.jitter = received.jitter;
  if (has_last_sr_ && last_sr_ssrc_ == received.ssrc) {
    block.last_sr = last_sr_ntp_middle_;
    const std::int64_t delay_us = std::max<std::int64_t>(0, now_us - last_sr_arrival_us_);
    block.delay_since_last_sr = static_cast<std::uint32_t>((delay_us << 16) / 1'000'000);
  }
  return block;
}

void RtcpSession::note_received(const ReceptionReport& received, std::int64_t now_us) {
  quality_.has_received = true;
  quality_.received_fraction_lost = received.fraction_lost / 256.0;
  quality_.received_cumulative_lost = received.cumulative_lost;
  quality_.received_jitter_ms = received.jitter * 1000.0 / config_.clock_rate;
  quality_.updated_unix_us = now_us;
}

RtcpParseError RtcpSession::on_rtcp(std::span<const std::uint8_t> bytes, std::int64_t now_us) noexcept {
  RtcpCompound compound;
  if (RtcpParseError error = parse_rtcp(bytes, compound); error != RtcpParseError::None) return error;
  on_compound(compound, now_us);
  return RtcpParseError::None;
}

void RtcpSession::on_compound(const RtcpCompound& compound, std::int64_t now_us) noexcept {
  if (compound.has_sender_report) {
    has_last_sr_ = true;
    last_sr_ssrc_ = compound.sender_ssrc;
    last_sr_ntp_middle_ = compound.sender_info.ntp.middle32();
    last_sr_arrival_us_ = now_us;
  }
  const bool relayed = relayed_ssrc_ != 0;
  if (const ReportBlock* block = compound.block_about(relayed ? relayed_ssrc_ : local_ssrc_);
      block != nullptr) {
    note_remote_block(*block, now_us, relayed);
  }
  if (compound.has_bye) peer_bye_ = true;
}

void RtcpSession::note_relayed_sender_report(NtpTime ntp, std::int64_t now_us) {
  forwarded_srs_[next_forwarded_sr_] = {ntp.middle32(), now_us};
  next_forwarded_sr_ = (next_forwarded_sr_ + 1) % forwarded_srs_.size();
}

void RtcpSession::note_remote_block(const ReportBlock& block, std::int64_t now_us, bool about_relayed) {
  quality_.has_remote_report = true;
  quality_.remote_fraction_lost = block.fraction_lost / 256.0;
  quality_.remote_cumulative_lost = block.cumulative_lost;
  quality_.remote_jitter_ms = block.jitter * 1000.0 / config_.clock_rate;
  // The LSR of a block about the relayed source is the other leg's NTP time, on a clock that is
  // not ours: measure from when we forwarded that SR instead.
  ReportBlock timed = block;
  if (about_relayed) {
    auto forwarded = std::find_if(forwarded_srs_.begin(), forwarded_srs_.end(), [&](const ForwardedSr& sr) {
      return block.last_sr != 0 && sr.ntp_middle == block.last_sr;
    });
    timed.last_sr =
        forwarded == forwarded_srs_.end() ? 0 : ntp_from_unix_us(forwarded->forwarded_unix_us).middle32();
  }
  if (auto rtt = round_trip_ntp_units(timed, ntp_from_unix_us(now_us))) {
    quality_.has_round_trip = true;
    quality_.round_trip_ms = ntp_units_to_ms(*rtt);
  }
  quality_.updated_unix_us = now_us;
}

}  // namespace hotline::media::rtp
