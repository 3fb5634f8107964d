#include "media/rtp/rtcp.hpp"

#include <cstring>

#include "media/rtp/byte_order.hpp"

namespace hotline::media::rtp {

namespace {

constexpr std::uint32_t kNtpUnixOffsetSeconds = 2'208'988'800u;  // 1900-01-01 to 1970-01-01
constexpr std::size_t kHeaderBytes = 4;
constexpr std::size_t kSenderInfoBytes = 20;
constexpr std::size_t kReportBlockBytes = 24;
constexpr std::uint8_t kSdesEnd = 0;
constexpr std::uint8_t kSdesCname = 1;

std::size_t round_up_to_word(std::size_t bytes) { return (bytes + 3) & ~std::size_t{3}; }

ReportBlock read_block(const std::uint8_t* p) {
  ReportBlock block;
  block.ssrc = load_u32(p);
  block.fraction_lost = p[4];
  std::uint32_t lost = (std::uint32_t{p[5]} << 16) | (std::uint32_t{p[6]} << 8) | p[7];
  if (lost & 0x800000u) lost |= 0xff000000u;  // sign-extend the 24-bit field
  block.cumulative_lost = static_cast<std::int32_t>(lost);
  block.extended_highest_sequence = load_u32(p + 8);
  block.jitter = load_u32(p + 12);
  block.last_sr = load_u32(p + 16);
  block.delay_since_last_sr = load_u32(p + 20);
  return block;
}

// The part of one RTCP packet that its type describes: the header's count and the bytes after
// the 4-byte header, padding removed.
struct PacketBody {
  std::uint8_t count = 0;
  std::span<const std::uint8_t> bytes;  // the whole packet, header included, without padding
};

RtcpParseError read_blocks(const PacketBody& packet, std::size_t offset, RtcpCompound& out) {
  if (offset + packet.count * kReportBlockBytes > packet.bytes.size()) return RtcpParseError::BadContent;
  for (std::size_t i = 0; i < packet.count; ++i) {
    if (out.report_block_count == out.report_blocks.size()) {
      ++out.report_blocks_skipped;
      continue;
    }
    out.report_blocks[out.report_block_count++] =
        read_block(packet.bytes.data() + offset + i * kReportBlockBytes);
  }
  return RtcpParseError::None;
}

RtcpParseError parse_sender_report(const PacketBody& packet, RtcpCompound& out) {
  const std::uint8_t* p = packet.bytes.data();
  if (packet.bytes.size() < kHeaderBytes + 4 + kSenderInfoBytes) return RtcpParseError::BadContent;
  out.has_sender_report = true;
  out.sender_ssrc = load_u32(p + 4);
  out.sender_info.ntp.seconds = load_u32(p + 8);
  out.sender_info.ntp.fraction = load_u32(p + 12);
  out.sender_info.rtp_timestamp = load_u32(p + 16);
  out.sender_info.packet_count = load_u32(p + 20);
  out.sender_info.octet_count = load_u32(p + 24);
  return read_blocks(packet, kHeaderBytes + 4 + kSenderInfoBytes, out);
}

RtcpParseError parse_receiver_report(const PacketBody& packet, RtcpCompound& out) {
  if (packet.bytes.size() < kHeaderBytes + 4) return RtcpParseError::BadContent;
  if (!out.has_sender_report && !out.has_receiver_report) out.sender_ssrc = load_u32(packet.bytes.data() + 4);
  out.has_receiver_report = true;
  return read_blocks(packet, kHeaderBytes + 4, out);
}

// One SDES chunk at `pos`: an SSRC, then items up to a null octet, then padding to a word.
RtcpParseError parse_sdes_chunk(std::span<const std::uint8_t> bytes, std::size_t& pos, RtcpCompound& out) {
  if (pos + 4 > bytes.size()) return RtcpParseError::BadContent;
  const std::uint32_t ssrc = load_u32(bytes.data() + pos);
  pos += 4;
  while (true) {
    if (pos >= bytes.size()) return RtcpParseError::BadContent;
    const std::uint8_t type = bytes[pos];
    if (type == kSdesEnd) {
      pos = round_up_to_word(pos + 1);
      return RtcpParseError::None;
    }
    if (pos + 2 > bytes.size() || pos + 2 + bytes[pos + 1] > bytes.size()) return RtcpParseError::BadContent;
    const std::size_t length = bytes[pos + 1];
    if (type == kSdesCname && !out.has_cname) {
      out.has_cname = true;
      out.cname_ssrc = ssrc;
      out.cname = std::string_view(reinterpret_cast<const char*>(bytes.data() + pos + 2), length);
    }
    pos += 2 + length;
  }
}

RtcpParseError parse_sdes(const PacketBody& packet, RtcpCompound& out) {
  std::size_t pos = kHeaderBytes;
  for (std::size_t chunk = 0; chunk < packet.count; ++chunk) {
    if (RtcpParseError error = parse_sdes_chunk(packet.bytes, pos, out); error != RtcpParseError::None) {
      return error;
    }
  }
  return RtcpParseError::None;
}

RtcpParseError parse_bye(const PacketBody& packet, RtcpCompound& out) {
  const std::span<const std::uint8_t> bytes = packet.bytes;
  const std::size_t reason_at = kHeaderBytes + packet.count * std::size_t{4};
  if (reason_at > bytes.size()) return RtcpParseError::BadContent;
  out.has_bye = true;
  for (std::size_t i = 0; i < packet.count && out.bye_ssrc_count < out.bye_ssrcs.size(); ++i) {
    out.bye_ssrcs[out.bye_ssrc_count++] = load_u32(bytes.data() + kHeaderBytes + i * 4);
  }
  if (reason_at < bytes.size()) {
    const std::size_t length = bytes[reason_at];
    if (reason_at + 1 + length > bytes.size()) return RtcpParseError::BadContent;
    out.bye_reason = std::string_view(reinterpret_cast<const char*>(bytes.data() + reason_at + 1), length);
  }
  return RtcpParseError::None;
}

RtcpParseError parse_packet(std::uint8_t type, const PacketBody& packet, RtcpCompound& out) {
  switch (static_cast<RtcpType>(type)) {
    case RtcpType::SenderReport:
      return parse_sender_report(packet, out);
    case RtcpType::ReceiverReport:
      return parse_receiver_report(packet, out);
    case RtcpType::SourceDescription:
      return parse_sdes(packet, out);
    case RtcpType::Bye:
      return parse_bye(packet, out);
    default:
      ++out.unknown_packets;
      return RtcpParseError::None;
  }
}

}  // namespace

NtpTime ntp_from_unix_us(std::int64_t unix_us) {
  NtpTime ntp;
  const std::int64_t seconds = unix_us / 1'000'000;
  const std::int64_t micros = unix_us % 1'000'000;
  ntp.seconds = static_cast<std::uint32_t>(seconds) + kNtpUnixOffsetSeconds;
  ntp.fraction = static_cast<std::uint32_t>((static_cast<std::uint64_t>(micros) << 32) / 1'000'000);
  return ntp;
}

std::uint8_t* RtcpWriter::begin_packet(std::size_t bytes, std::uint8_t count, RtcpType type) {
  if (bytes > out_.size() - size_ || bytes / 4 - 1 > 0xffff) return nullptr;
  std::uint8_t* p = out_.data() + size_;
  std::memset(p, 0, bytes);
  p[0] = static_cast<std::uint8_t>(0x80 | (count & 0x1f));
  p[1] = static_cast<std::uint8_t>(type);
  store_u16(p + 2, static_cast<std::uint16_t>(bytes / 4 - 1));
  size_ += bytes;
  return p;
}

void RtcpWriter::write_block(std::uint8_t* p, const ReportBlock& block) {
  store_u32(p, block.ssrc);
  store_u32(p + 4, (std::uint32_t{block.fraction_lost} << 24) |
                       (static_cast<std::uint32_t>(block.cumulative_lost) & 0xffffffu));
  store_u32(p + 8, block.extended_highest_sequence);
  store_u32(p + 12, block.jitter);
  store_u32(p + 16, block.last_sr);
  store_u32(p + 20, block.delay_since_last_sr);
}

bool RtcpWriter::add_sender_report(std::uint32_t ssrc, const SenderInfo& info,
                                   std::span<const ReportBlock> blocks) {
  if (blocks.size() > kMaxReportBlocks) return false;
  const std::size_t bytes = kHeaderBytes + 4 + kSenderInfoBytes + blocks.size() * kReportBlockBytes;
  std::uint8_t* p = begin_packet(bytes, static_cast<std::uint8_t>(blocks.size()), RtcpType::SenderReport);
  if (p == nullptr) return false;
  store_u32(p + 4, ssrc);
  store_u32(p + 8, info.ntp.seconds);
  store_u32(p + 12, info.ntp.fraction);
  store_u32(p + 16, info.rtp_timestamp);
  store_u32(p + 20, info.packet_count);
  store_u32(p + 24, info.octet_count);
  for (std::size_t i = 0; i < blocks.size(); ++i) write_block(p + 28 + i * kReportBlockBytes, blocks[i]);
  return true;
}

bool RtcpWriter::add_receiver_report(std::uint32_t ssrc, std::span<const ReportBlock> blocks) {
  if (blocks.size() > kMaxReportBlocks) return false;
  const std::size_t bytes = kHeaderBytes + 4 + blocks.size() * kReportBlockBytes;
  std::uint8_t* p = begin_packet(bytes, static_cast<std::uint8_t>(blocks.size()), RtcpType::ReceiverReport);
  if (p == nullptr) return false;
  store_u32(p + 4, ssrc);
  for (std::size_t i = 0; i < blocks.size(); ++i) write_block(p + 8 + i * kReportBlockBytes, blocks[i]);
  return true;
}

bool RtcpWriter::add_sdes_cname(std::uint32_t ssrc, std::string_view cname) {
  if (cname.size() > 255) return false;
  // header, SSRC, CNAME item (type, length, text), at least one null octet, padding to a word
  const std::size_t bytes = kHeaderBytes + round_up_to_word(4 + 2 + cname.size() + 1);
  std::uint8_t* p = begin_packet(bytes, 1, RtcpType::SourceDescription);
  if (p == nullptr) return false;
  store_u32(p + 4, ssrc);
  p[8] = kSdesCname;
  p[9] = static_cast<std::uint8_t>(cname.size());
  if (!cname.empty()) std::memcpy(p + 10, cname.data(), cname.size());
  return true;
}

bool RtcpWriter::add_bye(std::span<const std::uint32_t> ssrcs, std::string_view reason) {
  if (ssrcs.size() > kMaxReportBlocks || reason.size() > 255) return false;
  const std::size_t reason_bytes = reason.empty() ? 0 : round_up_to_word(1 + reason.size());
  const std::size_t bytes = kHeaderBytes + ssrcs.size() * 4 + reason_bytes;
  std::uint8_t* p = begin_packet(bytes, static_cast<std::uint8_t>(ssrcs.size()), RtcpType::Bye);
  if (p == nullptr) return false;
  for (std::size_t i = 0; i < ssrcs.size(); ++i) store_u32(p + kHeaderBytes + i * 4, ssrcs[i]);
  if (!reason.empty()) {
    std::uint8_t* r = p + kHeaderBytes + ssrcs.size() * 4;
    r[0] = static_cast<std::uint8_t>(reason.size());
    std::memcpy(r + 1, reason.data(), reason.size());
  }
  return true;
}

const ReportBlock* RtcpCompound::block_about(std::uint32_t ssrc) const {
  for (const ReportBlock& block : blocks()) {
    if (block.ssrc == ssrc) return &block;
  }
  return nullptr;
}

const char* to_string(RtcpParseError error) {
  switch (error) {
    case RtcpParseError::None:
      return "ok";
    case RtcpParseError::TooShort:
      return "RTCP packet shorter than its 4-byte header";
    case RtcpParseError::BadVersion:
      return "RTCP version is not 2";
    case RtcpParseError::BadLength:
      return "RTCP length fields do not match the compound packet";
    case RtcpParseError::NotReportFirst:
      return "RTCP compound packet does not start with SR or RR";
    case RtcpParseError::BadPadding:
      return "RTCP padding is misplaced or too large";
    case RtcpParseError::BadContent:
      return "RTCP report blocks, SDES items or BYE reason overrun the packet";
  }
  return "unknown RTCP parse error";
}

Error to_error(RtcpParseError error) { return Error::invalid("rtcp", to_string(error)); }

RtcpParseError parse_rtcp(std::span<const std::uint8_t> bytes, RtcpCompound& out) noexcept {
  out = RtcpCompound{};
  if (bytes.size() < kHeaderBytes) return RtcpParseError::TooShort;
  for (std::size_t offset = 0; offset < bytes.size();) {
    if (bytes.size() - offset < kHeaderBytes) return RtcpParseError::BadLength;
    const std::uint8_t* p = bytes.data() + offset;
    if ((p[0] >> 6) != 2) return RtcpParseError::BadVersion;
    const std::uint8_t type = p[1];
    const std::size_t length = (std::size_t{load_u16(p + 2)} + 1) * 4;
    if (length > bytes.size() - offset) return RtcpParseError::BadLength;
    const bool sr_or_rr = type == static_cast<std::uint8_t>(RtcpType::SenderReport) ||
                          type == static_cast<std::uint8_t>(RtcpType::ReceiverReport);
    if (offset == 0 && !sr_or_rr) return RtcpParseError::NotReportFirst;
    std::size_t padding = 0;
    if ((p[0] & 0x20) != 0) {
      padding = p[length - 1];
      if (offset + length != bytes.size() || padding == 0 || padding > length - kHeaderBytes) {
        return RtcpParseError::BadPadding;
      }
    }
    const PacketBody packet{static_cast<std::uint8_t>(p[0] & 0x1f), bytes.subspan(offset, length - padding)};
    if (RtcpParseError error = parse_packet(type, packet, out); error != RtcpParseError::None) return error;
    offset += length;
  }
  return RtcpParseError::None;
}

std::optional<std::uint32_t> round_trip_ntp_units(const ReportBlock& block, NtpTime arrival) {
  if (block.last_sr == 0) return std::nullopt;
  const std::uint32_t rtt = arrival.middle32() - block.last_sr - block.delay_since_last_sr;
  if (static_cast<std::int32_t>(rtt) < 0) return std::nullopt;
  return rtt;
}

}  // namespace hotline::media::rtp
