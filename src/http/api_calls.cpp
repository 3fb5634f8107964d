// GET /api/v1/calls and /api/v1/calls/{id}: the CDR list with filters and one call with its legs,
// recordings, timeline events and survey answers.
// POST /api/v1/calls/{id}/recording/pause and .../resume: silence the recording of a call in
// progress while the customer reads out a card number (REC-1), through the core loop.
// Everything is scoped to the principal's tenant; another tenant's call is simply not found. A
// role without calls.read.all (an agent) sees only the calls its own extension took part in.
#include <nlohmann/json.hpp>

#include "http/api_routes.hpp"
#include "http/call_json.hpp"
#include "http/call_query.hpp"
#include "http/json_errors.hpp"

namespace hotline::http {
namespace {

// Whose calls the principal reads: the tenant's with calls.read.all, else those its own
// extension took part in (none without one).
struct CallScope {
  bool all = true;
  std::optional<std::string> extension;
};

Result<CallScope> call_scope(const ApiDeps& deps, const app::Principal& principal) {
  if (deps.auth.allows(principal, "calls.read.all")) return CallScope{};
  auto user = deps.store.users().get(principal.tenant_id, principal.user_id);
  if (!user) return user.error();
  return CallScope{false, user->extension};
}

// NotFound unless the call is the tenant's and within the principal's scope.
Status require_visible(const ApiDeps& deps, const RequestContext& context, const std::string& id) {
  store::TenantId tenant = context.principal->tenant_id;
  auto scope = call_scope(deps, *context.principal);
  if (!scope) return scope.error();
  auto call = deps.store.calls().get(tenant, id);
  if (!call) return call.error().code == ErrorCode::NotFound ? Error::not_found("no call " + id) : call.error();
  if (scope->all) return ok_status();
  for (const auto& leg : deps.store.calls().legs(tenant, id)) {
    if (scope->extension && leg.endpoint == *scope->extension) return ok_status();
  }
  return Error::not_found("no call " + id);
}

ApiResponse list_calls(const ApiDeps& deps, RequestContext& context) {
  auto query = parse_call_query(context.query, context.principal->tenant_id);
  if (!query) return error_response(query.error());
  auto scope = call_scope(deps, *context.principal);
  if (!scope) return error_response(scope.error());
  if (!scope->all && !scope->extension) {
    return json_response(200, {{"items", nlohmann::json::array()}, {"total", 0}, {"limit", query->limit},
                               {"offset", query->offset}});
  }
  if (!scope->all) query->endpoint = scope->extension;
  nlohmann::json items = nlohmann::json::array();
  for (const auto& call : deps.store.calls().query(*query)) items.push_back(call_json(call));
  nlohmann::json body = {{"items", std::move(items)},
                         {"total", deps.store.calls().count(*query)},
                         {"limit", query->limit},
                         {"offset", query->offset}};
  return json_response(200, body);
}

ApiResponse get_call(const ApiDeps& deps, RequestContext& context) {
  const std::string& id = context.params.at("id");
  store::TenantId tenant = context.principal->tenant_id;
  if (auto visible = require_visible(deps, context, id); !visible) return error_response(visible.error());
  auto call = deps.store.calls().get(tenant, id);
  if (!call) return error_response(call.error());
  nlohmann::json body = call_json(*call);
  nlohmann::json legs = nlohmann::json::array();
  for (const auto& leg : deps.store.calls().legs(tenant, id)) legs.push_back(call_leg_json(leg));
  body["legs"] = std::move(legs);
  nlohmann::json recordings = nlohmann::json::array();
  for (const auto& r : deps.store.recordings().for_call(tenant, id)) recordings.push_back(recording_json(r));
  body["recordings"] = std::move(recordings);
  nlohmann::json events = nlohmann::json::array();
  for (const auto& e : deps.store.call_events().for_call(tenant, id)) events.push_back(call_event_json(e));
  body["events"] = std::move(events);
  nlohmann::json surveys = nlohmann::json::array();
  for (const auto& s : deps.store.surveys().for_call(tenant, id)) surveys.push_back(survey_json(s));
  body["surveys"] = std::move(surveys);
  return json_response(200, body);
}

ApiResponse set_recording_paused(const ApiDeps& deps, RequestContext& context, bool paused) {
  const std::string& id = context.params.at("id");
  store::TenantId tenant = context.principal->tenant_id;
  if (!deps.auth.allows(*context.principal, "calls.read.all")) {
    if (auto visible = require_visible(deps, context, id); !visible) return error_response(visible.error());
  }
  auto state = deps.live.set_recording_paused(tenant, id, paused, context.principal->username);
  if (!state) {
    if (state.error().code != ErrorCode::NotFound) return error_response(state.error());
    // Not in progress: a call of this tenant that is on record has ended; anything else is unknown.
    auto call = deps.store.calls().get(tenant, id);
    if (call) return error_response(Error::conflict("call " + id + " has ended"));
    if (call.error().code == ErrorCode::NotFound) return error_response(Error::not_found("no call " + id));
    return error_response(call.error());
  }
  return json_response(200, {{"call_id", id},
                             {"recording_id", state->recording_id},
                             {"paused", state->paused},
                             {"paused_ms", state->paused_ms}});
}

}  // namespace

void add_call_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/calls", true, "calls.read",
              [deps](RequestContext& c) { return list_calls(deps, c); }});
  router.add({"GET", "/api/v1/calls/{id}", true, "calls.read",
              [deps](RequestContext& c) { return get_call(deps, c); }});
  router.add({"POST", "/api/v1/calls/{id}/recording/pause", true, "calls.recording.pause",
              [deps](RequestContext& c) { return set_recording_paused(deps, c, true); }});
  router.add({"POST", "/api/v1/calls/{id}/recording/resume", true, "calls.recording.pause",
              [deps](RequestContext& c) { return set_recording_paused(deps, c, false); }});
}

}  // namespace hotline::http
