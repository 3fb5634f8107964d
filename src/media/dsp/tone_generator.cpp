#include "media/dsp/tone_generator.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "media/dsp/goertzel.hpp"

namespace hotline::media::dsp {
namespace {

constexpr int kRampMs = 2;

// China: GB 3380 / YD/T 1093 450 Hz tones. Europe: ITU-T E.180 and ETSI ES 201 970 425 Hz tones.
// North America: the precise tone plan (ANSI T1.401).
constexpr ToneSpec kChinaDial{"cn-dial", {450, 0}, {}, true};
constexpr ToneSpec kChinaRingback{"cn-ringback", {450, 0}, {1000, 4000}, true};
constexpr ToneSpec kChinaBusy{"cn-busy", {450, 0}, {350, 350}, true};
constexpr ToneSpec kChinaCongestion{"cn-congestion", {450, 0}, {700, 700}, true};
constexpr ToneSpec kEuropeDial{"eu-dial", {425, 0}, {}, true};
constexpr ToneSpec kEuropeRingback{"eu-ringback", {425, 0}, {1000, 4000}, true};
constexpr ToneSpec kEuropeBusy{"eu-busy", {425, 0}, {500, 500}, true};
constexpr ToneSpec kEuropeCongestion{"eu-congestion", {425, 0}, {250, 250}, true};
constexpr ToneSpec kNorthAmericaDial{"us-dial", {350, 440}, {}, true};
constexpr ToneSpec kNorthAmericaRingback{"us-ringback", {440, 480}, {2000, 4000}, true};
constexpr ToneSpec kNorthAmericaBusy{"us-busy", {480, 620}, {500, 500}, true};
constexpr ToneSpec kNorthAmericaCongestion{"us-congestion", {480, 620}, {250, 250}, true};
constexpr ToneSpec kBeep{"beep", {1000, 0}, {200}, false};

const ToneSpec& china_tone(ToneKind kind) {
  switch (kind) {
    case ToneKind::Dial:
      return kChinaDial;
    case ToneKind::Ringback:
      return kChinaRingback;
    case ToneKind::Busy:
      return kChinaBusy;
    case ToneKind::Congestion:
      return kChinaCongestion;
    case ToneKind::Beep:
      break;
  }
  return kBeep;
}

const ToneSpec& europe_tone(ToneKind kind) {
  switch (kind) {
    case ToneKind::Dial:
      return kEuropeDial;
    case ToneKind::Ringback:
      return kEuropeRingback;
    case ToneKind::Busy:
      return kEuropeBusy;
    case ToneKind::Congestion:
      return kEuropeCongestion;
    case ToneKind::Beep:
      break;
  }
  return kBeep;
}

const ToneSpec& north_america_tone(ToneKind kind) {
  switch (kind) {
    case ToneKind::Dial:
      return kNorthAmericaDial;
    case ToneKind::Ringback:
      return kNorthAmericaRingback;
    case ToneKind::Busy:
      return kNorthAmericaBusy;
    case ToneKind::Congestion:
      return kNorthAmericaCongestion;
    case ToneKind::Beep:
      break;
  }
  return kBeep;
}

}  // namespace

const ToneSpec& call_progress_tone(ToneRegion region, ToneKind kind) {
  switch (region) {
    case ToneRegion::China:
      return china_tone(kind);
    case ToneRegion::Europe:
      return europe_tone(kind);
    case ToneRegion::NorthAmerica:
      return north_america_tone(kind);
  }
  return kBeep;
}

Result<ToneGenerator> ToneGenerator::create(const ToneSpec& spec, int sample_rate, double level_dbm0) {
  if (sample_rate <= 0) return Error::invalid("sample_rate", "must be positive");
  if (level_dbm0 > 3.0) return Error::invalid("level_dbm0", "must be at most +3 dBm0");
  bool any = false;
  for (std::uint16_t f : spec.frequencies_hz) {
    if (2 * static_cast<int>(f) >= sample_rate) {
      return Error::invalid("frequencies_hz", std::string(spec.name) + ": " + std::to_string(f) +
                                                  " Hz is not below half the sample rate");
    }
    any = any || f != 0;
  }
  if (!any) return Error::invalid("frequencies_hz", std::string(spec.name) + ": no frequency");
  return ToneGenerator(spec, sample_rate, sine_amplitude_for_dbm0(level_dbm0));
}

ToneGenerator::ToneGenerator(const ToneSpec& spec, int sample_rate, double amplitude)
    : spec_(spec),
      sample_rate_(sample_rate),
      amplitude_(amplitude),
      ramp_samples_(static_cast<std::size_t>(sample_rate * kRampMs / 1000)) {
  for (std::uint16_t f : spec.frequencies_hz) {
    if (f == 0) continue;
    const double w = 2.0 * std::numbers::pi * f / sample_rate;
    oscillators_[oscillator_count_++] = Oscillator{1.0, 0.0, std::cos(w), std::sin(w)};
  }
  while (segment_count_ < spec.cadence_ms.size() && spec.cadence_ms[segment_count_] != 0) ++segment_count_;
}

void ToneGenerator::restart() {
  segment_ = 0;
  position_ = 0;
  finished_ = false;
}

std::size_t ToneGenerator::segment_samples(std::size_t segment) const {
  return static_cast<std::size_t>(spec_.cadence_ms[segment]) * static_cast<std::size_t>(sample_rate_) / 1000;
}

void ToneGenerator::next_segment() {
  position_ = 0;
  if (++segment_ < segment_count_) return;
  segment_ = 0;
  if (!spec_.repeat) finished_ = true;
}

void ToneGenerator::generate(std::span<std::int16_t> out) {
  std::size_t i = 0;
  while (i < out.size()) {
    if (finished_) {
      std::fill(out.begin() + static_cast<std::ptrdiff_t>(i), out.end(), std::int16_t{0});
      break;
    }
    if (segment_count_ == 0) {  // continuous: ramp in once, then steady
      for (; i < out.size(); ++i, ++position_) out[i] = sample(position_, SIZE_MAX);
      break;
    }
    const std::size_t length = segment_samples(segment_);
    const std::size_t n = std::min(out.size() - i, length - position_);
    const bool on = segment_ % 2 == 0;
    for (std::size_t k = 0; k < n; ++k, ++i, ++position_) out[i] = on ? sample(position_, length) : 0;
    if (position_ == length) next_segment();
  }
  renormalise();
}

// One sample `position` samples into a burst of `length`, ramped at both ends.
std::int16_t ToneGenerator::sample(std::size_t position, std::size_t length) {
  double value = 0.0;
  for (std::size_t k = 0; k < oscillator_count_; ++k) {
    Oscillator& o = oscillators_[k];
    value += o.im;
    const double re = o.re * o.step_re - o.im * o.step_im;
    o.im = o.re * o.step_im + o.im * o.step_re;
    o.re = re;
  }
  const std::size_t edge = std::min(position, length == SIZE_MAX ? SIZE_MAX : length - 1 - position);
  const double gain = edge < ramp_samples_ ? static_cast<double>(edge) / ramp_samples_ : 1.0;
  return static_cast<std::int16_t>(std::lround(std::clamp(value * amplitude_ * gain, -32768.0, 32767.0)));
}

// The rotating phasors drift from unit length by rounding; pull them back once per call.
void ToneGenerator::renormalise() {
  for (std::size_t k = 0; k < oscillator_count_; ++k) {
    Oscillator& o = oscillators_[k];
    const double scale = 1.0 / std::sqrt(o.re * o.re + o.im * o.im);
    o.re *= scale;
    o.im *= scale;
  }
}

}  // namespace hotline::media::dsp
