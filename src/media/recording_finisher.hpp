// RecordingFinisher: closes recordings off the media workers. A worker hands over the tap of a
// recording that ended; this thread finishes its file through the RecordingWriter (which flushes
// and may wait on the disk) and reports the outcome through MediaOptions::on_recording_finished.
//
// Thread: hand_over() from any thread (a worker); drain() from the owner; its own thread otherwise.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "media/audio/recording_writer.hpp"
#include "media/call_tap.hpp"
#include "media/media.hpp"

namespace hotline::media {

class RecordingFinisher {
 public:
  using Report = std::function<void(const RecordingOutcome&)>;

  RecordingFinisher(audio::RecordingWriter& writer, Report report);
  ~RecordingFinisher();  // finishes what was handed over, then joins
  RecordingFinisher(const RecordingFinisher&) = delete;
  RecordingFinisher& operator=(const RecordingFinisher&) = delete;

  void hand_over(std::unique_ptr<CallTap> tap);
  // Returns once everything handed over so far is finished and reported.
  void drain();

 private:
  void run();
  void finish(CallTap& tap);

  audio::RecordingWriter& writer_;
  Report report_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::vector<std::unique_ptr<CallTap>> queue_;  // guarded by mutex_
  bool busy_ = false;                            // guarded by mutex_
  bool stopping_ = false;                        // guarded by mutex_
  std::thread thread_;
};

}  // namespace hotline::media
