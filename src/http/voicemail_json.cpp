#include "http/voicemail_json.hpp"

#include "common/json_values.hpp"

namespace hotline::http {
namespace {

Status text_field(const nlohmann::json& value, const std::string& name, std::string& out) {
  if (!value.is_string()) return Error::invalid(name, name + " must be a string");
  out = value.get<std::string>();
  return ok_status();
}

}  // namespace

nlohmann::json voicemail_box_json(const store::VoicemailBox& box, const store::VoicemailCounts& counts) {
  return {{"id", box.id},
          {"name", box.name},
          {"extension", or_null(box.extension)},
          {"greeting_text", box.greeting_text},
          {"greeting_file", box.greeting_file},
          {"language", box.language},
          {"max_message_ms", box.max_message_ms},
          {"created_at", box.created_at},
          {"updated_at", box.updated_at},
          {"new_messages", counts.new_messages},
          {"total_messages", counts.total}};
}

nlohmann::json voicemail_message_json(const store::VoicemailMessage& m) {
  return {{"id", m.id},
          {"box_id", m.box_id},
          {"call_id", m.call_id},
          {"recording_id", m.recording_id},
          {"caller", m.caller},
          {"created_at", m.created_at},
          {"duration_ms", or_null(m.duration_ms)},
          {"status", m.status},
          {"heard_at", or_null(m.heard_at)},
          {"heard_by", or_null(m.heard_by)},
          {"audio_url", "/api/v1/voicemail/messages/" + m.id + "/audio"}};
}

Status apply_voicemail_box_fields(const std::string& text, store::VoicemailBox& box) {
  auto body = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object())
    return Error::invalid("body", "the body must be a JSON object");
  for (const auto& [name, value] : body.items()) {
    Status set = ok_status();
    if (name == "name") {
      set = text_field(value, name, box.name);
    } else if (name == "greeting_text") {
      set = text_field(value, name, box.greeting_text);
    } else if (name == "greeting_file") {
      set = text_field(value, name, box.greeting_file);
    } else if (name == "language") {
      set = text_field(value, name, box.language);
    } else if (name == "extension") {
      if (value.is_null()) {
        box.extension.reset();
      } else {
        box.extension.emplace();
        set = text_field(value, name, *box.extension);
      }
    } else if (name == "max_message_ms") {
      if (!value.is_number_integer()) return Error::invalid(name, "max_message_ms must be an integer");
      box.max_message_ms = value.get<std::int64_t>();
    } else {
      return Error::invalid(name, "unknown field " + name);
    }
    if (!set) return set;
  }
  return ok_status();
}

}  // namespace hotline::http
