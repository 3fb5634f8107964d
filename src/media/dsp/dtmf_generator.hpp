// DtmfGenerator: in-band DTMF tones into 8 kHz PCM frames (spandsp's dtmf_tx), for sending digits
// on a leg that negotiated no telephone-event, and for tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "common/result.hpp"

struct dtmf_tx_state_s;

namespace hotline::media::dsp {

struct DtmfGeneratorOptions {
  int level_dbm0 = -10;  // the low-group tone; Q.23 asks for -10 ± a few dB per tone
  int twist_db = 0;      // high-group tone level minus low-group tone level
  int tone_ms = 100;
  int gap_ms = 100;  // silence after each digit
};

// Thread: the media worker that owns the leg. generate() neither allocates nor locks.
class DtmfGenerator {
 public:
  static constexpr int kSampleRate = 8000;

  // InvalidArgument for a level outside -50..0 dBm0, a twist outside ±10 dB, a tone shorter than
  // 20 ms or longer than 10 s, or a gap outside 0..10 s.
  static Result<DtmfGenerator> create(const DtmfGeneratorOptions& options = {});

  // Appends digits to send; false (and nothing queued) when one is not a DTMF digit or the queue
  // (128 digits) has no room for all of them.
  bool queue(std::string_view digits);
  // Fills `out` with the next samples: tones and gaps while digits are queued, then silence.
  // Returns how many samples carried tone or gap (less than out.size() once the queue ran dry).
  std::size_t generate(std::span<std::int16_t> out);
  // True when nothing is queued or sounding.
  bool idle() const { return queued_ == 0; }

 private:
  struct StateFree {
    void operator()(dtmf_tx_state_s* state) const;
  };

  explicit DtmfGenerator(std::unique_ptr<dtmf_tx_state_s, StateFree> state) : state_(std::move(state)) {}

  std::unique_ptr<dtmf_tx_state_s, StateFree> state_;
  std::size_t queued_ = 0;  // digits queued and not yet fully played, as far as we can tell
};

}  // namespace hotline::media::dsp
