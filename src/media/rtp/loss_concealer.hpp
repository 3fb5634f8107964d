// LossConcealer: the simplest packet loss concealment for 20 ms PCM frames. A missing frame is
// replaced by the last good one, faded: the gain falls linearly from 1 to 0 over kFadeFrames
// missing frames (about 60 ms), then the output is silence. The first good frame after a loss
// fades back in from where the concealment stopped, so neither edge clicks.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace hotline::media::rtp {

// Thread: the media worker that owns the leg.
class LossConcealer {
 public:
  static constexpr std::size_t kFrameSamples = 160;
  static constexpr int kFadeFrames = 3;
  static constexpr std::size_t kFadeInSamples = 40;  // 5 ms

  // A decoded frame was played: remember it, fading it in if it ends a concealment.
  void on_good_frame(std::span<std::int16_t> frame) noexcept;
  // Writes the concealment for one missing frame into `out` (kFrameSamples or fewer).
  void conceal(std::span<std::int16_t> out) noexcept;
  // Nothing is playing (silence, DTX): forget the last frame.
  void reset() noexcept;

  int consecutive_missing() const { return consecutive_missing_; }

 private:
  double gain_after(int missing) const;

  std::array<std::int16_t, kFrameSamples> last_{};
  bool has_last_ = false;
  int consecutive_missing_ = 0;
  double end_gain_ = 1.0;  // gain at the end of the last frame written
};

}  // namespace hotline::media::rtp
