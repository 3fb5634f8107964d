#include "media/audio/player.hpp"

#include <algorithm>
#include <cmath>

#include "media/audio/audio.hpp"

namespace hotline::media::audio {

PlayItem PlayItem::prompt(std::shared_ptr<const Prompt> prompt) {
  PlayItem item;
  item.length_samples_ = prompt ? static_cast<std::int64_t>(prompt->samples().size()) : 0;
  item.prompt_ = std::move(prompt);
  return item;
}

PlayItem PlayItem::silence(std::int64_t duration_ms) {
  PlayItem item;
  item.length_samples_ = ms_to_samples(std::max<std::int64_t>(duration_ms, 0));
  return item;
}

PlayItem PlayItem::tone(std::unique_ptr<ToneSource> tone, std::int64_t duration_ms) {
  PlayItem item;
  item.length_samples_ = tone ? ms_to_samples(std::max<std::int64_t>(duration_ms, 0)) : 0;
  item.tone_ = std::move(tone);
  return item;
}

std::int64_t PlayItem::length_samples() const { return length_samples_; }

Player::Player(std::vector<PlayItem> items, PlayOptions options)
    : items_(std::move(items)), options_(options) {
  const double db = std::clamp(options_.gain_db, PlayOptions::kMinGainDb, PlayOptions::kMaxGainDb);
  gain_q15_ = static_cast<std::int32_t>(std::lround(std::pow(10.0, db / 20.0) * 32768.0));
  done_ = items_.empty() || options_.loops == 0;
}

void Player::fill(std::span<std::int16_t> frame) {
  std::size_t written = 0;
  while (!done_ && written < frame.size()) {
    written += play_current(frame.subspan(written));
    if (position_ >= items_[item_].length_samples_) next_item();
  }
  apply_gain(frame.first(written));
  std::fill(frame.begin() + static_cast<std::ptrdiff_t>(written), frame.end(), std::int16_t{0});
  samples_played_ += static_cast<std::int64_t>(written);
}

std::size_t Player::play_current(std::span<std::int16_t> out) {
  const PlayItem& item = items_[item_];
  const auto n = static_cast<std::size_t>(
      std::min<std::int64_t>(item.length_samples_ - position_, static_cast<std::int64_t>(out.size())));
  if (n == 0) return 0;
  if (item.prompt_) {
    auto source = item.prompt_->samples().subspan(static_cast<std::size_t>(position_), n);
    std::copy(source.begin(), source.end(), out.begin());
  } else if (item.tone_) {
    item.tone_->fill(out.first(n));
  } else {
    std::fill_n(out.begin(), n, std::int16_t{0});
  }
  position_ += static_cast<std::int64_t>(n);
  pass_produced_audio_ = true;
  return n;
}

void Player::next_item() {
  position_ = 0;
  if (++item_ < items_.size()) return;
  item_ = 0;
  // A pass made only of empty items would otherwise spin forever inside fill().
  const bool last_loop = options_.loops >= 0 && loops_started_ >= options_.loops;
  if (last_loop || !pass_produced_audio_) {
    done_ = true;
    return;
  }
  pass_produced_audio_ = false;
  ++loops_started_;
}

void Player::apply_gain(std::span<std::int16_t> out) const {
  if (gain_q15_ == (1 << 15)) return;
  for (auto& sample : out) {
    const std::int64_t scaled = (static_cast<std::int64_t>(sample) * gain_q15_) >> 15;
    sample = static_cast<std::int16_t>(std::clamp<std::int64_t>(scaled, -32768, 32767));
  }
}

bool Player::on_dtmf(char /*digit*/) {
  if (done_ || !options_.interruptible) return false;
  done_ = true;
  return true;
}

}  // namespace hotline::media::audio
