// The CTI WebSocket's commands (docs/cti.md): each names the capability it needs, which the
// RoleCatalog decides exactly as for a REST route (AuthService::allows: the role and, for an API
// token, its scopes), and answers as a REST handler does (an ApiResponse: the reply's result, or
// the error with its status). The agent-state commands go through the REST route's own code
// (agent_state.hpp); commands that change something are written to the audit log like any
// non-GET request ("WS agent.ready").
//
// Thread: the handler pool (commands block on the store and on the core loop).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cti/subscriber.hpp"
#include "http/api_routes.hpp"

namespace hotline::http {

// What a command runs with: the socket's user and phone (when it connected) and the arguments.
struct CtiContext {
  const ApiDeps& deps;
  const app::Principal& principal;
  const std::optional<std::string>& extension;
  cti::SubscriberId subscriber = 0;
  const nlohmann::json& args;
  std::string remote_address;
};

struct CtiCommand {
  std::string name;
  std::string capability;
  bool audited = true;  // it changes something
  ApiResponse (*run)(CtiContext& context);
};

const std::vector<CtiCommand>& cti_commands();

// The command `name` run for the context: 404 naming "cmd" for an unknown one, 403 without its
// capability, else its answer (an exception is a logged 500).
ApiResponse run_cti_command(CtiContext& context, std::string_view name);

// The names of the commands the principal may run, for its hello.
std::vector<std::string> allowed_cti_commands(const ApiDeps& deps, const app::Principal& principal);

}  // namespace hotline::http
