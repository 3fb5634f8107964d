// RTCP (RFC 3550 section 6): the packets of a compound report. RtcpWriter builds SR, RR, SDES
// CNAME and BYE into a caller's buffer; parse_rtcp reads a received compound packet (SR, RR, SDES,
// BYE; other types are counted and skipped) into an RtcpCompound whose strings view the input.
// NTP times come from the caller (the worker's wall clock read once per tick), never from here.
//
// As for RTP, parse errors are RtcpParseError values, so a flood of bad packets allocates nothing.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "common/result.hpp"

namespace hotline::media::rtp {

enum class RtcpType : std::uint8_t {
  SenderReport = 200,
  ReceiverReport = 201,
  SourceDescription = 202,
  Bye = 203,
  App = 204
};

// 64-bit NTP timestamp: seconds since 1900 and a binary fraction.
struct NtpTime {
  std::uint32_t seconds = 0;
  std::uint32_t fraction = 0;
  // The middle 32 bits, as LSR and round-trip arithmetic use them (units of 1/65536 s).
  std::uint32_t middle32() const { return (seconds << 16) | (fraction >> 16); }
};

NtpTime ntp_from_unix_us(std::int64_t unix_us);

struct SenderInfo {
  NtpTime ntp;
  std::uint32_t rtp_timestamp = 0;
  std::uint32_t packet_count = 0;
  std::uint32_t octet_count = 0;
};

struct ReportBlock {
  std::uint32_t ssrc = 0;  // the source this block reports on
  std::uint8_t fraction_lost = 0;
  std::int32_t cumulative_lost = 0;  // 24 bits signed on the wire
  std::uint32_t extended_highest_sequence = 0;
  std::uint32_t jitter = 0;
  std::uint32_t last_sr = 0;              // middle 32 bits of the last SR's NTP time; 0: none
  std::uint32_t delay_since_last_sr = 0;  // 1/65536 s
};

inline constexpr std::size_t kMaxReportBlocks = 31;  // the 5-bit count's limit
inline constexpr std::size_t kMaxParsedReportBlocks = 8;
inline constexpr std::size_t kMaxParsedByeSsrcs = 8;

// Thread: whoever owns the output buffer; built and used within one call.
class RtcpWriter {
 public:
  explicit RtcpWriter(std::span<std::uint8_t> out) : out_(out) {}

  // Each returns false, writing nothing, when the packet does not fit or its arguments are out of
  // range (more than 31 blocks or SSRCs, a CNAME or reason longer than 255 bytes).
  bool add_sender_report(std::uint32_t ssrc, const SenderInfo& info, std::span<const ReportBlock> blocks);
  bool add_receiver_report(std::uint32_t ssrc, std::span<const ReportBlock> blocks);
  bool add_sdes_cname(std::uint32_t ssrc, std::string_view cname);
  bool add_bye(std::span<const std::uint32_t> ssrcs, std::string_view reason = {});

  std::size_t size() const { return size_; }
  std::span<const std::uint8_t> bytes() const { return out_.first(size_); }

 private:
  std::uint8_t* begin_packet(std::size_t bytes, std::uint8_t count, RtcpType type);
  void write_block(std::uint8_t* p, const ReportBlock& block);

  std::span<std::uint8_t> out_;
  std::size_t size_ = 0;
};

struct RtcpCompound {
  bool has_sender_report = false;
  std::uint32_t sender_ssrc = 0;  // of the SR or RR
  SenderInfo sender_info;         // when has_sender_report
  bool has_receiver_report = false;
  std::array<ReportBlock, kMaxParsedReportBlocks> report_blocks{};  // from the SR and RRs
  std::size_t report_block_count = 0;
  std::size_t report_blocks_skipped = 0;  // beyond kMaxParsedReportBlocks
  bool has_cname = false;
  std::uint32_t cname_ssrc = 0;
  std::string_view cname;  // points into the parsed bytes
  bool has_bye = false;
  std::array<std::uint32_t, kMaxParsedByeSsrcs> bye_ssrcs{};
  std::size_t bye_ssrc_count = 0;
  std::string_view bye_reason;  // points into the parsed bytes
  std::size_t unknown_packets = 0;

  std::span<const ReportBlock> blocks() const { return {report_blocks.data(), report_block_count}; }
  const ReportBlock* block_about(std::uint32_t ssrc) const;
};

enum class RtcpParseError : std::uint8_t {
  None,
  TooShort,        // shorter than one RTCP header
  BadVersion,      // a packet's version is not 2
  BadLength,       // a length field runs past the end, or the lengths do not add up
  NotReportFirst,  // a compound packet must start with SR or RR
  BadPadding,      // padding outside the last packet, or larger than the packet
  BadContent,      // a report count, SDES chunk or BYE reason does not fit its packet
};

const char* to_string(RtcpParseError error);
Error to_error(RtcpParseError error);

RtcpParseError parse_rtcp(std::span<const std::uint8_t> bytes, RtcpCompound& out) noexcept;

// Round-trip time from a report block about our stream (RFC 3550 6.4.1): arrival - LSR - DLSR in
// 1/65536 s. None when the block carries no LSR or the result is negative (clocks disagree).
std::optional<std::uint32_t> round_trip_ntp_units(const ReportBlock& block, NtpTime arrival);
inline double ntp_units_to_ms(std::uint32_t units) { return units * 1000.0 / 65536.0; }

}  // namespace hotline::media::rtp
