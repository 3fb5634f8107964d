#include "media/rtp/rtp_header.hpp"

#include <cstring>

#include "media/rtp/byte_order.hpp"

namespace hotline::media::rtp {

const char* to_string(RtpParseError error) {
  switch (error) {
    case RtpParseError::None:
      return "ok";
    case RtpParseError::TooShort:
      return "RTP packet shorter than the 12-byte fixed header";
    case RtpParseError::BadVersion:
      return "RTP version is not 2";
    case RtpParseError::CsrcTruncated:
      return "RTP CSRC list runs past the end of the packet";
    case RtpParseError::ExtensionTruncated:
      return "RTP header extension runs past the end of the packet";
    case RtpParseError::BadPadding:
      return "RTP padding count is zero or exceeds the payload";
  }
  return "unknown RTP parse error";
}

Error to_error(RtpParseError error) { return Error::invalid("rtp", to_string(error)); }

namespace {

// Reads the CSRC list and the extension that follow the fixed header; returns where they end.
RtpParseError parse_variable_part(std::span<const std::uint8_t> bytes, RtpHeader& header,
                                  std::size_t& offset) noexcept {
  offset = kRtpFixedHeaderBytes + std::size_t{header.csrc_count} * 4;
  if (offset > bytes.size()) return RtpParseError::CsrcTruncated;
  for (std::size_t i = 0; i < header.csrc_count; ++i) {
    header.csrc[i] = load_u32(bytes.data() + kRtpFixedHeaderBytes + i * 4);
  }
  header.extension_data = {};
  if (!header.extension) return RtpParseError::None;
  if (offset + 4 > bytes.size()) return RtpParseError::ExtensionTruncated;
  header.extension_profile = load_u16(bytes.data() + offset);
  const std::size_t words = load_u16(bytes.data() + offset + 2);
  offset += 4;
  if (offset + words * 4 > bytes.size()) return RtpParseError::ExtensionTruncated;
  header.extension_data = bytes.subspan(offset, words * 4);
  offset += words * 4;
  return RtpParseError::None;
}

}  // namespace

RtpParseError parse_rtp(std::span<const std::uint8_t> bytes, RtpPacketView& out) noexcept {
  if (bytes.size() < kRtpFixedHeaderBytes) return RtpParseError::TooShort;
  const std::uint8_t* p = bytes.data();
  if ((p[0] >> 6) != kRtpVersion) return RtpParseError::BadVersion;
  RtpHeader& header = out.header;
  header.padding = (p[0] & 0x20) != 0;
  header.extension = (p[0] & 0x10) != 0;
  header.csrc_count = p[0] & 0x0f;
  header.marker = (p[1] & 0x80) != 0;
  header.payload_type = p[1] & 0x7f;
  header.sequence = load_u16(p + 2);
  header.timestamp = load_u32(p + 4);
  header.ssrc = load_u32(p + 8);
  std::size_t offset = 0;
  if (RtpParseError error = parse_variable_part(bytes, header, offset); error != RtpParseError::None) {
    return error;
  }
  std::size_t padding = 0;
  if (header.padding) {
    padding = bytes.back();
    if (padding == 0 || padding > bytes.size() - offset) return RtpParseError::BadPadding;
  }
  out.header_bytes = offset;
  out.padding_bytes = padding;
  out.payload = bytes.subspan(offset, bytes.size() - offset - padding);
  return RtpParseError::None;
}

std::size_t rtp_header_size(const RtpHeader& header) noexcept {
  std::size_t size = kRtpFixedHeaderBytes + std::size_t{header.csrc_count} * 4;
  if (header.extension) size += 4 + header.extension_data.size();
  return size;
}

std::size_t write_rtp_header(const RtpHeader& header, std::span<std::uint8_t> out) noexcept {
  const std::size_t size = rtp_header_size(header);
  if (header.csrc_count > kMaxCsrcCount || size > out.size()) return 0;
  if (header.extension &&
      (header.extension_data.size() % 4 != 0 || header.extension_data.size() / 4 > 0xffff)) {
    return 0;
  }
  std::uint8_t* p = out.data();
  p[0] = static_cast<std::uint8_t>((kRtpVersion << 6) | (header.padding ? 0x20 : 0) |
                                   (header.extension ? 0x10 : 0) | header.csrc_count);
  p[1] = static_cast<std::uint8_t>((header.marker ? 0x80 : 0) | (header.payload_type & 0x7f));
  store_u16(p + 2, header.sequence);
  store_u32(p + 4, header.timestamp);
  store_u32(p + 8, header.ssrc);
  std::size_t offset = kRtpFixedHeaderBytes;
  for (std::size_t i = 0; i < header.csrc_count; ++i, offset += 4) store_u32(p + offset, header.csrc[i]);
  if (header.extension) {
    store_u16(p + offset, header.extension_profile);
    store_u16(p + offset + 2, static_cast<std::uint16_t>(header.extension_data.size() / 4));
    offset += 4;
    if (!header.extension_data.empty()) {
      std::memcpy(p + offset, header.extension_data.data(), header.extension_data.size());
    }
  }
  return size;
}

void patch_rtp_header(std::span<std::uint8_t> packet, const RtpRewrite& rewrite) noexcept {
  std::uint8_t* p = packet.data();
  p[1] = static_cast<std::uint8_t>((rewrite.marker ? 0x80 : 0) | (rewrite.payload_type & 0x7f));
  store_u16(p + 2, rewrite.sequence);
  store_u32(p + 4, rewrite.timestamp);
  store_u32(p + 8, rewrite.ssrc);
}

bool looks_like_rtcp(std::span<const std::uint8_t> bytes) noexcept {
  return bytes.size() >= 2 && bytes[1] >= 192 && bytes[1] <= 223;
}

}  // namespace hotline::media::rtp
