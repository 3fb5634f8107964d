// RTP fixed header (RFC 3550 section 5.1): parse a received packet into a view over its bytes, write
// a header for a packet we generate, and patch the fields a forwarding leg rewrites in place.
//
// Parsing reports errors as an RtpParseError value rather than hotline::Error: it runs for every
// packet, and hostile input must not make the media worker allocate. to_error() turns a code into
// the project's Error where a caller off the packet path wants one.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "common/result.hpp"

namespace hotline::media::rtp {

inline constexpr std::size_t kRtpFixedHeaderBytes = 12;
inline constexpr std::size_t kMaxCsrcCount = 15;
inline constexpr std::uint8_t kRtpVersion = 2;

struct RtpHeader {
  bool padding = false;
  bool extension = false;
  bool marker = false;
  std::uint8_t payload_type = 0;  // 0..127
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
  std::uint32_t ssrc = 0;
  std::uint8_t csrc_count = 0;
  std::array<std::uint32_t, kMaxCsrcCount> csrc{};
  std::uint16_t extension_profile = 0;           // when `extension`
  std::span<const std::uint8_t> extension_data;  // the extension's words, without its 4-byte head
};

// A parsed packet: the header and views into the bytes it was parsed from.
struct RtpPacketView {
  RtpHeader header;
  std::size_t header_bytes = 0;  // fixed header + CSRCs + extension
  std::size_t padding_bytes = 0;
  std::span<const std::uint8_t> payload;
};

enum class RtpParseError : std::uint8_t {
  None,
  TooShort,            // fewer than 12 bytes
  BadVersion,          // version field is not 2
  CsrcTruncated,       // the CSRC list runs past the end
  ExtensionTruncated,  // the header extension runs past the end
  BadPadding,          // padding count is zero or larger than the payload
};

const char* to_string(RtpParseError error);
Error to_error(RtpParseError error);

// Parses `bytes` into `out`; `out`'s spans point into `bytes`. On error `out` is unspecified.
RtpParseError parse_rtp(std::span<const std::uint8_t> bytes, RtpPacketView& out) noexcept;

// Bytes write_rtp_header needs for `header` (extension_data must be a whole number of 4-byte words).
std::size_t rtp_header_size(const RtpHeader& header) noexcept;

// Writes `header` (fixed part, CSRCs, extension) at the start of `out`. Returns the bytes written,
// or 0 when `out` is too small or the extension is not a whole number of words.
std::size_t write_rtp_header(const RtpHeader& header, std::span<std::uint8_t> out) noexcept;

// The fields a forwarding leg rewrites. Written into an already valid packet's fixed header.
struct RtpRewrite {
  bool marker = false;
  std::uint8_t payload_type = 0;
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
  std::uint32_t ssrc = 0;
};

// Overwrites marker, PT, sequence, timestamp and SSRC of the packet in `packet` (at least 12 bytes).
void patch_rtp_header(std::span<std::uint8_t> packet, const RtpRewrite& rewrite) noexcept;

// RFC 5761 demultiplexing: a packet whose second byte is 192..223 is RTCP, not RTP.
bool looks_like_rtcp(std::span<const std::uint8_t> bytes) noexcept;

}  // namespace hotline::media::rtp
