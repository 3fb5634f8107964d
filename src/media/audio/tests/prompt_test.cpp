#include "media/audio/prompt.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "media/audio/audio.hpp"
#include "media/audio/prompt_cache.hpp"
#include "media/audio/tests/audio_test_util.hpp"

namespace hotline::media::audio {
namespace {

using testing::goertzel;
using testing::sine;
using testing::TempDir;

struct FormatCase {
  const char* name;
  int format;
  int rate;
  int channels;
};

void PrintTo(const FormatCase& c, std::ostream* os) { *os << c.name; }

class PromptFormatTest : public ::testing::TestWithParam<FormatCase> {};

// One second of 440 Hz in every supported layout decodes to one second at 8 kHz with the tone intact.
TEST_P(PromptFormatTest, DecodesToOneSecondAt8kMono) {
  const auto& c = GetParam();
  TempDir dir;
  const auto tone = sine(440, c.rate, static_cast<std::size_t>(c.rate), 0.5);
  std::vector<float> interleaved;
  for (float s : tone) interleaved.insert(interleaved.end(), static_cast<std::size_t>(c.channels), s);
  const auto path = dir.file(std::string(c.name) + ".wav");
  ASSERT_TRUE(testing::write_wav(path, c.format, c.rate, c.channels, interleaved));

  auto prompt = Prompt::load(path);
  ASSERT_TRUE(prompt.ok()) << prompt.error().message;
  EXPECT_NEAR(static_cast<double>((*prompt)->samples().size()), kSampleRate, 2);
  EXPECT_NEAR((*prompt)->duration_ms(), 1000, 1);
  EXPECT_EQ((*prompt)->name(), path);
  // Skip the resampler's edges; a 0.5 full-scale sine has Goertzel power 0.0625.
  auto middle = (*prompt)->samples().subspan(800, 6400);
  EXPECT_NEAR(goertzel(middle, kSampleRate, 440), 0.0625, 0.01);
  EXPECT_LT(goertzel(middle, kSampleRate, 1000), 1e-4);
}

INSTANTIATE_TEST_SUITE_P(
    Formats, PromptFormatTest,
    ::testing::Values(FormatCase{"pcm16_8k_mono", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, 1},
                      FormatCase{"pcm24_16k_stereo", SF_FORMAT_WAV | SF_FORMAT_PCM_24, 16000, 2},
                      FormatCase{"float_44k_stereo", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 44100, 2},
                      FormatCase{"u8_22k_mono", SF_FORMAT_WAV | SF_FORMAT_PCM_U8, 22050, 1},
                      FormatCase{"pcm16_48k_mono", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 1}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(PromptTest, StereoIsAveragedToMono) {
  TempDir dir;
  std::vector<float> interleaved;
  for (float s : sine(440, 8000, 8000, 0.5)) {
    interleaved.push_back(s);
    interleaved.push_back(0.0f);  // silent right channel halves the level
  }
  const auto path = dir.file("left_only.wav");
  ASSERT_TRUE(testing::write_wav(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, 2, interleaved));
  auto prompt = Prompt::load(path);
  ASSERT_TRUE(prompt.ok()) << prompt.error().message;
  EXPECT_NEAR(goertzel((*prompt)->samples(), kSampleRate, 440), 0.0625 / 4, 0.002);
}

TEST(PromptTest, Pcm16At8kIsBitExact) {
  TempDir dir;
  const std::vector<std::int16_t> data{0, 16384, -16384, 1000, -32768, 32767};
  const auto path = dir.file("exact.wav");
  ASSERT_TRUE(testing::write_wav_pcm16(path, 8000, 1, data));
  auto prompt = Prompt::load(path);
  ASSERT_TRUE(prompt.ok());
  std::vector<std::int16_t> got((*prompt)->samples().begin(), (*prompt)->samples().end());
  EXPECT_EQ(got, data);
}

TEST(PromptTest, MissingFileIsNotFoundAndNamesThePath) {
  auto prompt = Prompt::load("/nonexistent/welcome.wav");
  ASSERT_FALSE(prompt.ok());
  EXPECT_EQ(prompt.error().code, ErrorCode::NotFound);
  EXPECT_NE(prompt.error().message.find("/nonexistent/welcome.wav"), std::string::npos);
}

TEST(PromptTest, CorruptFileIsInvalidAndNamesThePath) {
  TempDir dir;
  const auto path = dir.file("corrupt.wav");
  std::ofstream(path) << "RIFF\x10\0\0\0WAVEthis is not audio";
  auto prompt = Prompt::load(path);
  ASSERT_FALSE(prompt.ok());
  EXPECT_EQ(prompt.error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(prompt.error().field, path);
  EXPECT_NE(prompt.error().message.find(path), std::string::npos);
}

TEST(PromptTest, EmptyWavIsRejected) {
  TempDir dir;
  const auto path = dir.file("empty.wav");
  ASSERT_TRUE(testing::write_wav(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, 1, {}));
  auto prompt = Prompt::load(path);
  ASSERT_FALSE(prompt.ok());
  EXPECT_NE(prompt.error().message.find("no audio"), std::string::npos);
}

TEST(PromptCacheTest, DecodesOnceUntilTheFileChanges) {
  TempDir dir;
  const auto path = dir.file("hold.wav");
  ASSERT_TRUE(
      testing::write_wav(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 16000, 1, sine(440, 16000, 16000, 0.3)));
  PromptCache cache;
  auto first = cache.get(path);
  auto second = cache.get(path);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->get(), second->get());
  EXPECT_EQ(cache.misses(), 1u);
  EXPECT_EQ(cache.hits(), 1u);

  // A replacement upload (different length, so different size even within one mtime tick).
  ASSERT_TRUE(
      testing::write_wav(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 16000, 1, sine(440, 16000, 8000, 0.3)));
  auto third = cache.get(path);
  ASSERT_TRUE(third.ok());
  EXPECT_NE(third->get(), first->get());
  EXPECT_EQ((*third)->duration_ms(), 500);
  EXPECT_EQ((*first)->duration_ms(), 1000);  // players holding the old one keep it
  EXPECT_EQ(cache.size(), 1u);
}

TEST(PromptCacheTest, ErrorsAreNotCached) {
  TempDir dir;
  PromptCache cache;
  const auto path = dir.file("later.wav");
  EXPECT_EQ(cache.get(path).error().code, ErrorCode::NotFound);
  ASSERT_TRUE(testing::write_wav(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, 1, sine(440, 8000, 800, 0.3)));
  EXPECT_TRUE(cache.get(path).ok());
}

}  // namespace
}  // namespace hotline::media::audio
