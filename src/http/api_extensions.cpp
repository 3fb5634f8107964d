// SIP extensions (ADM-2): GET/POST /api/v1/extensions and GET/PUT/DELETE /api/v1/extensions/{id}.
// The SIP password is write-only: only its digest HA1 values are stored, computed with the
// tenant's realm. A change reaches the registrar with the next request (the directory reloads).
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "app/passwords.hpp"
#include "app/provisioning.hpp"
#include "common/json_reader.hpp"
#include "http/api_routes.hpp"
#include "http/json_errors.hpp"
#include "http/request_body.hpp"

namespace hotline::http {
namespace {

nlohmann::json extension_json(const store::Extension& e, bool registered) {
  return {
      {"id", e.id},   {"extension", e.extension}, {"display_name", e.display_name}, {"enabled", e.enabled},
      {"dnd", e.dnd}, {"registered", registered}, {"created_at", e.created_at}};
}

std::set<std::string> registered_extensions(const ApiDeps& deps, store::TenantId tenant) {
  std::set<std::string> out;
  for (const auto& r : deps.store.registrations().list_unexpired(deps.clock.now_ms())) {
    if (r.tenant_id == tenant) out.insert(r.extension);
  }
  return out;
}

ApiResponse list_extensions(const ApiDeps& deps, RequestContext& context) {
  store::TenantId tenant = context.principal->tenant_id;
  auto registered = registered_extensions(deps, tenant);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& e : deps.store.extensions().list(tenant))
    items.push_back(extension_json(e, registered.contains(e.extension)));
  return json_response(200, {{"items", std::move(items)}});
}

Result<store::Extension> extension_of(const ApiDeps& deps, const RequestContext& context) {
  Error not_found = Error::not_found("no extension " + context.params.at("id"));
  auto id = id_param(context, "id");
  if (!id) return not_found;
  auto found = deps.store.extensions().get(context.principal->tenant_id, *id);
  if (!found && found.error().code == ErrorCode::NotFound) return not_found;
  return found;
}

ApiResponse get_extension(const ApiDeps& deps, RequestContext& context) {
  auto found = extension_of(deps, context);
  if (!found) return error_response(found.error());
  return json_response(
      200, extension_json(*found, registered_extensions(deps, found->tenant_id).contains(found->extension)));
}

Result<std::string> realm_of(const ApiDeps& deps, store::TenantId tenant) {
  auto found = deps.store.tenants().get(tenant);
  if (!found) return found.error();
  return found->sip_realm;
}

ApiResponse create_extension(const ApiDeps& deps, RequestContext& context) {
  auto body = object_body(context.request);
  if (!body) return error_response(body.error());
  ErrorList errors;
  ObjectReader r(*body, "", errors);
  auto number = r.string("extension", Need::Required);
  auto display_name = r.string("display_name");
  auto password = r.string("password", Need::Required);
  r.finish();
  if (!errors.empty()) return invalid_input_response(errors.take());
  store::TenantId tenant = context.principal->tenant_id;
  auto realm = realm_of(deps, tenant);
  if (!realm) return error_response(realm.error());
  auto created = app::create_extension(deps.store, deps.clock, tenant, *realm, *number,
                                       display_name.value_or(""), password);
  if (!created) return error_response(created.error());
  auto saved = deps.store.extensions().find(tenant, *number);
  if (!saved) return error_response(saved.error());
  apply_configuration(deps, tenant);
  return json_response(201, extension_json(*saved, false));
}

ApiResponse update_extension(const ApiDeps& deps, RequestContext& context) {
  auto found = extension_of(deps, context);
  if (!found) return error_response(found.error());
  auto body = object_body(context.request);
  if (!body) return error_response(body.error());
  ErrorList errors;
  ObjectReader r(*body, "", errors);
  if (auto display_name = r.string("display_name")) found->display_name = *display_name;
  if (auto enabled = r.boolean("enabled")) found->enabled = *enabled;
  auto password = r.string("password");
  if (password && password->size() < 8) r.error("password", "a SIP password needs at least 8 characters");
  r.finish();
  if (!errors.empty()) return invalid_input_response(errors.take());
  if (password) {
    auto realm = realm_of(deps, found->tenant_id);
    if (!realm) return error_response(realm.error());
    app::SipHa1 ha1 = app::sip_ha1(found->extension, *realm, *password);
    found->ha1_md5 = ha1.md5;
    found->ha1_sha256 = ha1.sha256;
  }
  if (auto saved = deps.store.extensions().update(*found); !saved) return error_response(saved.error());
  apply_configuration(deps, found->tenant_id);
  return json_response(
      200, extension_json(*found, registered_extensions(deps, found->tenant_id).contains(found->extension)));
}

ApiResponse remove_extension(const ApiDeps& deps, RequestContext& context) {
  return remove_configuration(deps, context, "extension", [&](store::TenantId tenant, std::int64_t id) {
    return deps.store.extensions().remove(tenant, id);
  });
}

}  // namespace

void add_extension_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/extensions", true, "extensions.read",
              [deps](RequestContext& c) { return list_extensions(deps, c); }});
  router.add({"POST", "/api/v1/extensions", true, "extensions.write",
              [deps](RequestContext& c) { return create_extension(deps, c); }});
  router.add({"GET", "/api/v1/extensions/{id}", true, "extensions.read",
              [deps](RequestContext& c) { return get_extension(deps, c); }});
  router.add({"PUT", "/api/v1/extensions/{id}", true, "extensions.write",
              [deps](RequestContext& c) { return update_extension(deps, c); }});
  router.add({"DELETE", "/api/v1/extensions/{id}", true, "extensions.write",
              [deps](RequestContext& c) { return remove_extension(deps, c); }});
}

}  // namespace hotline::http
