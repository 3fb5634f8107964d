#include "http/agent_state.hpp"

#include <algorithm>
#include <optional>

#include "cti/acd_json.hpp"
#include "http/json_errors.hpp"

namespace hotline::http {
namespace {

std::optional<acd::WorkMode> work_mode_of(const std::string& name) {
  for (auto mode : {acd::WorkMode::Normal, acd::WorkMode::OutboundOnly, acd::WorkMode::Supervisor,
                    acd::WorkMode::EndOfShift}) {
    if (name == acd::to_string(mode)) return mode;
  }
  return std::nullopt;
}

}  // namespace

std::vector<acd::AgentCommand> read_agent_commands(ObjectReader& r) {
  using Kind = acd::AgentCommand::Kind;
  std::vector<acd::AgentCommand> commands;
  if (auto mode = r.string("work_mode")) {
    if (auto known = work_mode_of(*mode))
      commands.push_back({Kind::SetWorkMode, {}, *known});
    else
      r.error("work_mode", "must be normal, outbound_only, supervisor or end_of_shift");
  }
  auto reason = r.string("reason");
  if (auto state = r.string("state")) {
    if (*state == "logged_in") {
      commands.push_back({Kind::LogIn});
    } else if (*state == "logged_out") {
      commands.push_back({Kind::LogOut});
    } else if (*state == "ready") {
      commands.push_back({Kind::Ready});
    } else if (*state == "not_ready") {
      if (!reason || reason->empty()) r.error("reason", "a not ready agent needs a reason");
      commands.push_back({Kind::NotReady, reason.value_or("")});
    } else {
      r.error("state", "must be logged_in, logged_out, ready or not_ready");
    }
  }
  return commands;
}

void check_reason(const std::vector<store::NotReadyReason>& reasons,
                  const std::vector<acd::AgentCommand>& commands, ErrorList& errors) {
  if (reasons.empty()) return;
  std::string codes;
  for (const auto& r : reasons) {
    if (r.enabled) codes += (codes.empty() ? "" : ", ") + r.code;
  }
  for (const auto& command : commands) {
    if (command.kind != acd::AgentCommand::Kind::NotReady) continue;
    bool known = std::any_of(reasons.begin(), reasons.end(),
                             [&](const auto& r) { return r.enabled && r.code == command.reason; });
    if (!known) errors.add("reason", "'" + command.reason + "' is not one of the tenant's reasons: " + codes);
  }
}

ApiResponse apply_agent_commands(const ApiDeps& deps, const store::User& user,
                                 const std::vector<acd::AgentCommand>& commands) {
  auto reasons = deps.store.not_ready_reasons().list(user.tenant_id);
  ErrorList errors;
  check_reason(reasons, commands, errors);
  if (!errors.empty()) return invalid_input_response(errors.take());
  for (const auto& command : commands) {
    if (auto done = deps.live.command_agent(user.tenant_id, user.id, command); !done) {
      Error error = done.error();
      if (error.code == ErrorCode::NotFound)
        error.message = "agent " + std::to_string(user.id) + " is in no queue";
      return error_response(error);
    }
  }
  auto agents = deps.live.agents(user.tenant_id);
  if (!agents) return error_response(agents.error());
  for (const auto& agent : *agents) {
    if (agent.user_id == user.id) return json_response(200, cti::agent_view_json(agent, reasons));
  }
  return error_response(Error::not_found("agent " + std::to_string(user.id) + " is in no queue"));
}

}  // namespace hotline::http
