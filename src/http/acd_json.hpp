// The ACD's live views as the API shows them (GET /api/v1/live/..., an agent after a state
// command): acd::QueueView and acd::AgentView → JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "acd/live_views.hpp"
#include "store/records.hpp"

namespace hotline::http {

nlohmann::json queue_view_json(const acd::QueueView& queue);
// `reasons`: the tenant's not-ready reasons, whose names go with the agent's reason code
// ("reason_name_zh", "reason_name_en"; null when the reason is none of them).
nlohmann::json agent_view_json(const acd::AgentView& agent,
                               const std::vector<store::NotReadyReason>& reasons);

}  // namespace hotline::http
