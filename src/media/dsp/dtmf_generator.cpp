#include "media/dsp/dtmf_generator.hpp"

#include <spandsp.h>

#include <algorithm>

#include "media/dsp/dtmf_digit.hpp"

namespace hotline::media::dsp {
namespace {
constexpr std::size_t kQueueCapacity = MAX_DTMF_DIGITS;
}  // namespace

void DtmfGenerator::StateFree::operator()(dtmf_tx_state_s* state) const { dtmf_tx_free(state); }

Result<DtmfGenerator> DtmfGenerator::create(const DtmfGeneratorOptions& options) {
  if (options.level_dbm0 < -50 || options.level_dbm0 > 0)
    return Error::invalid("level_dbm0", "must be -50..0");
  if (options.twist_db < -10 || options.twist_db > 10) return Error::invalid("twist_db", "must be -10..10");
  if (options.tone_ms < 20 || options.tone_ms > 10000) return Error::invalid("tone_ms", "must be 20..10000");
  if (options.gap_ms < 0 || options.gap_ms > 10000) return Error::invalid("gap_ms", "must be 0..10000");
  std::unique_ptr<dtmf_tx_state_s, StateFree> state(dtmf_tx_init(nullptr));
  if (!state) return Error::internal("spandsp: dtmf_tx_init failed");
  dtmf_tx_set_level(state.get(), options.level_dbm0, options.twist_db);
  dtmf_tx_set_timing(state.get(), options.tone_ms, options.gap_ms);
  return DtmfGenerator(std::move(state));
}

bool DtmfGenerator::queue(std::string_view digits) {
  if (queued_ + digits.size() >= kQueueCapacity) return false;
  char upper[kQueueCapacity];
  for (std::size_t i = 0; i < digits.size(); ++i) {
    const int code = dtmf_event_code(digits[i]);
    if (code < 0) return false;
    upper[i] = dtmf_digit_for_event(code);
  }
  if (digits.empty()) return true;
  // spandsp queues all the digits and returns 0, or queues none and returns how many missed.
  if (dtmf_tx_put(state_.get(), upper, static_cast<int>(digits.size())) != 0) return false;
  queued_ += digits.size();
  return true;
}

std::size_t DtmfGenerator::generate(std::span<std::int16_t> out) {
  const int produced = dtmf_tx(state_.get(), out.data(), static_cast<int>(out.size()));
  const auto n = static_cast<std::size_t>(std::max(produced, 0));
  std::fill(out.begin() + static_cast<std::ptrdiff_t>(n), out.end(), std::int16_t{0});
  if (n < out.size()) queued_ = 0;
  return n;
}

}  // namespace hotline::media::dsp
