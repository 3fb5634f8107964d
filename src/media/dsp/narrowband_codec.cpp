#include "media/dsp/narrowband_codec.hpp"

#include <algorithm>

namespace hotline::media::dsp {

Result<std::unique_ptr<NarrowbandCodec>> NarrowbandCodec::create(int payload_type, Use use) {
  auto codec = make_codec(payload_type);
  if (!codec) return codec.error();
  std::unique_ptr<NarrowbandCodec> narrow(new NarrowbandCodec(std::move(codec).value()));
  if (narrow->passes_through()) return narrow;
  const int wide_rate = narrow->codec_->sample_rate();

  const std::size_t wide_max = narrow->wide_samples(kMaxSamples);
  narrow->wide_.resize(wide_max);
  if (use != Use::Encode) {
    auto down = Resampler::create(wide_rate, kSampleRate, ResamplerQuality::Fastest, wide_max);
    if (!down) return down.error();
    narrow->down_.emplace(std::move(down).value());
  }
  if (use != Use::Decode) {
    auto up = Resampler::create(kSampleRate, wide_rate, ResamplerQuality::Fastest, kMaxSamples);
    if (!up) return up.error();
    narrow->up_.emplace(std::move(up).value());
  }
  return narrow;
}

NarrowbandCodec::NarrowbandCodec(std::unique_ptr<AudioCodec> codec) : codec_(std::move(codec)) {}

std::size_t NarrowbandCodec::wide_samples(std::size_t samples8k) const {
  return samples8k * static_cast<std::size_t>(codec_->sample_rate()) / kSampleRate;
}

std::size_t NarrowbandCodec::decode(std::span<const std::uint8_t> payload, std::span<std::int16_t> out8k) {
  out8k = out8k.first(std::min(out8k.size(), kMaxSamples));
  if (passes_through()) return codec_->decode(payload, out8k);
  if (!down_) return 0;
  const std::size_t wide = codec_->decode(payload, std::span(wide_).first(wide_samples(out8k.size())));
  const std::size_t narrow = wide * kSampleRate / static_cast<std::size_t>(codec_->sample_rate());
  down_->convert(std::span(wide_).first(wide), out8k.first(narrow));
  return narrow;
}

std::size_t NarrowbandCodec::encode(std::span<const std::int16_t> frame8k, std::span<std::uint8_t> out) {
  frame8k = frame8k.first(std::min(frame8k.size(), kMaxSamples));
  if (passes_through()) return codec_->encode(frame8k, out);
  if (!up_) return 0;
  // Only whole 8 kHz samples whose payload fits in `out`, so nothing resampled is left unsent.
  std::size_t narrow = frame8k.size();
  while (narrow > 0 && codec_->payload_bytes(wide_samples(narrow)) > out.size()) --narrow;
  const auto wide = std::span(wide_).first(wide_samples(narrow));
  up_->convert(frame8k.first(narrow), wide);
  return codec_->encode(wide, out);
}

void NarrowbandCodec::reset() {
  codec_->reset();
  if (down_) down_->reset();
  if (up_) up_->reset();
}

// Room for one call's largest output (200 ms) on top of what an earlier call left over.
NarrowbandCodec::ExactResampler::ExactResampler(Resampler resampler)
    : resampler_(std::move(resampler)),
      held_(2 * resampler_.max_output_samples(static_cast<std::size_t>(resampler_.input_rate()) / 5)) {}

void NarrowbandCodec::ExactResampler::convert(std::span<const std::int16_t> in, std::span<std::int16_t> out) {
  held_count_ += resampler_.process(in, std::span(held_).subspan(held_count_));
  const std::size_t missing = out.size() > held_count_ ? out.size() - held_count_ : 0;
  const std::size_t taken = out.size() - missing;
  std::fill_n(out.begin(), missing, std::int16_t{0});
  std::copy_n(held_.begin(), taken, out.begin() + static_cast<std::ptrdiff_t>(missing));
  std::copy(held_.begin() + static_cast<std::ptrdiff_t>(taken),
            held_.begin() + static_cast<std::ptrdiff_t>(held_count_), held_.begin());
  held_count_ -= taken;
}

void NarrowbandCodec::ExactResampler::reset() {
  resampler_.reset();
  held_count_ = 0;
}

}  // namespace hotline::media::dsp
