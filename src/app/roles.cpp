#include "app/roles.hpp"

#include <map>
#include <set>

namespace hotline::app {
namespace {

using Capabilities = std::set<std::string, std::less<>>;

Capabilities operator+(Capabilities a, const Capabilities& b) {
  a.insert(b.begin(), b.end());
  return a;
}

// Who does what on a hotline: agents take calls and see their queues; team leaders run a group
// (agents' states and skills, what the group sees) and listen to, whisper to or barge into its
// calls from their phone (SUP-1); quality inspectors listen to (also live) and score calls;
// department handlers see the calls handed to them; managers also shape the service (lists,
// holidays, prompts, music on hold), read the telephony configuration, may give integrations
// API tokens and may dial international and premium-rate numbers from their extension (toll-fraud
// rules); tenant admins configure everything of their tenant and read its audit log. Whoever sets
// an agent's state reads the not-ready reasons to pick from. The platform operator runs the
// installation across tenants: tenants, their seats, database backups, every tenant's audit log,
// SIP source-address bans.
const Capabilities& signed_in_set() {
  static const Capabilities kSignedIn = {"auth.logout", "auth.self"};
  return kSignedIn;
}

std::map<std::string, Capabilities, std::less<>> build_table() {
  const Capabilities& signed_in = signed_in_set();
  // calls.read alone is the calls the user's extension took part in; calls.read.all is the
  // tenant's. agents.state.self is one's own state; agents.state.write anyone's.
  // calls.control is one's own calls from the desktop (hang up); messages.send is a supervisor's
  // text to agents' desktops (CTI). todos.self is one's own to-dos and their reminders.
  const Capabilities agent =
      signed_in + Capabilities{"calls.read",        "calls.recording.pause", "live.read",
                               "reasons.read",      "voicemail.read",        "voicemail.messages.write",
                               "agents.state.self", "calls.control",         "todos.self"};
  const Capabilities team_leader =
      agent + Capabilities{"agents.read",  "agents.state.write", "agents.write",      "queues.read",
                           "skills.read",  "flows.read",         "caller_lists.read", "holidays.read",
                           "surveys.read", "registrations.read", "calls.read.all",    "prompts.read",
                           "moh.read",     "calls.listen",       "calls.whisper",     "calls.barge",
                           "messages.send"};
  const Capabilities quality_inspector =
      signed_in + Capabilities{"calls.read",     "calls.read.all", "surveys.read",
                               "voicemail.read", "calls.listen",   "todos.self"};
  const Capabilities department_handler = signed_in + Capabilities{"calls.read", "todos.self"};
  const Capabilities manager = team_leader + Capabilities{"caller_lists.write",
                                                          "holidays.write",
                                                          "voicemail.manage",
                                                          "trunks.read",
                                                          "numbers.read",
                                                          "outbound_routes.read",
                                                          "settings.read",
                                                          "users.read",
                                                          "extensions.read",
                                                          "prompts.write",
                                                          "moh.write",
                                                          "auth.tokens",
                                                          "calls.dial.international",
                                                          "calls.dial.premium"};
  const Capabilities tenant_admin =
      manager + Capabilities{"flows.write",           "flows.publish", "queues.write",
                             "skills.write",          "trunks.write",  "numbers.write",
                             "outbound_routes.write", "reasons.write", "settings.write",
                             "users.write",           "roles.read",    "roles.write",
                             "extensions.write",      "audit.read"};
  // The platform operator reads every tenant's audit log (api_audit.cpp widens the scope).
  const Capabilities platform_operator =
      signed_in + Capabilities{"tenants.read", "tenants.write", "system.backup", "auth.tokens",
                               "audit.read",   "security.read", "security.write"};
  return {{"agent", agent},
          {"team_leader", team_leader},
          {"quality_inspector", quality_inspector},
          {"department_handler", department_handler},
          {"manager", manager},
          {"tenant_admin", tenant_admin},
          {"admin", tenant_admin},
          {"platform_operator", platform_operator}};
}

const std::map<std::string, Capabilities, std::less<>>& table() {
  static const auto kTable = build_table();
  return kTable;
}

}  // namespace

const std::vector<std::string>& builtin_roles() {
  static const std::vector<std::string> kRoles = {
      "agent",   "team_leader",  "quality_inspector", "department_handler",
      "manager", "tenant_admin", "platform_operator"};
  return kRoles;
}

const std::vector<std::string>& signed_in_capabilities() {
  static const std::vector<std::string> kCapabilities(signed_in_set().begin(), signed_in_set().end());
  return kCapabilities;
}

const std::vector<std::string>& tenant_capabilities() {
  static const std::vector<std::string> kCapabilities = role_capabilities("tenant_admin");
  return kCapabilities;
}

bool is_builtin_role(std::string_view role) { return table().contains(role); }

bool role_allows(std::string_view role, std::string_view capability) {
  auto it = table().find(role);
  return it != table().end() && it->second.contains(capability);
}

std::vector<std::string> role_capabilities(std::string_view role) {
  auto it = table().find(role);
  if (it == table().end()) return {};
  return {it->second.begin(), it->second.end()};
}

}  // namespace hotline::app
