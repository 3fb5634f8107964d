// GET /api/v1/calls and /api/v1/calls/{id}: the CDR list with filters and one call with its legs.
// Every read is scoped to the principal's tenant; another tenant's call is simply not found.
#include <nlohmann/json.hpp>

#include "http/api_routes.hpp"
#include "http/call_json.hpp"
#include "http/call_query.hpp"
#include "http/json_errors.hpp"

namespace hotline::http {
namespace {

ApiResponse list_calls(const ApiDeps& deps, RequestContext& context) {
  auto query = parse_call_query(context.query, context.principal->tenant_id);
  if (!query) return error_response(query.error());
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
  auto call = deps.store.calls().get(tenant, id);
  if (!call) {
    if (call.error().code == ErrorCode::NotFound) return error_response(Error::not_found("no call " + id));
    return error_response(call.error());
  }
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
  return json_response(200, body);
}

}  // namespace

void add_call_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/calls", true, "calls.read",
              [deps](RequestContext& c) { return list_calls(deps, c); }});
  router.add({"GET", "/api/v1/calls/{id}", true, "calls.read",
              [deps](RequestContext& c) { return get_call(deps, c); }});
}

}  // namespace hotline::http
