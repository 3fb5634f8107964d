#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "media/audio/recording_writer.hpp"
#include "media/audio/tests/audio_test_util.hpp"
#include "media/audio/wav_file.hpp"
#include "media/audio/wav_recorder.hpp"

namespace hotline::media::audio {
namespace {

using testing::goertzel;
using testing::read_wav;
using testing::TempDir;

// Feeds `frames` 20 ms frames of two tones, continuing their phase from `offset` samples.
void record_tones(WavRecorder& recorder, int frames, std::size_t& offset, double left_hz = 440,
                  double right_hz = 1000) {
  const auto left = testing::sine_pcm(left_hz, offset + frames * kFrameSamples);
  const auto right = testing::sine_pcm(right_hz, offset + frames * kFrameSamples);
  for (int i = 0; i < frames; ++i, offset += kFrameSamples) {
    recorder.write_frame(std::span(left).subspan(offset, kFrameSamples),
                         std::span(right).subspan(offset, kFrameSamples));
  }
}

// The tests feed seconds of audio at once, faster than real time, so the ring must hold all of it.
constexpr RecordingOptions kStereo{.channels = RecordingChannels::Stereo, .buffer_ms = 5000};
constexpr RecordingOptions kMono{.channels = RecordingChannels::Mono, .buffer_ms = 5000};

template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds timeout = std::chrono::milliseconds(3000)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

TEST(RecorderTest, StereoKeepsEachPartyOnItsOwnChannel) {
  TempDir dir;
  RecordingWriter writer(WriterOptions{.flush_interval_ms = 50});
  auto recorder = writer.start(dir.file("calls/2024/call.wav"), kStereo);
  ASSERT_TRUE(recorder.ok()) << recorder.error().message;
  std::size_t offset = 0;
  record_tones(**recorder, 150, offset);  // 3 s
  auto summary = writer.finish(*recorder);
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(summary->duration_ms, 3000);
  EXPECT_EQ(summary->bytes, kWavHeaderBytes + 3u * 8000 * 4);
  EXPECT_EQ(summary->dropped_frames, 0u);

  auto wav = read_wav(dir.file("calls/2024/call.wav"));
  ASSERT_TRUE(wav.ok);
  EXPECT_EQ(wav.info.samplerate, 8000);
  EXPECT_EQ(wav.info.channels, 2);
  EXPECT_NEAR(static_cast<double>(wav.info.frames), 24000, 160);  // 3 s ± 20 ms
  const auto customer = testing::channel(wav, 0);
  const auto agent = testing::channel(wav, 1);
  const double own = 0.25 * (8000.0 / 32768) * (8000.0 / 32768);  // Goertzel power of the test tone
  EXPECT_NEAR(goertzel(std::span<const std::int16_t>(customer), 8000, 440), own, own * 0.05);
  EXPECT_LT(goertzel(std::span<const std::int16_t>(customer), 8000, 1000), own * 0.001);
  EXPECT_NEAR(goertzel(std::span<const std::int16_t>(agent), 8000, 1000), own, own * 0.05);
  EXPECT_LT(goertzel(std::span<const std::int16_t>(agent), 8000, 440), own * 0.001);
}

TEST(RecorderTest, MonoSumsBothPartiesWithSaturation) {
  TempDir dir;
  RecordingWriter writer;
  auto recorder = writer.start(dir.file("mono.wav"), kMono);
  ASSERT_TRUE(recorder.ok());
  std::size_t offset = 0;
  record_tones(**recorder, 50, offset);
  const std::vector<std::int16_t> loud(kFrameSamples, 20000), quiet(kFrameSamples, -30000);
  (*recorder)->write_frame(loud, loud);
  (*recorder)->write_frame(quiet, quiet);
  ASSERT_TRUE(writer.finish(*recorder).ok());

  auto wav = read_wav(dir.file("mono.wav"));
  ASSERT_TRUE(wav.ok);
  ASSERT_EQ(wav.info.channels, 1);
  ASSERT_EQ(wav.info.frames, 52 * 160);
  std::span<const std::int16_t> tones(wav.samples.data(), 8000);
  const double own = 0.25 * (8000.0 / 32768) * (8000.0 / 32768);
  EXPECT_NEAR(goertzel(tones, 8000, 440), own, own * 0.05);
  EXPECT_NEAR(goertzel(tones, 8000, 1000), own, own * 0.05);
  EXPECT_EQ(wav.samples[8000], 32767);
  EXPECT_EQ(wav.samples[8160], -32768);
}

TEST(RecorderTest, PauseRecordsSilenceInPlace) {
  TempDir dir;
  RecordingWriter writer;
  auto recorder = writer.start(dir.file("paused.wav"), kStereo);
  ASSERT_TRUE(recorder.ok());
  std::size_t offset = 0;
  record_tones(**recorder, 50, offset);
  (*recorder)->pause();
  record_tones(**recorder, 50, offset);  // card number being read out
  (*recorder)->resume();
  record_tones(**recorder, 50, offset);
  auto summary = writer.finish(*recorder);
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->duration_ms, 3000);
  EXPECT_EQ(summary->paused_ms, 1000);

