// RtcpSession: one leg's RTCP. It decides when the next compound report is due (every interval,
// randomised by ±50% as RFC 3550 6.2 asks, the first one after half an interval), builds it (an SR
// when we sent RTP since the report before last, else an RR; a report block about the source we
// receive, with LSR/DLSR from its last SR; an SDES CNAME), reads the peer's reports and keeps the
// leg's LegQuality: loss and jitter both ways and the round-trip time.
//
// A relay that forwards the other leg's RTP untouched (SSRC included) tells the session which
// source the peer hears instead of ours (set_relayed_source), so that the peer's reports about it
// count, and which of that source's SRs it forwarded when (note_relayed_sender_report), so that the
// round trip between us and the peer can still be measured from those reports.
//
// Times are the worker's wall clock in Unix microseconds, read once per tick and passed in;
// randomness comes from a seed, so tests are deterministic.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <string_view>

#include "media/rtp/leg_quality.hpp"
#include "media/rtp/rtcp.hpp"
#include "media/rtp/rtp_receiver.hpp"

namespace hotline::media::rtp {

struct RtcpSessionConfig {
  std::uint32_t clock_rate = 8000;
  std::int64_t interval_us = 5'000'000;
};

// What we sent, from RtpSender, at the time of the report.
struct SenderSnapshot {
  std::uint32_t rtp_timestamp = 0;  // RtpSender::rtp_timestamp_at(now)
  std::uint32_t packet_count = 0;
  std::uint32_t octet_count = 0;
};

// Thread: the media worker that owns the leg (constructed on the core loop before it is handed over).
class RtcpSession {
 public:
  RtcpSession(std::uint32_t local_ssrc, std::string_view cname, std::uint32_t random_seed,
              RtcpSessionConfig config = {});

  // Schedules the first report half an interval (randomised) after `now_us`.
  void start(std::int64_t now_us);
  bool report_due(std::int64_t now_us) const { return now_us >= next_report_us_; }
  std::int64_t next_report_us() const { return next_report_us_; }

  // Builds the compound report into `out` and schedules the next one. `received` is the report of
  // the source we receive (RtpReceiver::take_report), null when nothing has been received.
  // Returns the bytes written; 0 when `out` is too small.
  std::size_t build_report(std::int64_t now_us, const SenderSnapshot& sent, const ReceptionReport* received,
                           std::span<std::uint8_t> out);
  // The same report followed by a BYE, for a leg that ends.
  std::size_t build_bye(std::int64_t now_us, const SenderSnapshot& sent, const ReceptionReport* received,
                        std::span<std::uint8_t> out);

  // Reads a compound packet from the peer: its SR time for our LSR/DLSR, its report block about our
  // stream for remote loss, jitter and round-trip time, its BYE.
  RtcpParseError on_rtcp(std::span<const std::uint8_t> bytes, std::int64_t now_us) noexcept;
  // The same for a compound packet parsed already.
  void on_compound(const RtcpCompound& compound, std::int64_t now_us) noexcept;

  // The source the peer hears from us: 0 for our own stream (local_ssrc), else the SSRC of the
  // other leg's stream relayed to it. Only report blocks about that source are taken.
  void set_relayed_source(std::uint32_t ssrc) { relayed_ssrc_ = ssrc; }
  // An SR of the relayed source, forwarded to the peer at `now_us`. A report block that names it
  // as its LSR gives the round trip from that moment, as one about our own SR does.
  void note_relayed_sender_report(NtpTime ntp, std::int64_t now_us);

  const LegQuality& quality() const { return quality_; }
  bool peer_said_bye() const { return peer_bye_; }
  std::uint32_t local_ssrc() const { return local_ssrc_; }

 private:
  bool write_report(RtcpWriter& writer, std::int64_t now_us, const SenderSnapshot& sent,
                    const ReceptionReport* received);
  ReportBlock block_for(const ReceptionReport& received, std::int64_t now_us) const;
  void note_received(const ReceptionReport& received, std::int64_t now_us);
  void note_remote_block(const ReportBlock& block, std::int64_t now_us, bool about_relayed);
  void schedule_next(std::int64_t now_us, double scale);

  std::uint32_t local_ssrc_;
  std::string cname_;
  RtcpSessionConfig config_;
  std::minstd_rand random_;
  std::int64_t next_report_us_ = 0;

  // Packet counts at the last two reports: an SR is due if we sent since the one before last.
  std::uint32_t packets_at_last_report_ = 0;
  std::uint32_t packets_at_report_before_ = 0;

  bool has_last_sr_ = false;
  std::uint32_t last_sr_ssrc_ = 0;
  std::uint32_t last_sr_ntp_middle_ = 0;
  std::int64_t last_sr_arrival_us_ = 0;

  // The relayed source, and when its last few SRs were forwarded (the peer reports on its latest).
  struct ForwardedSr {
    std::uint32_t ntp_middle = 0;
    std::int64_t forwarded_unix_us = 0;
  };
  std::uint32_t relayed_ssrc_ = 0;
  std::array<ForwardedSr, 4> forwarded_srs_{};
  std::size_t next_forwarded_sr_ = 0;

  bool peer_bye_ = false;
  LegQuality quality_;
};

}  // namespace hotline::media::rtp
