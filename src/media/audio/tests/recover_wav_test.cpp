#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "media/audio/recording_writer.hpp"
#include "media/audio/tests/audio_test_util.hpp"
#include "media/audio/wav_file.hpp"

namespace hotline::media::audio {
namespace {

using testing::read_wav;
using testing::TempDir;

// A recording of `seconds` of a tone whose writer is abandoned (the process "dies"): the files are
// flushed but never finished.
void record_abandoned(const std::string& path, int seconds) {
  RecordingWriter writer;
  auto recorder = writer.start(path);
  ASSERT_TRUE(recorder.ok());
  const auto tone = testing::sine_pcm(440, kFrameSamples);
  for (int i = 0; i < seconds * 50; ++i) (*recorder)->write_frame(tone, tone);
  writer.flush_now();
}

// What a crash between a data write and the header update leaves: sizes behind the data.
void overwrite_sizes(const std::string& path, std::uint32_t riff, std::uint32_t data) {
  const int fd = ::open(path.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::pwrite(fd, &riff, 4, 4), 4);
  ASSERT_EQ(::pwrite(fd, &data, 4, 40), 4);
  ::close(fd);
}

TEST(RecoverWavTest, ZeroedSizesAreRebuiltFromTheFileLength) {
  TempDir dir;
  const auto path = dir.file("crashed.wav");
  record_abandoned(path, 2);
  overwrite_sizes(path, 0, 0);

  auto recovered = recover_wav(path);
  ASSERT_TRUE(recovered.ok()) << recovered.error().message;
  EXPECT_TRUE(recovered->repaired);
  EXPECT_EQ(recovered->duration_ms, 2000);
  EXPECT_EQ(recovered->data_bytes, 2u * 8000 * 4);
  auto wav = read_wav(path);
  ASSERT_TRUE(wav.ok);
  EXPECT_EQ(wav.info.frames, 16000);
  EXPECT_EQ(wav.info.channels, 2);
}

TEST(RecoverWavTest, TrailingPartialSampleFrameIsTrimmed) {
  TempDir dir;
  const auto path = dir.file("torn.wav");
  record_abandoned(path, 1);
  {
    std::ofstream tail(path, std::ios::app | std::ios::binary);
    tail.write("\x01\x02\x03", 3);  // a write torn in the middle of a stereo frame
  }
  auto recovered = recover_wav(path);
  ASSERT_TRUE(recovered.ok()) << recovered.error().message;
  EXPECT_TRUE(recovered->repaired);
  EXPECT_EQ(recovered->data_bytes, 8000u * 4);
  EXPECT_EQ(std::filesystem::file_size(path), kWavHeaderBytes + 8000u * 4);
}

TEST(RecoverWavTest, CompleteFileIsLeftAlone) {
  TempDir dir;
  const auto path = dir.file("complete.wav");
  record_abandoned(path, 1);
  const auto before = std::filesystem::last_write_time(path);
  auto recovered = recover_wav(path);
  ASSERT_TRUE(recovered.ok());
  EXPECT_FALSE(recovered->repaired);
  EXPECT_EQ(recovered->duration_ms, 1000);
  EXPECT_EQ(std::filesystem::last_write_time(path), before);
}

TEST(RecoverWavTest, FileWithoutHeaderIsReported) {
  TempDir dir;
  const auto empty = dir.file("empty.wav");
  std::ofstream(empty).close();
  auto result = recover_wav(empty);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, empty);
  EXPECT_EQ(recover_wav(dir.file("missing.wav")).error().code, ErrorCode::NotFound);
}

TEST(WavHeaderTest, DescribesPcm16) {
  const auto h = wav_header(2, 8000, 1000);
  EXPECT_EQ(std::memcmp(h.data(), "RIFF", 4), 0);
  std::uint32_t riff = 0, rate = 0, bytes_per_second = 0, data = 0;
  std::memcpy(&riff, &h[4], 4);
  std::memcpy(&rate, &h[24], 4);
  std::memcpy(&bytes_per_second, &h[28], 4);
  std::memcpy(&data, &h[40], 4);
  EXPECT_EQ(riff, 1036u);
  EXPECT_EQ(rate, 8000u);
  EXPECT_EQ(bytes_per_second, 32000u);
  EXPECT_EQ(data, 1000u);
}

}  // namespace
}  // namespace hotline::media::audio
