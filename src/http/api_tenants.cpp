// Tenants, for the platform operator (TEN-1, TEN-2): GET/POST /api/v1/tenants and GET/PUT
// /api/v1/tenants/{id}. A new tenant comes with its first tenant admin; its seats (how many agents
// may be logged in at once) change live: the ACD refuses logins beyond them from the next one on.
#include <nlohmann/json.hpp>

#include "app/provisioning.hpp"
#include "common/json_reader.hpp"
#include "http/api_routes.hpp"
#include "http/json_errors.hpp"
#include "http/request_body.hpp"

namespace hotline::http {
namespace {

constexpr std::int64_t kMaxSeats = 100000;

nlohmann::json tenant_json(const store::Tenant& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"sip_realm", t.sip_realm},
          {"seats", t.seats ? nlohmann::json(*t.seats) : nlohmann::json()},
          {"is_default", t.is_default},
          {"created_at", t.created_at}};
}

// `seats`: a number, or null for no limit; absent leaves `seats` as it is.
void read_seats(ObjectReader& r, std::optional<int>& seats) {
  if (r.null("seats")) {
    seats.reset();
    return;
  }
  const nlohmann::json* value = r.get("seats");
  if (value == nullptr) return;
  if (value->is_number_integer() && value->get<std::int64_t>() >= 0 && value->get<std::int64_t>() <= kMaxSeats) {
    seats = value->get<int>();
  } else {
    r.error("seats", "seats must be an integer from 0 to 100000, or null for no limit");
  }
}

ApiResponse list_tenants(const ApiDeps& deps, RequestContext&) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& tenant : deps.store.tenants().list()) items.push_back(tenant_json(tenant));
  return json_response(200, {{"items", std::move(items)}});
}

Result<store::Tenant> tenant_of(const ApiDeps& deps, const RequestContext& context) {
  Error not_found = Error::not_found("no tenant " + context.params.at("id"));
  auto id = id_param(context, "id");
  if (!id) return not_found;
  auto found = deps.store.tenants().get(*id);
  if (!found && found.error().code == ErrorCode::NotFound) return not_found;
  return found;
}

ApiResponse get_tenant(const ApiDeps& deps, RequestContext& context) {
  auto found = tenant_of(deps, context);
  if (!found) return error_response(found.error());
  return json_response(200, tenant_json(*found));
}

void read_admin(ObjectReader& r, app::TenantAccount& account) {
  const nlohmann::json* admin = r.object("admin", Need::Required);
  if (admin == nullptr) return;
  ObjectReader a(*admin, r.field("admin"), r.errors());
  if (auto username = a.string("username", Need::Required)) account.admin_username = *username;
  if (auto password = a.string("password", Need::Required)) {
    account.admin_password = *password;
    if (password->size() < 8) a.error("password", "a password needs at least 8 characters");
  }
  a.finish();
}

ApiResponse create_tenant(const ApiDeps& deps, RequestContext& context) {
  auto body = object_body(context.request);
  if (!body) return error_response(body.error());
  ErrorList errors;
  ObjectReader r(*body, "", errors);
  app::TenantAccount account;
  if (auto name = r.string("name", Need::Required)) account.name = *name;
  if (auto realm = r.string("sip_realm", Need::Required)) account.sip_realm = *realm;
  read_seats(r, account.seats);
  read_admin(r, account);
  r.finish();
  if (!errors.empty()) return invalid_input_response(errors.take());
  auto id = app::provision_tenant(deps.store, deps.clock, account);
  if (!id) return error_response(id.error());
  auto created = deps.store.tenants().get(*id);
  if (!created) return error_response(created.error());
  deps.auth.roles().reload(*id);
  apply_configuration(deps, *id);
  return json_response(201, tenant_json(*created));
}

ApiResponse update_tenant(const ApiDeps& deps, RequestContext& context) {
  auto found = tenant_of(deps, context);
  if (!found) return error_response(found.error());
  auto body = object_body(context.request);
  if (!body) return error_response(body.error());
  ErrorList errors;
  ObjectReader r(*body, "", errors);
  if (auto name = r.string("name")) found->name = *name;
  read_seats(r, found->seats);
  r.finish();
  if (!errors.empty()) return invalid_input_response(errors.take());
  if (auto saved = deps.store.tenants().update_account(*found); !saved) return error_response(saved.error());
  apply_configuration(deps, found->id);
  return json_response(200, tenant_json(*found));
}

}  // namespace

void add_tenant_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/tenants", true, "tenants.read",
              [deps](RequestContext& c) { return list_tenants(deps, c); }});
  router.add({"POST", "/api/v1/tenants", true, "tenants.write",
              [deps](RequestContext& c) { return create_tenant(deps, c); }});
  router.add({"GET", "/api/v1/tenants/{id}", true, "tenants.read",
              [deps](RequestContext& c) { return get_tenant(deps, c); }});
  router.add({"PUT", "/api/v1/tenants/{id}", true, "tenants.write",
              [deps](RequestContext& c) { return update_tenant(deps, c); }});
}

}  // namespace hotline::http
