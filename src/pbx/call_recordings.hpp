// CallRecordings: every answered call is recorded (REC-1). This class decides the file (per tenant
// mode: stereo with the customer on the left, mono, or off), writes the `recordings` row when
// recording starts and again when the media engine reports the file finished, pauses and resumes
// a call's recording on command (while a customer reads out a card number), and at start-up
// repairs the files that a crash left unfinished. A service may record the caller alone into a
// file of its own (a voicemail message): that file replaces the call's recording from then on.
//
// Thread: core loop only. on_finished() is called on the core loop (the wiring posts it there).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "media/media.hpp"
#include "pbx/call.hpp"
#include "pbx/directory.hpp"
#include "store/store.hpp"

namespace hotline::pbx {

// A call's recording after a pause or resume command.
struct RecordingPauseState {
  std::string recording_id;
  bool paused = false;
  std::int64_t paused_ms = 0;  // paused so far by the core loop's clock, a pause in progress included
  bool changed = false;        // false when the recording already was in the asked state
};

class CallRecordings {
 public:
  CallRecordings(media::MediaEngine& media, store::Store& store, const Directory& directory,
                 const Clock& clock, std::filesystem::path data_dir);

  // Starts recording an answered call on its relay, unless the tenant records nothing.
  void start(Call& call);
  // Records the caller alone (mono), whatever the tenant's mode, into
  // recordings/<tenant>/<day>/<call id>-<suffix>.wav; the call's recording so far is finished (a
  // relay records into one file at a time). Returns the row as saved (status `recording`).
  Result<store::RecordingRecord> record_caller(Call& call, const std::string& suffix);
  // Told on the core loop of every recording the media engine finished, with its final row.
  using FinishedObserver = std::function<void(const store::RecordingRecord&)>;
  void set_finished_observer(FinishedObserver observer) { finished_observer_ = std::move(observer); }
  // Pauses (the file gets silence) or resumes the recording of `call`. Asking for the state the
  // recording is already in changes nothing. Conflict when the call has no recording in progress
  // (not answered, the tenant records nothing, the file could not be created, or the call ended).
  Result<RecordingPauseState> set_paused(const Call& call, bool paused);
  // The media engine finished a file: the row gets its duration, size, paused time and status.
  void on_finished(const media::RecordingOutcome& outcome);
  // Files left by a crash get a valid header and the row status `recovered` (or `failed`).
  void recover_unfinished();

 private:
  struct ActiveRecording {
    store::RecordingRecord row;
    std::optional<UnixMs> paused_since;
    std::int64_t paused_ms = 0;  // pauses that have ended
  };

  RecordingPauseState state_of(const ActiveRecording& recording, bool changed) const;
  // Creates the folder and starts the media engine's tap; false (the row saved as failed) when the
  // folder cannot be created.
  bool begin(Call& call, store::RecordingRecord row, media::RelaySide customer);

  media::MediaEngine& media_;
  store::Store& store_;
  const Directory& directory_;
  const Clock& clock_;
  std::filesystem::path data_dir_;
  std::unordered_map<std::string, ActiveRecording> active_;      // by recording id
  std::unordered_map<std::string, std::string> active_by_call_;  // call id -> recording id
  FinishedObserver finished_observer_;
};

}  // namespace hotline::pbx
