// Roles and what they may do (ADM-1): a role grants named capabilities ("calls.read",
// "queues.write", ...) and every API route names the one it needs (http/router.hpp). These are
// the built-in roles of a contact center; custom roles a tenant admin defines come with the
// administration console. A role grants within the user's own tenant only: the repositories scope
// every query by it.
//
// Thread: any (the table is built once, then read-only).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hotline::app {

// agent, team_leader (班长), quality_inspector, department_handler, manager, tenant_admin and
// platform_operator. The demo's "admin" is a tenant_admin.
const std::vector<std::string>& builtin_roles();

// Whether `role` grants `capability`; an unknown role grants nothing.
bool role_allows(std::string_view role, std::string_view capability);

// Every capability `role` grants, sorted; empty for an unknown role.
std::vector<std::string> role_capabilities(std::string_view role);

}  // namespace hotline::app
