#include "media/dsp/goertzel.hpp"

#include <cmath>
#include <limits>
#include <numbers>

namespace hotline::media::dsp {
namespace {
constexpr double kFullScale = 32767.0;
constexpr double kFullScaleSineDbm0 = 3.14;
}  // namespace

double goertzel_power(std::span<const std::int16_t> block, double frequency_hz, int sample_rate) {
  if (block.empty() || sample_rate <= 0) return 0.0;
  const double coeff = 2.0 * std::cos(2.0 * std::numbers::pi * frequency_hz / sample_rate);
  double s1 = 0.0;
  double s2 = 0.0;
  for (std::int16_t x : block) {
    const double s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const double magnitude_squared = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  const double n = static_cast<double>(block.size());
  return 2.0 * magnitude_squared / (n * n);
}

double energy(std::span<const std::int16_t> block) {
  double sum = 0.0;
  for (std::int16_t x : block) sum += static_cast<double>(x) * x;
  return sum;
}

double mean_square(std::span<const std::int16_t> block) {
  return block.empty() ? 0.0 : energy(block) / static_cast<double>(block.size());
}

double rms(std::span<const std::int16_t> block) { return std::sqrt(mean_square(block)); }

double rms_to_dbm0(double rms_value) {
  if (rms_value <= 0.0) return -std::numeric_limits<double>::infinity();
  const double full_scale_sine_rms = kFullScale / std::numbers::sqrt2;
  return kFullScaleSineDbm0 + 20.0 * std::log10(rms_value / full_scale_sine_rms);
}

double sine_amplitude_for_dbm0(double level_dbm0) {
  return kFullScale * std::pow(10.0, (level_dbm0 - kFullScaleSineDbm0) / 20.0);
}

}  // namespace hotline::media::dsp
