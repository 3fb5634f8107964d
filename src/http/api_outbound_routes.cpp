// Outbound routes (PBX-8): GET/POST /api/v1/outbound-routes, GET/PUT/DELETE
// /api/v1/outbound-routes/{id}. A route sends dialled numbers matching its pattern out on a trunk
// of the tenant, with digits stripped and prepended, in order of priority and cost, on its days
// and hours, showing the caller ID its rule makes. The fields are those of `hotline route add`.
// Changes reach the running dialplan at once: the next call out is routed by them. Scoped to the
// tenant.
#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "common/json_reader.hpp"
#include "common/local_time.hpp"
#include "http/api_routes.hpp"
#include "http/config_fields.hpp"
#include "http/json_errors.hpp"
#include "http/request_body.hpp"
#include "pbx/dialplan.hpp"
#include "pbx/outbound_rules.hpp"

namespace hotline::http {
namespace {

std::string hh_mm(int minute) {
  char text[8];
  std::snprintf(text, sizeof text, "%02d:%02d", (minute / 60) % 100, minute % 60);
  return text;
}

nlohmann::json route_json(const store::OutboundRoute& r, const std::map<std::int64_t, std::string>& trunks) {
  auto trunk = trunks.find(r.trunk_id);
  return {{"id", r.id},
          {"pattern", r.pattern},
          {"trunk_id", r.trunk_id},
          {"trunk_name", trunk == trunks.end() ? nlohmann::json(nullptr) : nlohmann::json(trunk->second)},
          {"priority", r.priority},
          {"strip_digits", r.strip_digits},
          {"prepend", r.prepend},
          {"cost_per_minute", r.cost_per_minute},
          {"days", pbx::days_to_string(r.open_days)},
          {"from", hh_mm(r.open_from_minute)},
          {"to", hh_mm(r.open_to_minute)},
          {"caller_id", pbx::to_string(pbx::caller_id_rule_of(r))},
          {"created_at", r.created_at}};
}

std::map<std::int64_t, std::string> trunk_names(const ApiDeps& deps, store::TenantId tenant) {
  std::map<std::int64_t, std::string> names;
  for (const auto& t : deps.store.trunks().list(tenant)) names[t.id] = t.name;
  return names;
}

Result<store::OutboundRoute> route_of(const ApiDeps& deps, const RequestContext& context) {
  Error not_found = Error::not_found("no outbound route " + context.params.at("id"));
  auto id = id_param(context, "id");
  if (!id) return not_found;
  auto route = deps.store.outbound_routes().get(context.principal->tenant_id, *id);
  if (!route && route.error().code == ErrorCode::NotFound) return not_found;
  return route;
}

bool is_dial_digits(const std::string& s) {
  return s.size() <= 32 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || c == '*' || c == '#' || c == '+';
         });
}

// days, from/to and caller_id: the CLI's notation, checked by the dialplan's own parsers.
void read_route_rules(ObjectReader& r, store::OutboundRoute& route) {
  if (auto days = r.string("days")) {
    if (auto parsed = pbx::parse_days(*days))
      route.open_days = *parsed;
    else
      r.error("days", parsed.error().message);
  }
  auto from = r.string("from");
  auto to = r.string("to");
  if (from.has_value() != to.has_value()) r.error(from ? "to" : "from", "from and to go together");
  std::optional<int> from_minute = from ? parse_hh_mm(*from) : std::nullopt;
  std::optional<int> to_minute = to ? parse_hh_mm(*to) : std::nullopt;
  if (from && !from_minute) r.error("from", "must be HH:MM, 00:00-24:00");
  if (to && !to_minute) r.error("to", "must be HH:MM, 00:00-24:00");
  if (from_minute && to_minute) {
    route.open_from_minute = *from_minute;
    route.open_to_minute = *to_minute;
  }
  if (auto caller_id = r.string("caller_id")) {
    if (auto rule = pbx::parse_caller_id_rule(*caller_id)) {
      std::string text = pbx::to_string(*rule);  // "keep", "fixed:NUMBER", "prefix:DIGITS"
      route.caller_id_mode = text.substr(0, text.find(':'));
      route.caller_id = rule->digits;
    } else {
      r.error("caller_id", rule.error().message);
    }
  }
}

