// The ACD as it runs (ACD-11, the wallboard): GET /api/v1/live/queues — each queue's figures and
// the callers in it — and GET /api/v1/live/agents — each agent's state, since when and why (with
// the names of the tenant's not-ready reason); and GET /api/v1/live/parked — the calls waiting in
// the parking lot (PBX-5). Asked of the core loop; 503 when it does not answer in time. Scoped to
// the tenant.
#include <nlohmann/json.hpp>

#include "cti/acd_json.hpp"
#include "cti/event_json.hpp"
#include "http/api_routes.hpp"
#include "http/json_errors.hpp"

namespace hotline::http {
namespace {

ApiResponse live_queues(const ApiDeps& deps, RequestContext& context) {
  auto queues = deps.live.queues(context.principal->tenant_id);
  if (!queues) return error_response(queues.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& queue : *queues) items.push_back(cti::queue_view_json(queue));
  return json_response(200, {{"items", std::move(items)}, {"at", deps.clock.now_ms()}});
}

ApiResponse live_agents(const ApiDeps& deps, RequestContext& context) {
  auto agents = deps.live.agents(context.principal->tenant_id);
  if (!agents) return error_response(agents.error());
  nlohmann::json items = nlohmann::json::array();
  auto reasons = deps.store.not_ready_reasons().list(context.principal->tenant_id);
  for (const auto& agent : *agents) items.push_back(cti::agent_view_json(agent, reasons));
  return json_response(200, {{"items", std::move(items)}, {"at", deps.clock.now_ms()}});
}

ApiResponse live_parked(const ApiDeps& deps, RequestContext& context) {
  auto parked = deps.live.parked_calls(context.principal->tenant_id);
  if (!parked) return error_response(parked.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& call : *parked) items.push_back(cti::parked_call_json(call));
  return json_response(200, {{"items", std::move(items)}, {"at", deps.clock.now_ms()}});
}

}  // namespace

void add_live_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/live/queues", true, "live.read",
              [deps](RequestContext& c) { return live_queues(deps, c); }});
  router.add({"GET", "/api/v1/live/agents", true, "live.read",
              [deps](RequestContext& c) { return live_agents(deps, c); }});
  router.add({"GET", "/api/v1/live/parked", true, "live.read",
              [deps](RequestContext& c) { return live_parked(deps, c); }});
}

}  // namespace hotline::http
