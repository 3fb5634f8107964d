// Uploaded audio: a WAV at another rate and channel count becomes 8 kHz mono with its tone where
// it was; anything that is not a readable RIFF/WAVE file is refused naming "body"; the stored file
// is written whole.
#include "media/audio/wav_import.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "media/audio/tests/audio_test_util.hpp"

namespace hotline::media::audio {
namespace {

using testing::TempDir;

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

// A 16 kHz stereo 16-bit WAV of `hz` in both channels, `seconds` long.
std::string stereo_16k_tone(const TempDir& dir, double hz, int seconds) {
  auto mono = testing::sine(hz, 16000, static_cast<std::size_t>(16000 * seconds), 0.4);
  std::vector<float> interleaved;
  for (float s : mono) interleaved.insert(interleaved.end(), {s, s});
  std::string path = dir.file("upload.wav");
  EXPECT_TRUE(testing::write_wav(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 16000, 2, interleaved));
  return read_bytes(path);
}

TEST(WavImport, A16kHzStereoUploadBecomes8kHzMonoWithItsToneUnmoved) {
  TempDir dir;
  auto decoded = decode_wav_upload(stereo_16k_tone(dir, 700, 2));
  ASSERT_TRUE(decoded) << decoded.error().message;
  auto target = dir.path() / "prompts" / "7" / "welcome.wav";
  ASSERT_TRUE(write_wav_atomically(target, decoded.value()->samples()));

  SF_INFO info{};
  SNDFILE* file = sf_open(target.c_str(), SFM_READ, &info);
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(info.samplerate, 8000);
  EXPECT_EQ(info.channels, 1);
  EXPECT_EQ(info.format, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
  std::vector<std::int16_t> stored(static_cast<std::size_t>(info.frames));
  EXPECT_EQ(sf_readf_short(file, stored.data(), info.frames), info.frames);
  sf_close(file);

  EXPECT_NEAR(static_cast<double>(stored.size()), 16000.0, 80.0);  // 2 s at 8 kHz
  auto middle = std::span<const std::int16_t>(stored).subspan(4000, 8000);
  double at_tone = testing::goertzel(middle, 8000, 700);
  EXPECT_GT(at_tone, 0.02);
  for (double other : {350.0, 1000.0, 1400.0, 2100.0})
    EXPECT_LT(testing::goertzel(middle, 8000, other), at_tone / 100);
  EXPECT_EQ(audio_duration_ms(target).value(), 2000);
}

TEST(WavImport, GarbageAndNonWaveAudioAreRefusedNamingTheBody) {
  for (std::string bytes :
       {std::string("not audio at all"), std::string(), std::string("RIFF\x10\0\0\0WAVEjunkjunk", 20)}) {
    auto decoded = decode_wav_upload(bytes);
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(decoded.error().field, "body");
  }
  TempDir dir;  // an audio file libsndfile reads, but not a WAV
  ASSERT_TRUE(testing::write_wav(dir.file("tone.au"), SF_FORMAT_AU | SF_FORMAT_PCM_16, 8000, 1,
                                 testing::sine(700, 8000, 8000, 0.3)));
  auto au = decode_wav_upload(read_bytes(dir.file("tone.au")));
  ASSERT_FALSE(au);
  EXPECT_EQ(au.error().field, "body");
}

TEST(WavImport, ReplacingAFileLeavesNoTemporaryBehind) {
  TempDir dir;
  auto target = dir.path() / "moh" / "classic.wav";
  auto first = testing::sine_pcm(440, 8000);
  auto second = testing::sine_pcm(880, 4000);
  ASSERT_TRUE(write_wav_atomically(target, first));
  ASSERT_TRUE(write_wav_atomically(target, second));
  EXPECT_EQ(audio_duration_ms(target).value(), 500);
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(target.parent_path()))
    ++files;
  EXPECT_EQ(files, 1);
}

}  // namespace
}  // namespace hotline::media::audio

namespace hotline::media::audio {
namespace {

TEST(WavImport, NamesAreSafeFileNamesEndingInWav) {
  for (const char* good : {"welcome.wav", "menu_1-zh.wav", "A.wav"})
    EXPECT_TRUE(check_audio_file_name(good, "name")) << good;
  for (const char* bad : {"", "../x.wav", "a/b.wav", ".wav", ".hidden.wav", "-x.wav", "x.mp3", "x.wav.txt",
                          "空.wav", "a b.wav", "x.WAV"}) {
    auto checked = check_audio_file_name(bad, "name");
    ASSERT_FALSE(checked) << bad;
    EXPECT_EQ(checked.error().field, "name");
  }
  EXPECT_FALSE(check_audio_file_name(std::string(97, 'a') + ".wav", "name"));
  EXPECT_TRUE(check_music_class_name("jazz_2-night", "class"));
  for (const char* bad : {"", "..", "a/b", "a.b", "a b"})
    EXPECT_FALSE(check_music_class_name(bad, "class")) << bad;
}

}  // namespace
}  // namespace hotline::media::audio
