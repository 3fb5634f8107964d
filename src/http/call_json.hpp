// JSON views of CDR and recording rows. Keys are the column names of `calls` and `call_legs`
// (db/migrations/001_core.sql) minus tenant_id, which is always the caller's own; timestamps are
// Unix ms integers and absent values are null.
#pragma once

#include <nlohmann/json.hpp>

#include "store/records.hpp"

namespace hotline::http {

nlohmann::json call_json(const store::CallRecord& call);
nlohmann::json call_leg_json(const store::CallLegRecord& leg);
// Keys are the columns of `recordings` (002_recordings.sql) minus tenant_id.
nlohmann::json recording_json(const store::RecordingRecord& recording);
// Keys are the columns of `call_events` (003_call_events.sql) minus tenant_id and call_id.
nlohmann::json call_event_json(const store::CallEvent& event);
// Keys are the columns of `surveys` (011_survey.sql) minus tenant_id, with user_id as agent_id.
nlohmann::json survey_json(const store::SurveyRecord& survey);

}  // namespace hotline::http
