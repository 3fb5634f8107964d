// Roles (ADM-1): GET/POST /api/v1/roles, PUT/DELETE /api/v1/roles/{name} and
// GET /api/v1/capabilities. A tenant admin makes its own roles from the capabilities a tenant may
// grant, never more than it holds itself; the built-in roles are listed but cannot be changed. A
// change applies to its users' next request and, for dialling rights, their next call.
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "app/roles.hpp"
#include "common/json_reader.hpp"
#include "http/api_routes.hpp"
#include "http/json_errors.hpp"
#include "http/request_body.hpp"

namespace hotline::http {
namespace {

nlohmann::json role_json(const app::RoleView& role) {
  return {{"name", role.name}, {"builtin", role.builtin}, {"capabilities", role.capabilities}};
}

bool valid_role_name(const std::string& name) {
  if (name.empty() || name.size() > 40) return false;
  return std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::islower(c) != 0 || std::isdigit(c) != 0 || c == '_' || c == '-';
  });
}

// The body's capabilities, each one a tenant may grant and the acting user holds.
std::vector<std::string> read_capabilities(const ApiDeps& deps, const app::Principal& actor, ObjectReader& r) {
  std::vector<std::string> out;
  const nlohmann::json* list = r.array("capabilities", Need::Required);
  if (list == nullptr) return out;
  const auto& grantable = app::tenant_capabilities();
  for (std::size_t i = 0; i < list->size(); ++i) {
    std::string field = "capabilities." + std::to_string(i);
    const auto& item = (*list)[i];
    if (!item.is_string()) {
      r.errors().add(field, "must be a capability name");
    } else if (std::find(grantable.begin(), grantable.end(), item.get<std::string>()) == grantable.end()) {
      r.errors().add(field, "no capability '" + item.get<std::string>() + "' (GET /api/v1/capabilities)");
    } else if (!deps.auth.allows(actor, item.get<std::string>())) {
      r.errors().add(field, "you do not have " + item.get<std::string>() + " yourself");
    } else {
      out.push_back(item.get<std::string>());
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

ApiResponse list_roles(const ApiDeps& deps, RequestContext& context) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& role : deps.auth.roles().roles(context.principal->tenant_id)) items.push_back(role_json(role));
  return json_response(200, {{"items", std::move(items)}});
}

ApiResponse list_capabilities(const ApiDeps&, RequestContext&) {
  return json_response(200, {{"items", app::tenant_capabilities()}});
}

// Conflict for a built-in role, NotFound for one the tenant does not have.
Status check_own_role(const ApiDeps& deps, const RequestContext& context, const std::string& name) {
  if (app::is_builtin_role(name))
    return Error{ErrorCode::Conflict, "the built-in role " + name + " cannot be changed", "name"};
  if (!deps.auth.roles().exists(context.principal->tenant_id, name)) return Error::not_found("no role " + name);
  return ok_status();
}

ApiResponse create_role(const ApiDeps& deps, RequestContext& context) {
  auto body = object_body(context.request);
  if (!body) return error_response(body.error());
  ErrorList errors;
  ObjectReader r(*body, "", errors);
  store::Role role;
  role.tenant_id = context.principal->tenant_id;
  role.created_at = deps.clock.now_ms();
  if (auto name = r.string("name", Need::Required)) {
    role.name = *name;
    if (!valid_role_name(role.name)) r.error("name", "name must be 1-40 lower-case letters, digits, '_' or '-'");
  }
  role.capabilities = read_capabilities(deps, *context.principal, r);
  r.finish();
  if (!errors.empty()) return invalid_input_response(errors.take());
  if (app::is_builtin_role(role.name))
    return error_response(Error{ErrorCode::Conflict, "name " + role.name + " is a built-in role", "name"});
  auto id = deps.store.roles().create(role);
  if (!id) return error_response(id.error());
  deps.auth.roles().reload(role.tenant_id);
  return json_response(201, role_json({role.name, false, role.capabilities}));
}

ApiResponse update_role(const ApiDeps& deps, RequestContext& context) {
  const std::string& name = context.params.at("name");
  if (auto own = check_own_role(deps, context, name); !own) return error_response(own.error());
  auto body = object_body(context.request);
  if (!body) return error_response(body.error());
  ErrorList errors;
  ObjectReader r(*body, "", errors);
  store::Role role{0, context.principal->tenant_id, name, read_capabilities(deps, *context.principal, r), 0};
  r.finish();
  if (!errors.empty()) return invalid_input_response(errors.take());
  if (auto saved = deps.store.roles().update(role); !saved) return error_response(saved.error());
  deps.auth.roles().reload(role.tenant_id);
  apply_configuration(deps, role.tenant_id);  // what its users' extensions may dial
  return json_response(200, role_json({role.name, false, role.capabilities}));
}

ApiResponse remove_role(const ApiDeps& deps, RequestContext& context) {
  const std::string& name = context.params.at("name");
  if (auto own = check_own_role(deps, context, name); !own) return error_response(own.error());
  if (auto removed = deps.store.roles().remove(context.principal->tenant_id, name); !removed)
    return error_response(removed.error());
  deps.auth.roles().reload(context.principal->tenant_id);
  return ApiResponse{204, {}, {}};
}

}  // namespace

void add_role_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/roles", true, "roles.read", [deps](RequestContext& c) { return list_roles(deps, c); }});
  router.add({"POST", "/api/v1/roles", true, "roles.write",
              [deps](RequestContext& c) { return create_role(deps, c); }});
  router.add({"PUT", "/api/v1/roles/{name}", true, "roles.write",
              [deps](RequestContext& c) { return update_role(deps, c); }});
  router.add({"DELETE", "/api/v1/roles/{name}", true, "roles.write",
              [deps](RequestContext& c) { return remove_role(deps, c); }});
  router.add({"GET", "/api/v1/capabilities", true, "roles.read",
              [deps](RequestContext& c) { return list_capabilities(deps, c); }});
}

}  // namespace hotline::http