  auto wav = read_wav(dir.file("paused.wav"));
  ASSERT_EQ(wav.info.frames, 24000);
  const auto left = testing::channel(wav, 0);
  const auto right = testing::channel(wav, 1);
  for (std::size_t i = 8000; i < 16000; ++i) {
    ASSERT_EQ(left[i], 0) << i;
    ASSERT_EQ(right[i], 0) << i;
  }
  EXPECT_GT(testing::rms(std::span(left).first(8000)), 5000);
  EXPECT_GT(testing::rms(std::span(left).last(8000)), 5000);
}

TEST(RecorderTest, FileIsValidWhileRecording) {
  TempDir dir;
  RecordingWriter writer(WriterOptions{.flush_interval_ms = 20});
  auto recorder = writer.start(dir.file("live.wav"));
  ASSERT_TRUE(recorder.ok());
  std::size_t offset = 0;
  record_tones(**recorder, 50, offset);
  // The I/O thread flushes on its own; the header follows each flush.
  ASSERT_TRUE(eventually([&] { return read_wav(dir.file("live.wav")).info.frames == 8000; }));
  record_tones(**recorder, 25, offset);
  ASSERT_TRUE(eventually([&] { return read_wav(dir.file("live.wav")).info.frames == 12000; }));
  EXPECT_EQ(writer.health().active_recordings, 1u);
  ASSERT_TRUE(writer.finish(*recorder).ok());
  EXPECT_EQ(writer.health().active_recordings, 0u);
  EXPECT_EQ(writer.finish(*recorder).error().code, ErrorCode::Conflict);
}

TEST(RecorderTest, KilledProcessLeavesAPlayableFile) {
  TempDir dir;
  const auto path = dir.file("killed.wav");
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The child records 2 s, lets one flush happen, records more, and dies without finishing.
    RecordingWriter writer;
    auto recorder = writer.start(path, kStereo);
    if (!recorder.ok()) ::_exit(1);
    std::size_t offset = 0;
    record_tones(**recorder, 100, offset);
    writer.flush_now();
    record_tones(**recorder, 10, offset);
    ::_exit(9);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 9);

  auto as_left = read_wav(path);  // valid without any repair
  ASSERT_TRUE(as_left.ok);
  EXPECT_GE(as_left.info.frames, 16000);
  auto recovered = recover_wav(path);
  ASSERT_TRUE(recovered.ok()) << recovered.error().message;
  EXPECT_GE(recovered->duration_ms, 2000);
  EXPECT_GE(read_wav(path).info.frames, 16000);
}

TEST(RecorderTest, DiskFullFailsTheRecordingNotTheCall) {
  RecordingWriter writer(WriterOptions{.flush_interval_ms = 10});
  auto recorder = writer.start("/dev/full");  // opens fine; every write fails with ENOSPC
  ASSERT_TRUE(recorder.ok()) << recorder.error().message;
  std::size_t offset = 0;
  record_tones(**recorder, 5, offset);
  ASSERT_TRUE(eventually([&] { return writer.health().failed_recordings == 1; }));
  const auto health = writer.health();
  EXPECT_NE(health.last_error.find("/dev/full"), std::string::npos);
  EXPECT_NE(health.last_error.find("No space left on device"), std::string::npos);
  EXPECT_TRUE((*recorder)->failed());

  // The worker keeps going: 10 s of frames return at once and change nothing.
  const auto start = std::chrono::steady_clock::now();
  record_tones(**recorder, 500, offset);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(500));
  auto summary = writer.finish(*recorder);
  ASSERT_FALSE(summary.ok());
  EXPECT_NE(summary.error().message.find("No space left on device"), std::string::npos);
  EXPECT_EQ(writer.health().failed_recordings, 1u);  // counted once
}

TEST(RecorderTest, UnwritablePathFailsAtStart) {
  RecordingWriter writer;
  auto recorder = writer.start("/proc/hotline-no-such-dir/call.wav");
  ASSERT_FALSE(recorder.ok());
  EXPECT_EQ(recorder.error().field, "/proc/hotline-no-such-dir/call.wav");
}

TEST(RecorderTest, StalledWriterDropsFramesInsteadOfBlocking) {
  TempDir dir;
  RecordingWriter writer(WriterOptions{.flush_interval_ms = 60'000});  // effectively never
  auto recorder = writer.start(dir.file("stalled.wav"), RecordingOptions{.buffer_ms = 100});
  ASSERT_TRUE(recorder.ok());
  std::size_t offset = 0;
  record_tones(**recorder, 50, offset);  // 1 s into a ring of ~100 ms
  auto summary = writer.finish(*recorder);
  ASSERT_TRUE(summary.ok());
  EXPECT_GT(summary->dropped_frames, 0u);
  EXPECT_GE(summary->duration_ms, 100);
  EXPECT_LT(summary->duration_ms, 1000);
}

TEST(RecorderTest, AbandonedWriterClosesValidFiles) {
  TempDir dir;
  {
    RecordingWriter writer(WriterOptions{.flush_interval_ms = 60'000});
    auto recorder = writer.start(dir.file("abandoned.wav"));
    ASSERT_TRUE(recorder.ok());
    std::size_t offset = 0;
    record_tones(**recorder, 25, offset);
  }
  EXPECT_EQ(read_wav(dir.file("abandoned.wav")).info.frames, 4000);
}

}  // namespace
}  // namespace hotline::media::audio
