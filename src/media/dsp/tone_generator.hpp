// Call-progress tones (dial, ringback, busy, congestion) for China (GB 3380), ITU/Europe and North
// America, plus the "record after the tone" beep. A tone is data — up to two frequencies and an
// on/off cadence — so another country is a table entry, not code.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "common/result.hpp"

namespace hotline::media::dsp {

struct ToneSpec {
  std::string_view name;
  // Up to two frequencies mixed at the same level; 0 marks an unused slot.
  std::array<std::uint16_t, 2> frequencies_hz{};
  // Alternating on and off times starting with on, ended by the first 0; all zero: continuous.
  std::array<std::uint16_t, 4> cadence_ms{};
  // Repeat the cadence for ever, or play it once and then stay silent (the beep).
  bool repeat = true;
};

enum class ToneRegion { China, Europe, NorthAmerica };
enum class ToneKind { Dial, Ringback, Busy, Congestion, Beep };

const ToneSpec& call_progress_tone(ToneRegion region, ToneKind kind);

// Thread: the media worker that owns the leg. generate() neither allocates nor locks.
class ToneGenerator {
 public:
  // Each frequency at `level_dbm0`. InvalidArgument when a frequency is at or above half the
  // sample rate, the spec has no frequency, or the level is above +3 dBm0.
  static Result<ToneGenerator> create(const ToneSpec& spec, int sample_rate = 8000,
                                      double level_dbm0 = -13.0);

  // The next samples of the tone. Phase runs on across calls, so any frame size is seamless;
  // each burst is ramped in and out over 2 ms to avoid clicks.
  void generate(std::span<std::int16_t> out);
  // True once a non-repeating tone has played out.
  bool finished() const { return finished_; }
  // Back to the beginning of the cadence.
  void restart();

 private:
  struct Oscillator {
    double re = 1.0, im = 0.0;            // current phasor
    double step_re = 1.0, step_im = 0.0;  // rotation per sample
  };

  ToneGenerator(const ToneSpec& spec, int sample_rate, double amplitude);
  std::size_t segment_samples(std::size_t segment) const;
  void next_segment();
  std::int16_t sample(std::size_t position, std::size_t length);
  void renormalise();

  ToneSpec spec_;
  std::array<Oscillator, 2> oscillators_{};
  std::size_t oscillator_count_ = 0;
  int sample_rate_;
  double amplitude_;
  std::size_t ramp_samples_;
  std::size_t segment_count_ = 0;  // 0: continuous
  std::size_t segment_ = 0;
  std::size_t position_ = 0;  // within the segment
  bool finished_ = false;
};

}  // namespace hotline::media::dsp
