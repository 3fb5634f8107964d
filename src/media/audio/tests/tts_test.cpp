#include "media/audio/tts.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "media/audio/prompt.hpp"
#include "media/audio/tests/audio_test_util.hpp"

namespace hotline::media::audio {
namespace {

using testing::TempDir;

// Loads the synthesized file as a prompt: 8 kHz, the form players use.
std::shared_ptr<const Prompt> load(const std::string& path) {
  auto prompt = Prompt::load(path);
  EXPECT_TRUE(prompt.ok()) << (prompt.ok() ? "" : prompt.error().message);
  return prompt.ok() ? *prompt : Prompt::from_samples({}, "failed");
}

TEST(TextToSpeechTest, EnglishSpeechIsAudibleAndPlausiblyLong) {
  TempDir dir;
  TextToSpeech tts(dir.path() / "tts");
  auto path = tts.synthesize("Thank you for calling. Please hold.", "en");
  ASSERT_TRUE(path.ok()) << path.error().message;
  auto prompt = load(*path);
  EXPECT_GT(prompt->duration_ms(), 1000);
  EXPECT_LT(prompt->duration_ms(), 6000);
  EXPECT_GT(testing::rms(prompt->samples()), 500.0);
}

TEST(TextToSpeechTest, MandarinSpeechIsAudibleAndPlausiblyLong) {
  TempDir dir;
  TextToSpeech tts(dir.path() / "tts");
  auto path = tts.synthesize("您好，这里是12345热线", "zh-CN");
  ASSERT_TRUE(path.ok()) << path.error().message;
  auto prompt = load(*path);
  // Eleven syllables and a pause.
  EXPECT_GT(prompt->duration_ms(), 1500);
  EXPECT_LT(prompt->duration_ms(), 8000);
  EXPECT_GT(testing::rms(prompt->samples()), 500.0);
}

TEST(TextToSpeechTest, SecondRequestHitsTheCache) {
  TempDir dir;
  TextToSpeech tts(dir.path() / "tts");
  const auto t0 = std::chrono::steady_clock::now();
  auto first = tts.synthesize("您好，这里是12345热线", "zh-CN");
  const auto t1 = std::chrono::steady_clock::now();
  ASSERT_TRUE(first.ok()) << first.error().message;
  const auto mtime = std::filesystem::last_write_time(*first);

  auto second = TextToSpeech(dir.path() / "tts").synthesize("您好，这里是12345热线", "zh-CN");
  const auto t2 = std::chrono::steady_clock::now();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, *first);
  EXPECT_EQ(std::filesystem::last_write_time(*second), mtime);
  EXPECT_LT(t2 - t1, t1 - t0);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path() / "tts"),
                          std::filesystem::directory_iterator{}),
            1);
}

TEST(TextToSpeechTest, CacheKeyDependsOnLanguageAndText) {
  TempDir dir;
  TextToSpeech tts(dir.path());
  auto en = tts.synthesize("12345", "en");
  auto zh = tts.synthesize("12345", "zh-CN");
  auto other = tts.synthesize("12346", "en");
  ASSERT_TRUE(en.ok() && zh.ok() && other.ok());
  EXPECT_NE(*en, *zh);
  EXPECT_NE(*en, *other);
}

TEST(TextToSpeechTest, RejectsUnsupportedLanguageAndEmptyText) {
  TempDir dir;
  TextToSpeech tts(dir.path());
  auto language = tts.synthesize("bonjour", "fr");
  ASSERT_FALSE(language.ok());
  EXPECT_EQ(language.error().field, "language");
  auto empty = tts.synthesize("", "en");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().field, "text");
}

TEST(TextToSpeechTest, VoiceForLanguageTags) {
  EXPECT_EQ(*TextToSpeech::voice_for("zh-CN"), "cmn");
  EXPECT_EQ(*TextToSpeech::voice_for("ZH-cn"), "cmn");
  EXPECT_EQ(*TextToSpeech::voice_for("en"), "en");
  EXPECT_FALSE(TextToSpeech::voice_for("de").ok());
}

}  // namespace
}  // namespace hotline::media::audio
