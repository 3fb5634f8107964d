// Player: plays a sequence of prompts, silences and tones into 20 ms frames, looping a given number
// of times or forever, with a gain and an optional stop on DTMF. Everything it plays is prepared
// before it is built (prompts decoded, tone sources created), so fill() only copies samples.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "media/audio/prompt.hpp"
#include "media/audio/tone_source.hpp"

namespace hotline::media::audio {

// One element of a play list.
class PlayItem {
 public:
  static PlayItem prompt(std::shared_ptr<const Prompt> prompt);
  static PlayItem silence(std::int64_t duration_ms);
  // `tone` generates `duration_ms` of audio each time the item plays (its state carries across loops).
  static PlayItem tone(std::unique_ptr<ToneSource> tone, std::int64_t duration_ms);

  std::int64_t length_samples() const;

 private:
  friend class Player;
  PlayItem() = default;

  std::shared_ptr<const Prompt> prompt_;  // set for a prompt
  std::unique_ptr<ToneSource> tone_;      // set for a tone
  std::int64_t length_samples_ = 0;       // silence or tone length; the prompt's length otherwise
};

struct PlayOptions {
  static constexpr int kLoopForever = -1;
  int loops = 1;              // times the whole sequence plays; kLoopForever until stop()
  bool interruptible = true;  // a DTMF digit stops playback (barge-in)
  double gain_db = 0.0;       // clamped to [kMinGainDb, kMaxGainDb]; saturating
  static constexpr double kMinGainDb = -60.0;
  static constexpr double kMaxGainDb = 24.0;
};

// Thread: the media worker that owns the leg it plays on.
class Player {
 public:
  Player(std::vector<PlayItem> items, PlayOptions options);

  // Writes the next frame.size() samples (normally kFrameSamples); zeros once done. No allocation,
  // lock or exception.
  void fill(std::span<std::int16_t> frame);
  bool done() const { return done_; }
  void stop() { done_ = true; }
  // A DTMF digit arrived on the leg: stops an interruptible player. True if it stopped playback.
  bool on_dtmf(char digit);

  // Samples of audio produced so far, not counting the zero padding after the end.
  std::int64_t samples_played() const { return samples_played_; }

 private:
  // Writes up to out.size() samples of the current item; returns how many.
  std::size_t play_current(std::span<std::int16_t> out);
  // Moves to the next item, and to the next loop after the last one.
  void next_item();
  void apply_gain(std::span<std::int16_t> out) const;

  std::vector<PlayItem> items_;
  PlayOptions options_;
  std::int32_t gain_q15_ = 1 << 15;  // linear gain in Q15 (1.0 = 32768)
  std::size_t item_ = 0;
  std::int64_t position_ = 0;  // samples into the current item
  int loops_started_ = 1;
  bool pass_produced_audio_ = false;  // whether the current pass over the items played anything
  bool done_ = false;
  std::int64_t samples_played_ = 0;
};

}  // namespace hotline::media::audio
