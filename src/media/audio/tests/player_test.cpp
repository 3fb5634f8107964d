#include "media/audio/player.hpp"

#include <gtest/gtest.h>

#include <array>

#include "media/audio/audio.hpp"

namespace hotline::media::audio {
namespace {

// Recognisable non-zero samples: 1, 2, ..., 1000, 1, 2, ...
std::shared_ptr<const Prompt> ramp_prompt(std::size_t samples) {
  std::vector<std::int16_t> data(samples);
  for (std::size_t i = 0; i < samples; ++i) data[i] = static_cast<std::int16_t>(i % 1000 + 1);
  return Prompt::from_samples(std::move(data), "ramp");
}

class ConstantTone final : public ToneSource {
 public:
  explicit ConstantTone(std::int16_t level) : level_(level) {}
  void fill(std::span<std::int16_t> out) override {
    for (auto& s : out) s = level_;
    filled_ += out.size();
  }
  std::size_t filled_ = 0;

 private:
  std::int16_t level_;
};

// Runs the player to the end, frame by frame; at most `max_frames`.
std::vector<std::int16_t> play_all(Player& player, std::size_t max_frames = 100000) {
  std::vector<std::int16_t> out;
  std::array<std::int16_t, kFrameSamples> frame{};
  for (std::size_t i = 0; i < max_frames && !player.done(); ++i) {
    player.fill(frame);
    out.insert(out.end(), frame.begin(), frame.end());
  }
  return out;
}

std::vector<PlayItem> prompt_silence_prompt(const std::shared_ptr<const Prompt>& prompt) {
  std::vector<PlayItem> items;
  items.push_back(PlayItem::prompt(prompt));
  items.push_back(PlayItem::silence(500));
  items.push_back(PlayItem::prompt(prompt));
  return items;
}

TEST(PlayerTest, SequenceLoopedTwiceHasTheExactSamples) {
  auto prompt = ramp_prompt(8000);  // 1 s
  Player player(prompt_silence_prompt(prompt), PlayOptions{.loops = 2});
  auto out = play_all(player);

  std::vector<std::int16_t> pass(prompt->samples().begin(), prompt->samples().end());
  pass.insert(pass.end(), 4000, 0);
  pass.insert(pass.end(), prompt->samples().begin(), prompt->samples().end());
  std::vector<std::int16_t> expected = pass;
  expected.insert(expected.end(), pass.begin(), pass.end());

  EXPECT_EQ(out.size(), 40000u);  // 250 frames, nothing more
  EXPECT_EQ(out, expected);
  EXPECT_EQ(player.samples_played(), 40000);
  EXPECT_TRUE(player.done());
}

TEST(PlayerTest, LastFrameIsZeroPadded) {
  auto prompt = ramp_prompt(8050);
  Player player(prompt_silence_prompt(prompt), PlayOptions{.loops = 2});
  auto out = play_all(player);
  const std::size_t audio = 2 * (8050 + 4000 + 8050);  // 40200
  ASSERT_EQ(out.size(), (audio / kFrameSamples + 1) * kFrameSamples);
  EXPECT_EQ(out[audio - 1], prompt->samples().back());
  for (std::size_t i = audio; i < out.size(); ++i) ASSERT_EQ(out[i], 0) << i;
  EXPECT_EQ(player.samples_played(), static_cast<std::int64_t>(audio));
}

TEST(PlayerTest, LoopsForeverUntilStopped) {
  Player player({}, PlayOptions{});
  EXPECT_TRUE(player.done());  // nothing to play

  std::vector<PlayItem> items;
  items.push_back(PlayItem::prompt(ramp_prompt(100)));
  Player forever(std::move(items), PlayOptions{.loops = PlayOptions::kLoopForever});
  std::array<std::int16_t, kFrameSamples> frame{};
  for (int i = 0; i < 1000; ++i) forever.fill(frame);
  EXPECT_FALSE(forever.done());
  EXPECT_EQ(frame[0], static_cast<std::int16_t>((999 * kFrameSamples) % 100 + 1));
  forever.stop();
  forever.fill(frame);
  EXPECT_TRUE(forever.done());
  EXPECT_EQ(frame[0], 0);
}

TEST(PlayerTest, ForeverOverEmptyItemsEndsInsteadOfSpinning) {
  std::vector<PlayItem> items;
  items.push_back(PlayItem::silence(0));
  items.push_back(PlayItem::prompt(Prompt::from_samples({}, "empty")));
  Player player(std::move(items), PlayOptions{.loops = PlayOptions::kLoopForever});
  std::array<std::int16_t, kFrameSamples> frame{};
  player.fill(frame);
  EXPECT_TRUE(player.done());
}

TEST(PlayerTest, DtmfInterruptsAnInterruptiblePlayer) {
  Player player(prompt_silence_prompt(ramp_prompt(8000)), PlayOptions{.interruptible = true});
  std::array<std::int16_t, kFrameSamples> frame{};
  player.fill(frame);
  EXPECT_TRUE(player.on_dtmf('1'));
  EXPECT_TRUE(player.done());
  player.fill(frame);
  EXPECT_EQ(frame, (std::array<std::int16_t, kFrameSamples>{}));
  EXPECT_FALSE(player.on_dtmf('2'));  // already stopped
}

TEST(PlayerTest, NonInterruptiblePlayerIgnoresDtmf) {
  Player player(prompt_silence_prompt(ramp_prompt(8000)), PlayOptions{.interruptible = false});
  std::array<std::int16_t, kFrameSamples> frame{};
  player.fill(frame);
  EXPECT_FALSE(player.on_dtmf('#'));
  EXPECT_FALSE(player.done());
  EXPECT_EQ(play_all(player).size(), 20000u - kFrameSamples);
}

TEST(PlayerTest, GainScalesAndSaturates) {
  std::vector<PlayItem> items;
  items.push_back(PlayItem::prompt(Prompt::from_samples({1000, -1000, 20000, -20000}, "levels")));
  Player minus6(std::move(items), PlayOptions{.gain_db = -6.0206});
  std::array<std::int16_t, 4> out{};
  minus6.fill(out);
  EXPECT_EQ(out, (std::array<std::int16_t, 4>{500, -500, 10000, -10000}));

  std::vector<PlayItem> loud;
  loud.push_back(PlayItem::prompt(Prompt::from_samples({1000, 20000, -20000}, "levels")));
  Player plus6(std::move(loud), PlayOptions{.gain_db = 6.0206});
  std::array<std::int16_t, 3> boosted{};
  plus6.fill(boosted);
  EXPECT_EQ(boosted, (std::array<std::int16_t, 3>{2000, 32767, -32768}));
}

TEST(PlayerTest, TonePlaysForItsDuration) {
  auto tone = std::make_unique<ConstantTone>(1234);
  auto* tone_ptr = tone.get();
  std::vector<PlayItem> items;
  items.push_back(PlayItem::tone(std::move(tone), 100));
  items.push_back(PlayItem::silence(100));
  Player player(std::move(items), PlayOptions{.loops = 3});
  auto out = play_all(player);
  ASSERT_EQ(out.size(), 3u * 1600);
  EXPECT_EQ(tone_ptr->filled_, 3u * 800);
  EXPECT_EQ(out[0], 1234);
  EXPECT_EQ(out[799], 1234);
  EXPECT_EQ(out[800], 0);
  EXPECT_EQ(out[1600], 1234);
}

}  // namespace
}  // namespace hotline::media::audio
