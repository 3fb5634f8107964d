// Tone analysis: the power of one frequency in a block (Goertzel) and the block's overall level.
// Used by tone and DTMF tests across the project and by detectors that look for a single tone.
//
// Powers are mean squares in linear-PCM units², so they compare directly: a sine of amplitude A
// at `frequency_hz` gives goertzel_power ≈ mean_square ≈ A²/2, and the ratio of the two is the
// share of the block's energy at that frequency. Pure functions: any thread.
#pragma once

#include <cstdint>
#include <span>

namespace hotline::media::dsp {

// Power of the component at `frequency_hz` (need not fall on a DFT bin). The block should span
// many periods of the frequency; leakage from other components falls as the block grows.
double goertzel_power(std::span<const std::int16_t> block, double frequency_hz, int sample_rate);

// Sum of squares and its per-sample mean and root.
double energy(std::span<const std::int16_t> block);
double mean_square(std::span<const std::int16_t> block);
double rms(std::span<const std::int16_t> block);

// The level of a signal with this RMS in dBm0, using the G.711 convention (spandsp's) that a
// full-scale 16-bit sine is +3.14 dBm0. Silence gives -inf.
double rms_to_dbm0(double rms_value);
// Peak amplitude of a sine at `level_dbm0`.
double sine_amplitude_for_dbm0(double level_dbm0);

}  // namespace hotline::media::dsp
