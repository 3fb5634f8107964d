#include "media/dsp/codec.hpp"

#include <array>
#include <cctype>
#include <string>

namespace hotline::media::dsp {
namespace {

struct CodecEntry {
  std::string_view name;
  int payload_type;
  std::unique_ptr<AudioCodec> (*make)();
};

constexpr std::array<CodecEntry, 3> kCodecs{{
    {"PCMU", kPayloadTypePcmu, &make_pcmu_codec},
    {"PCMA", kPayloadTypePcma, &make_pcma_codec},
    {"G722", kPayloadTypeG722, &make_g722_codec},
}};

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<AudioCodec>> make_codec(int payload_type) {
  for (const auto& entry : kCodecs) {
    if (entry.payload_type == payload_type) return entry.make();
  }
  return Error::not_found("no codec for RTP payload type " + std::to_string(payload_type));
}

Result<std::unique_ptr<AudioCodec>> make_codec(std::string_view name) {
  for (const auto& entry : kCodecs) {
    if (equals_ignore_case(entry.name, name)) return entry.make();
  }
  return Error::not_found("no codec named '" + std::string(name) + "'");
}

}  // namespace hotline::media::dsp
