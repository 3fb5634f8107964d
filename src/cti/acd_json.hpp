// The ACD's live views as the API shows them (GET /api/v1/live/..., an agent after a state
// command) and as the CTI WebSocket sends them (agent.state, queue.update, hello):
// acd::QueueView and acd::AgentView → JSON, one shape for both.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "acd/live_views.hpp"
#include "store/records.hpp"

namespace hotline::cti {

nlohmann::json queue_view_json(const acd::QueueView& queue);
// `reasons`: the tenant's not-ready reasons, whose names go with the agent's reason code
// ("reason_name_zh", "reason_name_en"; null when the reason is none of them).
nlohmann::json agent_view_json(const acd::AgentView& agent,
                               const std::vector<store::NotReadyReason>& reasons);

}  // namespace hotline::cti
