// The ACD as it runs (ACD-11, the wallboard): GET /api/v1/live/queues — each queue's figures and
// the callers in it — and GET /api/v1/live/agents — each agent's state, since when and why. Asked
// of the core loop; 503 when it does not answer in time. Scoped to the tenant.
#include <nlohmann/json.hpp>

#include "acd/types.hpp"
#include "http/api_routes.hpp"
#include "http/json_errors.hpp"

namespace hotline::http {
namespace {

template <typename T>
nlohmann::json optional_json(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json queued_call_json(const acd::QueuedCallView& call) {
  return {{"call_id", call.call_id},
          {"caller", call.caller},
          {"priority", call.priority},
          {"entered_at", call.entered_at},
          {"waited_ms", call.waited_ms},
          {"position", call.position == 0 ? nlohmann::json(nullptr) : nlohmann::json(call.position)},
          {"ringing", call.ringing},
          {"waiting_for", optional_json(call.waiting_for)}};
}

nlohmann::json queue_view_json(const acd::QueueView& queue) {
  const acd::QueueSnapshot& f = queue.figures;
  nlohmann::json calls = nlohmann::json::array();
  for (const auto& call : queue.calls) calls.push_back(queued_call_json(call));
  return {{"id", queue.id},
          {"name", queue.name},
          {"waiting", f.waiting},
          {"ringing", f.ringing},
          {"longest_wait_ms", f.longest_wait_ms},
          {"agents",
           {{"logged_in", f.logged_in_agents},
            {"ready", f.ready_agents},
            {"ringing", f.ringing_agents},
            {"talking", f.talking_agents},
            {"wrap_up", f.wrap_up_agents},
            {"not_ready", f.not_ready_agents}}},
          {"average_wait_ms", optional_json(f.average_wait_ms)},
          {"average_handle_ms", optional_json(f.average_handle_ms)},
          {"calls", std::move(calls)}};
}

nlohmann::json agent_view_json(const acd::AgentView& agent) {
  const acd::AgentSnapshot& s = agent.snapshot;
  return {{"user_id", agent.user_id},
          {"extension", agent.extension},
          {"phone_registered", agent.phone_registered},
          {"state", acd::to_string(s.state)},
          {"reason", s.reason},
          {"state_since", s.state_since == 0 ? nlohmann::json(nullptr) : nlohmann::json(s.state_since)},
          {"work_mode", acd::to_string(s.mode)},
          {"queues", s.queues},
          {"call_id", optional_json(agent.call_id)},
          {"wrap_up_until", optional_json(s.wrap_up_until)},
          {"not_ready_after_call", optional_json(s.not_ready_after_call)},
          {"calls_answered_today", s.calls_answered_today},
          {"talk_time_today_ms", s.talk_time_today_ms},
          {"consecutive_misses", s.consecutive_misses}};
}

ApiResponse live_queues(const ApiDeps& deps, RequestContext& context) {
  auto queues = deps.live.queues(context.principal->tenant_id);
  if (!queues) return error_response(queues.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& queue : *queues) items.push_back(queue_view_json(queue));
  return json_response(200, {{"items", std::move(items)}, {"at", deps.clock.now_ms()}});
}

ApiResponse live_agents(const ApiDeps& deps, RequestContext& context) {
  auto agents = deps.live.agents(context.principal->tenant_id);
  if (!agents) return error_response(agents.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& agent : *agents) items.push_back(agent_view_json(agent));
  return json_response(200, {{"items", std::move(items)}, {"at", deps.clock.now_ms()}});
}

}  // namespace

void add_live_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/live/queues", true, "live.read",
              [deps](RequestContext& c) { return live_queues(deps, c); }});
  router.add({"GET", "/api/v1/live/agents", true, "live.read",
              [deps](RequestContext& c) { return live_agents(deps, c); }});
}

}  // namespace hotline::http
