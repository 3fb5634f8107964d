// Roles and what they may do (ADM-1): a role grants named capabilities ("calls.read",
// "queues.write", ...) and every API route names the one it needs (http/router.hpp). These are
// the built-in roles of a contact center; a tenant's own roles are in the store and RoleCatalog
// (app/role_catalog.hpp) answers for both. A role grants within the user's own tenant only: the
// repositories scope every query by it.
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

// Whether `role` is built in (the demo's "admin" alias included).
bool is_builtin_role(std::string_view role);

// What every role grants: a user may see who it is and log out.
const std::vector<std::string>& signed_in_capabilities();

// What a tenant's own roles may grant: everything a tenant admin has, nothing of the platform's.
const std::vector<std::string>& tenant_capabilities();

// Whether the built-in `role` grants `capability`; an unknown role grants nothing.
bool role_allows(std::string_view role, std::string_view capability);

// Every capability the built-in `role` grants, sorted; empty for an unknown role.
std::vector<std::string> role_capabilities(std::string_view role);

}  // namespace hotline::app