void read_route_fields(const nlohmann::json& body, store::OutboundRoute& route, Need need,
                       ErrorList& errors) {
  ObjectReader r(body, "", errors);
  if (auto v = non_empty_string(r, "pattern", need)) {
    route.pattern = *v;
    if (!pbx::is_dial_pattern(*v)) r.error("pattern", "digits, * # +, X, N and a trailing '.'");
  }
  if (auto v = r.integer("trunk_id", 1, INT64_MAX, need)) route.trunk_id = *v;
  if (auto v = r.integer("priority", 0, 1'000'000)) route.priority = static_cast<int>(*v);
  if (auto v = r.integer("strip_digits", 0, 32)) route.strip_digits = static_cast<int>(*v);
  if (auto v = r.string("prepend")) {
    route.prepend = *v;
    if (!is_dial_digits(*v)) r.error("prepend", "digits, * # +, at most 32");
  }
  if (auto v = r.integer("cost_per_minute", 0, 1'000'000)) route.cost_per_minute = static_cast<int>(*v);
  read_route_rules(r, route);
  r.finish();
}

ApiResponse list_routes(const ApiDeps& deps, RequestContext& context) {
  store::TenantId tenant = context.principal->tenant_id;
  auto trunks = trunk_names(deps, tenant);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : deps.store.outbound_routes().list(tenant)) items.push_back(route_json(r, trunks));
  return json_response(200, {{"items", std::move(items)}});
}

ApiResponse get_route(const ApiDeps& deps, RequestContext& context) {
  auto route = route_of(deps, context);
  if (!route) return error_response(route.error());
  return json_response(200, route_json(*route, trunk_names(deps, route->tenant_id)));
}

ApiResponse save_route(const ApiDeps& deps, RequestContext& context, store::OutboundRoute route,
                       bool creating) {
  auto body = object_body(context.request);
  if (!body) return error_response(body.error());
  ErrorList errors;
  read_route_fields(*body, route, creating ? Need::Required : Need::Optional, errors);
  auto trunks = trunk_names(deps, route.tenant_id);
  if (route.trunk_id != 0 && !trunks.contains(route.trunk_id))
    errors.add("trunk_id", "no trunk " + std::to_string(route.trunk_id));
  if (!errors.empty()) return invalid_input_response(errors.take());
  Result<std::int64_t> id = route.id;
  if (creating) {
    id = deps.store.outbound_routes().create(route);
  } else if (auto updated = deps.store.outbound_routes().update(route); !updated) {
    id = updated.error();
  }
  if (!id) return error_response(id.error());
  apply_configuration(deps, route.tenant_id);
  route.id = *id;
  return json_response(creating ? 201 : 200, route_json(route, trunks));
}

ApiResponse create_route(const ApiDeps& deps, RequestContext& context) {
  store::OutboundRoute route;
  route.tenant_id = context.principal->tenant_id;
  route.created_at = deps.clock.now_ms();
  return save_route(deps, context, std::move(route), true);
}

ApiResponse update_route(const ApiDeps& deps, RequestContext& context) {
  auto route = route_of(deps, context);
  if (!route) return error_response(route.error());
  return save_route(deps, context, std::move(*route), false);
}

ApiResponse delete_route(const ApiDeps& deps, RequestContext& context) {
  return remove_configuration(deps, context, "outbound route", [&](store::TenantId tenant, std::int64_t id) {
    return deps.store.outbound_routes().remove(tenant, id);
  });
}

}  // namespace

void add_outbound_route_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/outbound-routes", true, "outbound_routes.read",
              [deps](RequestContext& c) { return list_routes(deps, c); }});
  router.add({"POST", "/api/v1/outbound-routes", true, "outbound_routes.write",
              [deps](RequestContext& c) { return create_route(deps, c); }});
  router.add({"GET", "/api/v1/outbound-routes/{id}", true, "outbound_routes.read",
              [deps](RequestContext& c) { return get_route(deps, c); }});
  router.add({"PUT", "/api/v1/outbound-routes/{id}", true, "outbound_routes.write",
              [deps](RequestContext& c) { return update_route(deps, c); }});
  router.add({"DELETE", "/api/v1/outbound-routes/{id}", true, "outbound_routes.write",
              [deps](RequestContext& c) { return delete_route(deps, c); }});
}

}  // namespace hotline::http
