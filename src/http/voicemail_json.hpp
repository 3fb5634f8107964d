// JSON views of voicemail boxes and messages (db/migrations/010_voicemail.sql minus tenant_id),
// and the box fields a request body may set. Timestamps are Unix ms; absent values are null.
#pragma once

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "store/records.hpp"

namespace hotline::http {

// The box with its message-waiting state: `new_messages` (not heard yet) and `total_messages`.
nlohmann::json voicemail_box_json(const store::VoicemailBox& box, const store::VoicemailCounts& counts);
// A listed message (new or heard) with `audio_url`, where its WAV is played from.
nlohmann::json voicemail_message_json(const store::VoicemailMessage& message);

// Sets the fields a request body names (name, extension, greeting_text, greeting_file, language,
// max_message_ms) on `box`; `body` must be a JSON object. InvalidArgument naming the field that is
// unknown or has the wrong type; values are validated by the store.
Status apply_voicemail_box_fields(const std::string& body, store::VoicemailBox& box);

}  // namespace hotline::http
