// PlayPreparer: turns a PlaySpec into a ready Player off the media threads. Decoding a prompt file
// or synthesizing a sentence takes milliseconds to tens of milliseconds, far too long for a media
// worker (every call on it would stall) or the core loop (every SIP message would wait), so one
// thread of its own does it, in the order play() and stop_play() were called, and hands the
// result on. Decoded prompts are cached by file (PromptCache), speech by text (TextToSpeech).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "common/result.hpp"
#include "media/audio/player.hpp"
#include "media/audio/prompt_cache.hpp"
#include "media/audio/tts.hpp"
#include "media/media.hpp"

namespace hotline::media {

// A Player for `spec`, or InvalidArgument naming the item ("items[2]") that cannot be played.
Result<std::unique_ptr<audio::Player>> prepare_player(const PlaySpec& spec, audio::PromptCache& prompts,
                                                      audio::TextToSpeech* speech);

// Thread: play() and stop() from the core loop; the sinks run on the preparer's thread.
class PlayPreparer {
 public:
  struct Job {
    RelayId relay = 0;
    RelaySide towards = RelaySide::A;
    PlayId play = 0;
    std::optional<PlaySpec> spec;  // none: a stop, kept in order with the plays
  };
  // Receives each prepared player (null for a stop) in job order; must not block.
  using Ready = std::function<void(const Job&, std::unique_ptr<audio::Player>)>;
  // Receives each play that could not be prepared.
  using Failed = std::function<void(const Job&, const Error&)>;

  PlayPreparer(std::filesystem::path speech_cache_dir, Ready ready, Failed failed);
  ~PlayPreparer();  // finishes the queued jobs, then joins
  PlayPreparer(const PlayPreparer&) = delete;
  PlayPreparer& operator=(const PlayPreparer&) = delete;

  void submit(Job job);

 private:
  void run();

  audio::PromptCache prompts_;
  std::optional<audio::TextToSpeech> speech_;
  Ready ready_;
  Failed failed_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;   // guarded by mutex_
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace hotline::media
