// Voicemail (IVR-7): the tenant's boxes with their message-waiting state, creating and changing a
// box (its greeting), a box's messages, a message's audio for the browser to play (audio/wav), and
// marking a message heard or deleting it. Messages are what VoicemailCalls left and screened
// (src/voicemail); everything is scoped to the principal's tenant, another tenant's box or message
// is simply not found.
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "http/api_routes.hpp"
#include "http/json_errors.hpp"
#include "http/voicemail_json.hpp"

namespace hotline::http {
namespace {

// The path's box id; anything that is not one is an unknown box.
Result<store::VoicemailBox> box_of(const ApiDeps& deps, RequestContext& context) {
  const std::string& id = context.params.at("id");
  auto not_found = Error::not_found("no voicemail box " + id);
  std::int64_t number = 0;
  std::istringstream in(id);
  if (!(in >> number) || !in.eof()) return not_found;
  auto box = deps.store.voicemail_boxes().get(context.principal->tenant_id, number);
  if (!box && box.error().code == ErrorCode::NotFound) return not_found;
  return box;
}

// The store names a taken name or extension by its unique columns ("tenant_id, name").
Error box_error(Error error) {
  if (error.code != ErrorCode::Conflict) return error;
  error.field = error.field.find("extension") != std::string::npos ? "extension" : "name";
  error.message = error.field == "extension" ? "another box takes this extension's unanswered calls"
                                             : "the tenant has a box of this name";
  return error;
}

ApiResponse list_boxes(const ApiDeps& deps, RequestContext& context) {
  store::TenantId tenant = context.principal->tenant_id;
  auto counts = deps.store.voicemail_messages().counts(tenant);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& box : deps.store.voicemail_boxes().list(tenant))
    items.push_back(voicemail_box_json(box, counts[box.id]));
  return json_response(200, {{"items", std::move(items)}});
}

ApiResponse box_response(const ApiDeps& deps, int status, store::TenantId tenant, std::int64_t id) {
  auto box = deps.store.voicemail_boxes().get(tenant, id);
  if (!box) return error_response(box.error());
  return json_response(status, voicemail_box_json(*box, deps.store.voicemail_messages().counts(tenant)[id]));
}

ApiResponse create_box(const ApiDeps& deps, RequestContext& context) {
  store::VoicemailBox box;
  box.tenant_id = context.principal->tenant_id;
  if (auto applied = apply_voicemail_box_fields(context.request.body, box); !applied)
    return error_response(applied.error());
  if (box.name.empty()) return error_response(Error::invalid("name", "name is required"));
  auto id = deps.store.voicemail_boxes().create(box);
  if (!id) return error_response(box_error(id.error()));
  return box_response(deps, 201, box.tenant_id, *id);
}

ApiResponse get_box(const ApiDeps& deps, RequestContext& context) {
  auto box = box_of(deps, context);
  if (!box) return error_response(box.error());
  return box_response(deps, 200, box->tenant_id, box->id);
}

ApiResponse update_box(const ApiDeps& deps, RequestContext& context) {
  auto box = box_of(deps, context);
  if (!box) return error_response(box.error());
  if (auto applied = apply_voicemail_box_fields(context.request.body, *box); !applied)
    return error_response(applied.error());
  box->updated_at = 0;  // stamped by the store
  if (auto updated = deps.store.voicemail_boxes().update(*box); !updated)
    return error_response(box_error(updated.error()));
  return box_response(deps, 200, box->tenant_id, box->id);
}

ApiResponse list_messages(const ApiDeps& deps, RequestContext& context) {
  auto box = box_of(deps, context);
  if (!box) return error_response(box.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& m : deps.store.voicemail_messages().list(box->tenant_id, box->id))
    items.push_back(voicemail_message_json(m));
  return json_response(200, {{"items", std::move(items)}});
}

Result<store::VoicemailMessage> message_of(const ApiDeps& deps, RequestContext& context) {
  const std::string& id = context.params.at("id");
  auto message = deps.store.voicemail_messages().get(context.principal->tenant_id, id);
  if (!message && message.error().code == ErrorCode::NotFound)
    return Error::not_found("no voicemail message " + id);
  return message;
}

ApiResponse message_audio(const ApiDeps& deps, RequestContext& context) {
  auto message = message_of(deps, context);
  if (!message) return error_response(message.error());
  std::ifstream in(deps.data_dir / message->recording_path, std::ios::binary);
  std::ostringstream wav;
  if (!(in && wav << in.rdbuf()))
    return error_response(
        Error::unavailable("the audio of voicemail message " + message->id + " cannot be read"));
  ApiResponse response{200, std::move(wav).str(), {}};
  response.headers.emplace_back("Content-Type", "audio/wav");
  response.headers.emplace_back("Content-Disposition",
                                "inline; filename=\"voicemail-" + message->id + ".wav\"");
  return response;
}

ApiResponse update_message(const ApiDeps& deps, RequestContext& context) {
  auto message = message_of(deps, context);  // another tenant's id is 404 whatever the body
  if (!message) return error_response(message.error());
  auto body = nlohmann::json::parse(context.request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object())
    return error_response(Error::invalid("body", "the body must be a JSON object {\"heard\": true|false}"));
  for (const auto& [name, value] : body.items()) {
    if (name != "heard") return error_response(Error::invalid(name, "unknown field " + name));
  }
  if (!body.contains("heard") || !body["heard"].is_boolean())
    return error_response(Error::invalid("heard", "heard must be true or false"));
  auto set =
      deps.store.voicemail_messages().set_heard(message->tenant_id, message->id, body["heard"].get<bool>(),
                                                deps.clock.now_ms(), context.principal->username);
  if (!set) return error_response(set.error());
  return json_response(
      200, voicemail_message_json(*deps.store.voicemail_messages().get(message->tenant_id, message->id)));
}

ApiResponse delete_message(const ApiDeps& deps, RequestContext& context) {
  auto message = message_of(deps, context);
  if (!message) return error_response(message.error());
  auto removed = deps.store.voicemail_messages().remove(message->tenant_id, message->id, deps.clock.now_ms());
  if (!removed) return error_response(removed.error());
  return {204, {}, {}};
}

}  // namespace

void add_voicemail_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/voicemail/boxes", true, "voicemail.read",
              [deps](RequestContext& c) { return list_boxes(deps, c); }});
  router.add({"POST", "/api/v1/voicemail/boxes", true, "voicemail.manage",
              [deps](RequestContext& c) { return create_box(deps, c); }});
  router.add({"GET", "/api/v1/voicemail/boxes/{id}", true, "voicemail.read",
              [deps](RequestContext& c) { return get_box(deps, c); }});
  router.add({"PATCH", "/api/v1/voicemail/boxes/{id}", true, "voicemail.manage",
              [deps](RequestContext& c) { return update_box(deps, c); }});
  router.add({"GET", "/api/v1/voicemail/boxes/{id}/messages", true, "voicemail.read",
              [deps](RequestContext& c) { return list_messages(deps, c); }});
  router.add({"GET", "/api/v1/voicemail/messages/{id}/audio", true, "voicemail.read",
              [deps](RequestContext& c) { return message_audio(deps, c); }, AuditKind::Always});
  router.add({"PATCH", "/api/v1/voicemail/messages/{id}", true, "voicemail.messages.write",
              [deps](RequestContext& c) { return update_message(deps, c); }});
  router.add({"DELETE", "/api/v1/voicemail/messages/{id}", true, "voicemail.messages.write",
              [deps](RequestContext& c) { return delete_message(deps, c); }});
}

}  // namespace hotline::http
