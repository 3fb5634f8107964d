#include "pbx/call_recordings.hpp"

#include <spdlog/spdlog.h>

#include <ctime>

#include "common/ids.hpp"

namespace hotline::pbx {
namespace {

namespace fs = std::filesystem;

// recordings/<tenant>/<yyyy-mm-dd>/<call id>[-<suffix>].wav, relative to the data folder: one folder per day
// keeps directories small at a million recordings a day and makes backups by date simple.
fs::path relative_path(std::int64_t tenant_id, UnixMs started_at, const std::string& file_name) {
  std::time_t seconds = static_cast<std::time_t>(started_at / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char day[16];
  std::strftime(day, sizeof day, "%Y-%m-%d", &utc);
  return fs::path("recordings") / std::to_string(tenant_id) / day / file_name;
}

}  // namespace

CallRecordings::CallRecordings(media::MediaEngine& media, store::Store& store, const Directory& directory,
                               const Clock& clock, std::filesystem::path data_dir)
    : media_(media), store_(store), directory_(directory), clock_(clock), data_dir_(std::move(data_dir)) {}

void CallRecordings::start(Call& call) {
  std::string mode = directory_.recording_mode(call.tenant_id);
  if (mode == "off" || !call.relay) return;
  store::RecordingRecord r;
  r.id = new_uuid();
  r.tenant_id = call.tenant_id;
  r.call_id = call.id;
  r.path = relative_path(call.tenant_id, clock_.now_ms(), call.id + ".wav").string();
  r.channels = mode == "mono" ? 1 : 2;
  // The customer is on the left: the caller of an inbound or internal call, the callee of an
  // outbound one.
  begin(call, std::move(r), call.direction == "outbound" ? media::RelaySide::B : media::RelaySide::A);
}

Result<store::RecordingRecord> CallRecordings::record_caller(Call& call, const std::string& suffix) {
  if (!call.relay) return Error::conflict("call " + call.id + " has no media");
  store::RecordingRecord r;
  r.id = new_uuid();
  r.tenant_id = call.tenant_id;
  r.call_id = call.id;
  r.path = relative_path(call.tenant_id, clock_.now_ms(), call.id + "-" + suffix + ".wav").string();
  r.channels = 1;  // the other side is the server itself, which the tap does not hear: the caller alone
  std::string id = r.id;
  std::string path = r.path;
  if (!begin(call, std::move(r), media::RelaySide::A))
    return Error::unavailable("cannot create the folder of " + path);
  return active_.at(id).row;
}

bool CallRecordings::begin(Call& call, store::RecordingRecord r, media::RelaySide customer) {
  r.sample_rate = 8000;
  r.started_at = clock_.now_ms();
  std::error_code ec;
  fs::create_directories((data_dir_ / r.path).parent_path(), ec);
  if (ec) {
    r.status = "failed";
    r.error = "cannot create the recording folder: " + ec.message();
    spdlog::error("call {}: {}", call.id, *r.error);
    store_.recordings().save_async(r);
    return false;
  }
  media_.start_recording(call.relay->id, {r.id, data_dir_ / r.path, r.channels, customer});
  store_.recordings().save_async(r);
  active_by_call_[call.id] = r.id;
  std::string id = r.id;
  active_.emplace(std::move(id), ActiveRecording{std::move(r), std::nullopt, 0});
  return true;
}

Result<RecordingPauseState> CallRecordings::set_paused(const Call& call, bool paused) {
  auto by_call = active_by_call_.find(call.id);
  if (by_call == active_by_call_.end() || !call.relay) {
    return Error::conflict("call " + call.id + " is not being recorded");
  }
  ActiveRecording& recording = active_.at(by_call->second);
  if (recording.paused_since.has_value() == paused) return state_of(recording, false);
  media_.pause_recording(call.relay->id, paused);
  auto now = clock_.now_ms();
  if (paused) {
    recording.paused_since = now;
  } else {
    recording.paused_ms += now - *recording.paused_since;
    recording.paused_since.reset();
    // The row keeps the paused time so far, so that a recording repaired after a crash has it too.
    recording.row.paused_ms = recording.paused_ms;
    store_.recordings().save_async(recording.row);
  }
  return state_of(recording, true);
}

RecordingPauseState CallRecordings::state_of(const ActiveRecording& recording, bool changed) const {
  std::int64_t paused_ms = recording.paused_ms;
  if (recording.paused_since) paused_ms += clock_.now_ms() - *recording.paused_since;
  return {recording.row.id, recording.paused_since.has_value(), paused_ms, changed};
}

void CallRecordings::on_finished(const media::RecordingOutcome& outcome) {
  auto it = active_.find(outcome.id);
  if (it == active_.end()) return;
  store::RecordingRecord r = std::move(it->second.row);
  active_.erase(it);
  // A call that went on into a file of its own (a voicemail message) maps to that one now.
  if (auto by_call = active_by_call_.find(r.call_id);
      by_call != active_by_call_.end() && by_call->second == r.id)
    active_by_call_.erase(by_call);
  r.ended_at = clock_.now_ms();
  r.duration_ms = outcome.duration_ms;
  r.paused_ms = outcome.paused_ms;  // counted in samples by the recorder: what the file holds
  r.bytes = outcome.bytes;
  r.status = outcome.error ? "failed" : "complete";
  r.error = outcome.error;
  if (outcome.error) spdlog::error("recording {} failed: {}", r.id, *outcome.error);
  store_.recordings().save_async(r);
  if (finished_observer_) finished_observer_(r);
}

void CallRecordings::recover_unfinished() {
  for (auto r : store_.recordings().unfinished()) {
    auto repaired = media::repair_recording(data_dir_ / r.path);
    if (repaired) {
      r.status = "recovered";
      r.duration_ms = repaired->duration_ms;
      r.bytes = repaired->bytes;
      r.ended_at = r.started_at + repaired->duration_ms;
    } else {
      r.status = "failed";
      r.error = repaired.error().message;
    }
    spdlog::warn("recording {} left by an unclean stop: {}", r.id, r.status);
    store_.recordings().save_async(r);
  }
}

}  // namespace hotline::pbx
