// SIP trunks (ADM-2): GET/POST /api/v1/trunks, GET/PUT/DELETE /api/v1/trunks/{id}. The password is
// write-only: never answered, kept when a PUT leaves it out. The SIP layer recognises a trunk by
// the address its requests come from, so two trunks may not share host and port. Changes reach the
// running directory at once (the next call from or to the trunk sees them). Scoped to the tenant.
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "common/json_reader.hpp"
#include "http/api_routes.hpp"
#include "http/config_fields.hpp"
#include "http/json_errors.hpp"
#include "http/request_body.hpp"

namespace hotline::http {
namespace {

nlohmann::json trunk_json(const store::Trunk& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"host", t.host},
          {"port", t.port},
          {"transport", t.transport},
          {"username", t.username ? nlohmann::json(*t.username) : nullptr},
          {"has_password", t.password.has_value() && !t.password->empty()},
          {"enabled", t.enabled},
          {"created_at", t.created_at}};
}

Result<store::Trunk> trunk_of(const ApiDeps& deps, const RequestContext& context) {
  Error not_found = Error::not_found("no trunk " + context.params.at("id"));
  auto id = id_param(context, "id");
  if (!id) return not_found;
  auto trunk = deps.store.trunks().get(context.principal->tenant_id, *id);
  if (!trunk && trunk.error().code == ErrorCode::NotFound) return not_found;
  return trunk;
}

// A host name or an IPv4 address: what the SIP layer sends to and matches requests' sources with.
bool is_host(const std::string& host) {
  return !host.empty() && host.size() <= 253 && std::all_of(host.begin(), host.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '-';
  });
}

void read_trunk_fields(const nlohmann::json& body, store::Trunk& t, Need need, ErrorList& errors) {
  ObjectReader r(body, "", errors);
  if (auto v = non_empty_string(r, "name", need)) t.name = *v;
  if (auto v = non_empty_string(r, "host", need)) {
    t.host = *v;
    if (!is_host(*v)) r.error("host", "must be an IP address or host name");
  }
  if (auto v = r.integer("port", 1, 65535)) t.port = static_cast<int>(*v);
  if (auto v = r.string("transport")) {
    t.transport = *v;
    if (*v != "udp" && *v != "tcp") r.error("transport", "must be udp or tcp");
  }
  read_nullable_string(r, body, "username", t.username);
  read_nullable_string(r, body, "password", t.password);  // absent: kept as it is
  if (auto v = r.boolean("enabled")) t.enabled = *v;
  r.finish();
}

// Requests are matched to a trunk by their source address, whichever tenant it belongs to.
Status check_address_free(const ApiDeps& deps, const store::Trunk& t) {
  for (const auto& other : deps.store.trunks().list_all()) {
    if (other.id != t.id && other.host == t.host && other.port == t.port)
      return Error{ErrorCode::Conflict,
                   "another trunk is at " + t.host + ":" + std::to_string(t.port) +
                       "; requests from there could not be told apart",
                   "host"};
  }
  return ok_status();
}

ApiResponse list_trunks(const ApiDeps& deps, RequestContext& context) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& t : deps.store.trunks().list(context.principal->tenant_id)) items.push_back(trunk_json(t));
  return json_response(200, {{"items", std::move(items)}});
}

ApiResponse get_trunk(const ApiDeps& deps, RequestContext& context) {
  auto trunk = trunk_of(deps, context);
  if (!trunk) return error_response(trunk.error());
  return json_response(200, trunk_json(*trunk));
}

ApiResponse save_trunk(const ApiDeps& deps, RequestContext& context, store::Trunk trunk, bool creating) {
  auto body = object_body(context.request);
  if (!body) return error_response(body.error());
  ErrorList errors;
  read_trunk_fields(*body, trunk, creating ? Need::Required : Need::Optional, errors);
  if (!errors.empty()) return invalid_input_response(errors.take());
  if (auto free = check_address_free(deps, trunk); !free) return error_response(free.error());
  Result<std::int64_t> id = trunk.id;
  if (creating) {
    id = deps.store.trunks().create(trunk);
  } else if (auto updated = deps.store.trunks().update(trunk); !updated) {
    id = updated.error();
  }
  if (!id) return error_response(conflict_as(id.error(), "name", "the tenant has a trunk of this name"));
  apply_configuration(deps, trunk.tenant_id);
  auto saved = deps.store.trunks().get(trunk.tenant_id, *id);
  if (!saved) return error_response(saved.error());
  return json_response(creating ? 201 : 200, trunk_json(*saved));
}

ApiResponse create_trunk(const ApiDeps& deps, RequestContext& context) {
  store::Trunk trunk;
  trunk.tenant_id = context.principal->tenant_id;
  trunk.created_at = deps.clock.now_ms();
  return save_trunk(deps, context, std::move(trunk), true);
}

ApiResponse update_trunk(const ApiDeps& deps, RequestContext& context) {
  auto trunk = trunk_of(deps, context);
  if (!trunk) return error_response(trunk.error());
  return save_trunk(deps, context, std::move(*trunk), false);
}

// Refused while a number or an outbound route uses the trunk.
ApiResponse delete_trunk(const ApiDeps& deps, RequestContext& context) {
  auto trunk = trunk_of(deps, context);
  if (!trunk) return error_response(trunk.error());
  store::TenantId tenant = trunk->tenant_id;
  for (const auto& number : deps.store.numbers().list(tenant)) {
    if (number.trunk_id == trunk->id)
      return error_response(
          Error::conflict("number " + number.pattern + " is reached through trunk " + trunk->name));
  }
  for (const auto& route : deps.store.outbound_routes().list(tenant)) {
    if (route.trunk_id == trunk->id)
      return error_response(Error::conflict("outbound route " + std::to_string(route.id) + " (" +
                                            route.pattern + ") uses trunk " + trunk->name));
  }
  return remove_configuration(deps, context, "trunk", [&](store::TenantId owner, std::int64_t id) {
    return deps.store.trunks().remove(owner, id);
  });
}

}  // namespace

void add_trunk_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/trunks", true, "trunks.read",
              [deps](RequestContext& c) { return list_trunks(deps, c); }});
  router.add({"POST", "/api/v1/trunks", true, "trunks.write",
              [deps](RequestContext& c) { return create_trunk(deps, c); }});
  router.add({"GET", "/api/v1/trunks/{id}", true, "trunks.read",
              [deps](RequestContext& c) { return get_trunk(deps, c); }});
  router.add({"PUT", "/api/v1/trunks/{id}", true, "trunks.write",
              [deps](RequestContext& c) { return update_trunk(deps, c); }});
  router.add({"DELETE", "/api/v1/trunks/{id}", true, "trunks.write",
              [deps](RequestContext& c) { return delete_trunk(deps, c); }});
}

}  // namespace hotline::http
