#include "media/audio/moh_class.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "media/audio/prompt_cache.hpp"
#include "media/audio/tests/audio_test_util.hpp"

namespace hotline::media::audio {
namespace {

std::shared_ptr<const Prompt> constant(std::int16_t level, std::size_t samples) {
  return Prompt::from_samples(std::vector<std::int16_t>(samples, level), "level " + std::to_string(level));
}

// What a held leg would send this tick.
std::vector<std::int16_t> listen(const MohClass& moh) {
  auto frame = moh.current_frame();
  return {frame.begin(), frame.end()};
}

TEST(MohClassTest, EveryListenerHearsTheSameFrame) {
  auto moh = MohClass::create("tenant-1/default", {constant(100, 8000)});
  ASSERT_TRUE(moh.ok());
  EXPECT_EQ(listen(**moh), std::vector<std::int16_t>(kFrameSamples, 0));  // before the first tick
  for (int tick = 0; tick < 10; ++tick) {
    (*moh)->advance();
    const auto leg_a = listen(**moh);
    const auto leg_b = listen(**moh);
    EXPECT_EQ(leg_a, leg_b);
    EXPECT_EQ(leg_a, std::vector<std::int16_t>(kFrameSamples, 100));
  }
  EXPECT_EQ((*moh)->ticks(), 10u);
}

TEST(MohClassTest, PlaysFilesInOrderAndLoopsWithoutGaps) {
  // 1.5 frames of each: boundaries fall inside frames.
  auto moh = MohClass::create("moh", {constant(1, 240), constant(2, 240)});
  ASSERT_TRUE(moh.ok());
  std::vector<std::int16_t> heard;
  for (int tick = 0; tick < 6; ++tick) {
    (*moh)->advance();
    auto frame = listen(**moh);
    heard.insert(heard.end(), frame.begin(), frame.end());
  }
  ASSERT_EQ(heard.size(), 960u);
  for (std::size_t i = 0; i < heard.size(); ++i) {
    ASSERT_EQ(heard[i], (i % 480) < 240 ? 1 : 2) << "sample " << i;
  }
  EXPECT_EQ((*moh)->file_index(), 0u);
}

TEST(MohClassTest, RejectsAClassWithoutAudio) {
  auto moh = MohClass::create("empty", {Prompt::from_samples({}, "nothing")});
  ASSERT_FALSE(moh.ok());
  EXPECT_EQ(moh.error().field, "files");
}

TEST(MohClassTest, LoadsFilesThroughTheCacheAndNamesAMissingOne) {
  testing::TempDir dir;
  const auto path = dir.file("music.wav");
  ASSERT_TRUE(testing::write_wav(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 16000, 2,
                                 testing::sine(440, 16000, 32000, 0.3)));
  PromptCache cache;
  auto moh = MohClass::load("moh", {path, path}, cache);
  ASSERT_TRUE(moh.ok()) << moh.error().message;
  EXPECT_EQ(cache.misses(), 1u);  // the same file twice is decoded once

  auto missing = MohClass::load("moh", {path, dir.file("gone.wav")}, cache);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("gone.wav"), std::string::npos);
}

}  // namespace
}  // namespace hotline::media::audio
