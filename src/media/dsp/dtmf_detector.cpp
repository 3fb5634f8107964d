#include "media/dsp/dtmf_detector.hpp"

#include <spandsp.h>

#include <algorithm>

namespace hotline::media::dsp {
namespace {

// spandsp's dtmf_rx decides once per block of this many samples and confirms a change (tone on
// or off) after two blocks agree. Feeding it one block boundary per call lets the callback know
// exactly which block ended, so the start time is exact to the block.
constexpr std::uint64_t kBlockSamples = 102;
constexpr std::uint64_t kConfirmBlocks = 2;

bool twist_ok(int db) { return db >= 0 && db <= 20; }

}  // namespace

void DtmfDetector::StateFree::operator()(dtmf_rx_state_s* state) const { dtmf_rx_free(state); }

Result<std::unique_ptr<DtmfDetector>> DtmfDetector::create(const DtmfDetectorOptions& options) {
  if (!twist_ok(options.normal_twist_db)) return Error::invalid("normal_twist_db", "must be 0..20 dB");
  if (!twist_ok(options.reverse_twist_db)) return Error::invalid("reverse_twist_db", "must be 0..20 dB");
  if (options.threshold_dbm0 < -60 || options.threshold_dbm0 > 0) {
    return Error::invalid("threshold_dbm0", "must be -60..0 dBm0");
  }
  std::unique_ptr<DtmfDetector> detector(new DtmfDetector());
  detector->state_.reset(dtmf_rx_init(nullptr, nullptr, nullptr));
  if (!detector->state_) return Error::internal("spandsp: dtmf_rx_init failed");
  dtmf_rx_parms(detector->state_.get(), options.filter_dial_tone ? 1 : 0, options.normal_twist_db,
                options.reverse_twist_db, options.threshold_dbm0);
  dtmf_rx_set_realtime_callback(detector->state_.get(), &DtmfDetector::on_tone_change, detector.get());
  return detector;
}

DtmfDetector::~DtmfDetector() = default;

void DtmfDetector::process(std::span<const std::int16_t> pcm) {
  while (!pcm.empty()) {
    const std::uint64_t to_boundary = kBlockSamples - samples_ % kBlockSamples;
    const std::size_t piece = static_cast<std::size_t>(std::min<std::uint64_t>(to_boundary, pcm.size()));
    samples_ += piece;
    dtmf_rx(state_.get(), pcm.data(), static_cast<int>(piece));
    pcm = pcm.subspan(piece);
  }
}

void DtmfDetector::on_tone_change(void* user_data, int code, int /*level*/, int delay) {
  static_cast<DtmfDetector*>(user_data)->tone_change(code, delay);
}

// `code` is the digit now confirmed (0: silence); `duration_samples` is how long the previous
// state lasted, counted in whole blocks.
void DtmfDetector::tone_change(int code, int duration_samples) {
  if (active_digit_ != 0) {
    DetectedDtmf detected;
    detected.digit.digit = active_digit_;
    detected.digit.duration_ms = static_cast<std::uint32_t>(duration_samples * 1000 / kSampleRate);
    detected.digit.source = DtmfDigit::Source::Inband;
    detected.start_sample = active_start_;
    finished_.push(detected);
  }
  active_digit_ = static_cast<char>(code);
  if (code != 0) {
    const std::uint64_t confirm = kBlockSamples * kConfirmBlocks;
    active_start_ = samples_ > confirm ? samples_ - confirm : 0;
  }
}

}  // namespace hotline::media::dsp
