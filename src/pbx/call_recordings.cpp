#include "pbx/call_recordings.hpp"

#include <spdlog/spdlog.h>

#include <ctime>

#include "common/ids.hpp"

namespace hotline::pbx {
namespace {

namespace fs = std::filesystem;

// recordings/<tenant>/<yyyy-mm-dd>/<call id>.wav, relative to the data folder: one folder per day
// keeps directories small at a million recordings a day and makes backups by date simple.
fs::path relative_path(std::int64_t tenant_id, UnixMs started_at, const std::string& call_id) {
  std::time_t seconds = static_cast<std::time_t>(started_at / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char day[16];
  std::strftime(day, sizeof day, "%Y-%m-%d", &utc);
  return fs::path("recordings") / std::to_string(tenant_id) / day / (call_id + ".wav");
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
  r.path = relative_path(call.tenant_id, clock_.now_ms(), call.id).string();
  r.channels = mode == "mono" ? 1 : 2;
  r.sample_rate = 8000;
  r.started_at = clock_.now_ms();
  std::error_code ec;
  fs::create_directories((data_dir_ / r.path).parent_path(), ec);
  if (ec) {
    r.status = "failed";
    r.error = "cannot create the recording folder: " + ec.message();
    spdlog::error("call {}: {}", call.id, *r.error);
    store_.recordings().save_async(r);
    return;
  }
  // The customer is on the left: the caller of an inbound or internal call, the callee of an
  // outbound one.
  auto customer = call.direction == "outbound" ? media::RelaySide::B : media::RelaySide::A;
  media_.start_recording(call.relay->id, {r.id, data_dir_ / r.path, r.channels, customer});
  store_.recordings().save_async(r);
  active_by_call_[call.id] = r.id;
  std::string id = r.id;
  active_.emplace(std::move(id), ActiveRecording{std::move(r), std::nullopt, 0});
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
  active_by_call_.erase(r.call_id);
  r.ended_at = clock_.now_ms();
  r.duration_ms = outcome.duration_ms;
  r.paused_ms = outcome.paused_ms;  // counted in samples by the recorder: what the file holds
  r.bytes = outcome.bytes;
  r.status = outcome.error ? "failed" : "complete";
  r.error = outcome.error;
  if (outcome.error) spdlog::error("recording {} failed: {}", r.id, *outcome.error);
  store_.recordings().save_async(r);
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
