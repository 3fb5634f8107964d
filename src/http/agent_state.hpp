// The rules of changing an agent's state (ACD-2, ACD-9), shared by POST /api/v1/agents/{id}/state
// and the CTI WebSocket's agent.* commands, so that both read the same body, check reasons the
// same way and answer the agent as the live view shows it.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "acd/live_views.hpp"
#include "common/json_reader.hpp"
#include "http/api_routes.hpp"
#include "store/records.hpp"

namespace hotline::http {

// {"state": "logged_in" | "logged_out" | "ready" | "not_ready", "reason", "work_mode"}, read with
// `r` (so that a caller may read more fields first): the commands in the order the ACD applies
// them (work mode first, so "end_of_shift" + "not_ready" both hold).
std::vector<acd::AgentCommand> read_agent_commands(ObjectReader& r);

// With reasons defined (GET /api/v1/not-ready-reasons) a not-ready command names an enabled one's
// code; without any, the reason is free text.
void check_reason(const std::vector<store::NotReadyReason>& reasons,
                  const std::vector<acd::AgentCommand>& commands, ErrorList& errors);

// Checks the reasons, applies `commands` to `user` in order through the core loop, and answers the
// agent as it is then (200, the live view), or the first error (404 for a user in no queue).
ApiResponse apply_agent_commands(const ApiDeps& deps, const store::User& user,
                                 const std::vector<acd::AgentCommand>& commands);

}  // namespace hotline::http
