// Per-frame costs of the audio pieces: the player's fill, the recorder's write_frame with the I/O
// thread writing to a real file, and one music-on-hold tick. Run: build/bench/bench_audio
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <vector>

#include "media/audio/audio.hpp"
#include "media/audio/moh_class.hpp"
#include "media/audio/player.hpp"
#include "media/audio/recording_writer.hpp"

namespace audio = hotline::media::audio;

namespace {

std::shared_ptr<const audio::Prompt> tone_prompt(std::size_t samples) {
  std::vector<std::int16_t> data(samples);
  for (std::size_t i = 0; i < samples; ++i) data[i] = static_cast<std::int16_t>(8000 * std::sin(0.3454 * i));
  return audio::Prompt::from_samples(std::move(data), "tone");
}

void BM_PlayerFill(benchmark::State& state) {
  std::vector<audio::PlayItem> items;
  items.push_back(audio::PlayItem::prompt(tone_prompt(8000 * 10 + 37)));
  items.push_back(audio::PlayItem::silence(500));
  audio::Player player(std::move(items), audio::PlayOptions{.loops = audio::PlayOptions::kLoopForever,
                                                            .gain_db = static_cast<double>(state.range(0))});
  std::array<std::int16_t, audio::kFrameSamples> frame{};
  for (auto _ : state) {
    player.fill(frame);
    benchmark::DoNotOptimize(frame.data());
  }
  state.SetLabel(state.range(0) == 0 ? "0 dB (copy)" : "-6 dB (gain)");
}
BENCHMARK(BM_PlayerFill)->Arg(0)->Arg(-6);

// Frames are written in bursts of one second; between bursts (untimed) the I/O thread drains the
// ring, as it does every 200 ms in a real call, so the timed path is the real push, not a drop.
void BM_RecorderWriteFrame(benchmark::State& state) {
  const auto path = std::filesystem::temp_directory_path() / "hotline-bench-audio.wav";
  audio::RecordingWriter writer;
  auto mode = state.range(0) == 2 ? audio::RecordingChannels::Stereo : audio::RecordingChannels::Mono;
  auto recorder = writer.start(path.string(), audio::RecordingOptions{.channels = mode});
  if (!recorder.ok()) {
    state.SkipWithError(recorder.error().message.c_str());
    return;
  }
  std::array<std::int16_t, audio::kFrameSamples> left{}, right{};
  left.fill(1000);
  right.fill(-1000);
  int in_burst = 0;
  for (auto _ : state) {
    (*recorder)->write_frame(left, right);
    if (++in_burst == 50) {
      state.PauseTiming();
      writer.flush_now();
      in_burst = 0;
      state.ResumeTiming();
    }
  }
  auto summary = writer.finish(*recorder);
  state.SetLabel(state.range(0) == 2 ? "stereo" : "mono");
  if (summary.ok() && summary->dropped_frames > 0) state.SkipWithError("frames dropped");
  std::filesystem::remove(path);
}
BENCHMARK(BM_RecorderWriteFrame)->Arg(2)->Arg(1);

void BM_MohAdvance(benchmark::State& state) {
  auto moh = audio::MohClass::create("bench", {tone_prompt(8000 * 30 + 11), tone_prompt(8000 * 20 + 3)});
  if (!moh.ok()) {
    state.SkipWithError(moh.error().message.c_str());
    return;
  }
  for (auto _ : state) {
    (*moh)->advance();
    benchmark::DoNotOptimize((*moh)->current_frame().data());
  }
}
BENCHMARK(BM_MohAdvance);

}  // namespace

BENCHMARK_MAIN();
