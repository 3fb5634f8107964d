// Measuring and screening messages read back from WAV files: length, how much is sound, and the
// decision to keep a message or discard it as too short or silent.
#include "voicemail/message_audio.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "voicemail/tests/wav_fixture.hpp"

namespace hotline::voicemail {
namespace {

TEST(MessageAudio, AToneIsMeasuredAsLongAndVoicedAsItIs) {
  testing::WavFolder folder;
  auto audio = measure_message(folder.write("tone.wav", 3000, 1000, 8000, 500));
  ASSERT_TRUE(audio) << audio.error().message;
  EXPECT_EQ(audio->duration_ms, 3500);
  EXPECT_EQ(audio->voiced_ms, 3000);
  EXPECT_FALSE(discard_reason(*audio, {}));
}

TEST(MessageAudio, SilenceAndLineNoiseAreNotSound) {
  testing::WavFolder folder;
  auto silent = measure_message(folder.write("silence.wav", 4000, 0, 0));
  ASSERT_TRUE(silent);
  EXPECT_EQ(silent->duration_ms, 4000);
  EXPECT_EQ(silent->voiced_ms, 0);
  EXPECT_EQ(discard_reason(*silent, {}), "silent");
  // About -56 dBFS: the noise floor of a quiet line.
  auto hiss = measure_message(folder.write("hiss.wav", 4000, 300, 50));
  ASSERT_TRUE(hiss);
  EXPECT_EQ(hiss->voiced_ms, 0);
  // About -36 dBFS: quiet speech still counts.
  auto quiet = measure_message(folder.write("quiet.wav", 4000, 300, 700));
  ASSERT_TRUE(quiet);
  EXPECT_EQ(quiet->voiced_ms, 4000);
}

TEST(MessageAudio, AMessageUnderASecondIsDiscardedAsShort) {
  testing::WavFolder folder;
  auto audio = measure_message(folder.write("short.wav", 800, 1000, 8000));
  ASSERT_TRUE(audio);
  EXPECT_EQ(audio->duration_ms, 800);
  EXPECT_EQ(discard_reason(*audio, {}), "shorter than 1000 ms");
  EXPECT_FALSE(discard_reason(*audio, {.min_duration_ms = 500}));
}

TEST(MessageAudio, StereoCountsFramesOfBothChannels) {
  testing::WavFolder folder;
  auto audio = measure_message(folder.write("stereo.wav", 2000, 440, 8000, 0, 2));
  ASSERT_TRUE(audio);
  EXPECT_EQ(audio->duration_ms, 2000);
  EXPECT_EQ(audio->voiced_ms, 2000);
}

TEST(MessageAudio, AFileThatIsNoWavIsAnErrorNamingIt) {
  testing::WavFolder folder;
  auto missing = measure_message(folder.dir / "missing.wav");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field, (folder.dir / "missing.wav").string());
  std::ofstream(folder.dir / "text.wav") << "not audio at all, just some text";
  auto text = measure_message(folder.dir / "text.wav");
  ASSERT_FALSE(text);
  EXPECT_NE(text.error().message.find("not a RIFF/WAVE file"), std::string::npos) << text.error().message;
}

TEST(MessageAudio, AHeaderThatPromisesMoreThanTheFileHoldsIsReadToTheEnd) {
  testing::WavFolder folder;
  auto path = folder.write("cut.wav", 2000, 1000, 8000);
  std::filesystem::resize_file(path, 44 + 1500 * 16);  // the data size in the header says 2 s
  auto audio = measure_message(path);
  ASSERT_TRUE(audio);
  EXPECT_EQ(audio->duration_ms, 1500);
  EXPECT_EQ(audio->voiced_ms, 1500);
}

}  // namespace
}  // namespace hotline::voicemail
