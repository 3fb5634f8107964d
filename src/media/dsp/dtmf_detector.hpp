// DtmfDetector: in-band DTMF detection on 8 kHz PCM (spandsp's dtmf_rx, the detector FreeSWITCH
// and Asterisk ship). Each key press is reported once, when the tone ends, with its start time in
// samples since the detector was created and its duration. A caller that must react at the onset
// (stop a prompt on barge-in) reads active_digit() after each frame.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "common/result.hpp"
#include "media/dsp/dtmf_digit.hpp"
#include "media/dsp/fixed_ring.hpp"

struct dtmf_rx_state_s;

namespace hotline::media::dsp {

struct DtmfDetectorOptions {
  // Weakest tone accepted, per frequency, in dBm0.
  int threshold_dbm0 = -30;
  // Accepted level differences between the two tones, in dB: high group weaker than the low group
  // (normal, line loss rises with frequency) and stronger (reverse).
  int normal_twist_db = 8;
  int reverse_twist_db = 6;
  // Notch out 350-440 Hz dial tone first (for detecting digits dialled over dial tone).
  bool filter_dial_tone = false;
};

struct DetectedDtmf {
  DtmfDigit digit;                 // source Inband
  std::uint64_t start_sample = 0;  // within about one 12.75 ms detector block
};

// Thread: the media worker that owns the leg. process() and poll() neither allocate nor lock.
class DtmfDetector {
 public:
  static constexpr int kSampleRate = 8000;
  static constexpr std::size_t kQueueCapacity = 16;

  // InvalidArgument for a twist outside 0..20 dB or a threshold outside -60..0 dBm0.
  static Result<std::unique_ptr<DtmfDetector>> create(const DtmfDetectorOptions& options = {});
  ~DtmfDetector();
  DtmfDetector(const DtmfDetector&) = delete;
  DtmfDetector& operator=(const DtmfDetector&) = delete;

  // Feeds 8 kHz PCM of any length (normally a 160-sample frame).
  void process(std::span<const std::int16_t> pcm);
  // Takes the oldest finished digit; false when there is none.
  bool poll(DetectedDtmf& out) { return finished_.pop(out); }
  // The digit sounding now (confirmed, not yet ended), or 0.
  char active_digit() const { return active_digit_; }
  std::uint64_t samples_processed() const { return samples_; }
  // Digits lost because the caller did not poll (the queue holds kQueueCapacity).
  std::uint64_t dropped() const { return finished_.dropped(); }

 private:
  struct StateFree {
    void operator()(dtmf_rx_state_s* state) const;
  };

  DtmfDetector() = default;
  static void on_tone_change(void* user_data, int code, int level, int delay);
  void tone_change(int code, int duration_samples);

  std::unique_ptr<dtmf_rx_state_s, StateFree> state_;
  FixedRing<DetectedDtmf, kQueueCapacity> finished_;
  std::uint64_t samples_ = 0;  // fed to spandsp so far; a callback fires at the end of a call
  std::uint64_t active_start_ = 0;
  char active_digit_ = 0;
};

}  // namespace hotline::media::dsp
