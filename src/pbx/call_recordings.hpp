// CallRecordings: every answered call is recorded (REC-1). This class decides the file (per tenant
// mode: stereo with the customer on the left, mono, or off), writes the `recordings` row when
// recording starts and again when the media engine reports the file finished, and at start-up
// repairs the files that a crash left unfinished.
//
// Thread: core loop only. on_finished() is called on the core loop (the wiring posts it there).
#pragma once

#include <filesystem>
#include <string>
#include <unordered_map>

#include "common/clock.hpp"
#include "media/media.hpp"
#include "pbx/call.hpp"
#include "pbx/directory.hpp"
#include "store/store.hpp"

namespace hotline::pbx {

class CallRecordings {
 public:
  CallRecordings(media::MediaEngine& media, store::Store& store, const Directory& directory,
                 const Clock& clock, std::filesystem::path data_dir);

  // Starts recording an answered call on its relay, unless the tenant records nothing.
  void start(Call& call);
  // The media engine finished a file: the row gets its duration, size and status.
  void on_finished(const media::RecordingOutcome& outcome);
  // Files left by a crash get a valid header and the row status `recovered` (or `failed`).
  void recover_unfinished();

 private:
  media::MediaEngine& media_;
  store::Store& store_;
  const Directory& directory_;
  const Clock& clock_;
  std::filesystem::path data_dir_;
  std::unordered_map<std::string, store::RecordingRecord> active_;  // by recording id
};

}  // namespace hotline::pbx
