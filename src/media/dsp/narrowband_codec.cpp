#include "media/dsp/narrowband_codec.hpp"

#include <algorithm>

namespace hotline::media::dsp {

Result<std::unique_ptr<NarrowbandCodec>> NarrowbandCodec::create(int payload_type, Use use) {
  if (payload_type == kPayloadTypeG722) {
    return std::unique_ptr<NarrowbandCodec>(
        new NarrowbandCodec(make_g722_codec_8khz(), use != Use::Encode, use != Use::Decode));
  }
  auto codec = make_codec(payload_type);
  if (!codec) return codec.error();
  return std::unique_ptr<NarrowbandCodec>(new NarrowbandCodec(std::move(codec).value(), true, true));
}

NarrowbandCodec::NarrowbandCodec(std::unique_ptr<AudioCodec> codec, bool decodes, bool encodes)
    : codec_(std::move(codec)), decodes_(decodes), encodes_(encodes) {}

std::size_t NarrowbandCodec::decode(std::span<const std::uint8_t> payload, std::span<std::int16_t> out8k) {
  if (!decodes_) return 0;
  return codec_->decode(payload, out8k.first(std::min(out8k.size(), kMaxSamples)));
}

std::size_t NarrowbandCodec::encode(std::span<const std::int16_t> frame8k, std::span<std::uint8_t> out) {
  if (!encodes_) return 0;
  return codec_->encode(frame8k.first(std::min(frame8k.size(), kMaxSamples)), out);
}

}  // namespace hotline::media::dsp
