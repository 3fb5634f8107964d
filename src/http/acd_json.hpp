// The ACD's live views as the API shows them (GET /api/v1/live/..., an agent after a state
// command): acd::QueueView and acd::AgentView → JSON.
#pragma once

#include <nlohmann/json.hpp>

#include "acd/live_views.hpp"

namespace hotline::http {

nlohmann::json queue_view_json(const acd::QueueView& queue);
nlohmann::json agent_view_json(const acd::AgentView& agent);

}  // namespace hotline::http
