// ToneSource: anything that generates audio on demand (ringback, busy, beeps). The dsp module's tone
// generators implement it; the player only needs this one call.
#pragma once

#include <cstdint>
#include <span>

namespace hotline::media::audio {

// Thread: the media worker that owns the player holding it.
class ToneSource {
 public:
  virtual ~ToneSource() = default;
  // Writes the next out.size() samples at 8 kHz. Must not allocate, lock or throw.
  virtual void fill(std::span<std::int16_t> out) = 0;
};

}  // namespace hotline::media::audio
