// Numbers (ADM-2): DIDs and access numbers, GET/POST /api/v1/numbers, GET/PUT/DELETE
// /api/v1/numbers/{id}. A number sends its callers to a target the dialplan knows: an extension,
// several at once (ring_all), or a service the server answers itself (a published flow, a queue, a
// voicemail box, a conference room). The target must exist in the tenant. Changes reach the running
// dialplan at once: the next call to the number goes where it now says. Scoped to the tenant.
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/json_reader.hpp"
#include "http/api_routes.hpp"
#include "http/config_fields.hpp"
#include "http/json_errors.hpp"
#include "http/request_body.hpp"
#include "pbx/dialplan.hpp"

namespace hotline::http {
namespace {

constexpr const char* kTargetTypes = "extension, ring_all, flow, queue, voicemail or conference";

nlohmann::json number_json(const store::Number& n) {
  return {{"id", n.id},
          {"pattern", n.pattern},
          {"target_type", n.target_type},
          {"target", n.target},
          {"trunk_id", n.trunk_id ? nlohmann::json(*n.trunk_id) : nullptr},
          {"public", n.is_public},
          {"created_at", n.created_at}};
}

Result<store::Number> number_of(const ApiDeps& deps, const RequestContext& context) {
  Error not_found = Error::not_found("no number " + context.params.at("id"));
  auto id = id_param(context, "id");
  if (!id) return not_found;
  auto number = deps.store.numbers().get(context.principal->tenant_id, *id);
  if (!number && number.error().code == ErrorCode::NotFound) return not_found;
  return number;
}

void read_number_fields(const nlohmann::json& body, store::Number& n, Need need, ErrorList& errors) {
  ObjectReader r(body, "", errors);
  if (auto v = non_empty_string(r, "pattern", need)) {
    n.pattern = *v;
    if (!pbx::is_dial_pattern(*v)) r.error("pattern", "digits, * # +, X, N and a trailing '.'");
  }
  if (auto v = non_empty_string(r, "target_type", need)) n.target_type = *v;
  if (auto v = non_empty_string(r, "target", need)) n.target = *v;
  if (r.null("trunk_id")) {
    n.trunk_id.reset();
  } else if (auto v = r.integer("trunk_id", 1, INT64_MAX)) {
    n.trunk_id = *v;
  }
  if (auto v = r.boolean("public")) n.is_public = *v;  // anonymous SIP callers may reach it
  r.finish();
}

std::vector<std::string> split_extensions(const std::string& csv) {
  std::vector<std::string> out;
  std::stringstream items(csv);
  for (std::string item; std::getline(items, item, ',');) out.push_back(item);
  return out;
}

bool is_room_name(const std::string& name) {
  return name.size() <= 64 && std::all_of(name.begin(), name.end(), [](unsigned char c) {
           return std::isalnum(c) || c == '-' || c == '_' || c == '.';
         });
}

// Why `target` is no target of kind `type` in the tenant; empty when it is one.
std::string target_problem(const ApiDeps& deps, store::TenantId tenant, const std::string& type,
                           const std::string& target) {
  if (type == "extension" || type == "ring_all") {
    auto extensions = type == "extension" ? std::vector<std::string>{target} : split_extensions(target);
    for (const auto& e : extensions) {
      auto found = deps.store.extensions().find(tenant, e);
      if (!found || !found->enabled) return "no enabled extension '" + e + "'";
    }
    return {};
  }
  if (type == "flow")
    return deps.store.flows().published(tenant, target) ? "" : "no published flow named '" + target + "'";
  if (type == "queue")
    return deps.store.queues().find(tenant, target) ? "" : "no queue named '" + target + "'";
  if (type == "voicemail")
    return deps.store.voicemail_boxes().find(tenant, target) ? "" : "no voicemail box named '" + target + "'";
  if (type == "conference") return is_room_name(target) ? "" : "a room name: letters, digits, '-', '_', '.'";
  return {};
}

// What the store cannot check: the target and the trunk are the tenant's. Fields left empty by a
// reading error are not judged again.
void check_references(const ApiDeps& deps, const store::Number& n, ErrorList& errors) {
  bool known_type =
      n.target_type == "extension" || n.target_type == "ring_all" || pbx::is_service_target(n.target_type);
  if (!known_type && !n.target_type.empty()) {
    errors.add("target_type", std::string("must be ") + kTargetTypes);
  } else if (known_type && !n.target.empty()) {
    if (auto problem = target_problem(deps, n.tenant_id, n.target_type, n.target); !problem.empty())
      errors.add("target", problem);
  }
  if (n.trunk_id && !deps.store.trunks().get(n.tenant_id, *n.trunk_id))
    errors.add("trunk_id", "no trunk " + std::to_string(*n.trunk_id));
}

// Two numbers with the same pattern from the same trunks would make one of them unreachable.
Status check_pattern_free(const ApiDeps& deps, const store::Number& n) {
  for (const auto& other : deps.store.numbers().list(n.tenant_id)) {
    if (other.id != n.id && other.pattern == n.pattern && other.trunk_id == n.trunk_id)
      return Error{ErrorCode::Conflict,
                   "number " + other.pattern + " exists (id " + std::to_string(other.id) + ")", "pattern"};
  }
  return ok_status();
}

ApiResponse list_numbers(const ApiDeps& deps, RequestContext& context) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& n : deps.store.numbers().list(context.principal->tenant_id))
    items.push_back(number_json(n));
  return json_response(200, {{"items", std::move(items)}});
}

ApiResponse get_number(const ApiDeps& deps, RequestContext& context) {
  auto number = number_of(deps, context);
  if (!number) return error_response(number.error());
  return json_response(200, number_json(*number));
}

ApiResponse save_number(const ApiDeps& deps, RequestContext& context, store::Number number, bool creating) {
  auto body = object_body(context.request);
  if (!body) return error_response(body.error());
  ErrorList errors;
  read_number_fields(*body, number, creating ? Need::Required : Need::Optional, errors);
  check_references(deps, number, errors);
  if (!errors.empty()) return invalid_input_response(errors.take());
  if (auto free = check_pattern_free(deps, number); !free) return error_response(free.error());
  Result<std::int64_t> id = number.id;
  if (creating) {
    id = deps.store.numbers().create(number);
  } else if (auto updated = deps.store.numbers().update(number); !updated) {
    id = updated.error();
  }
  if (!id) return error_response(id.error());
  apply_configuration(deps, number.tenant_id);
  number.id = *id;
  return json_response(creating ? 201 : 200, number_json(number));
}

ApiResponse create_number(const ApiDeps& deps, RequestContext& context) {
  store::Number number;
  number.tenant_id = context.principal->tenant_id;
  number.created_at = deps.clock.now_ms();
  return save_number(deps, context, std::move(number), true);
}

ApiResponse update_number(const ApiDeps& deps, RequestContext& context) {
  auto number = number_of(deps, context);
  if (!number) return error_response(number.error());
  return save_number(deps, context, std::move(*number), false);
}

ApiResponse delete_number(const ApiDeps& deps, RequestContext& context) {
  return remove_configuration(deps, context, "number", [&](store::TenantId tenant, std::int64_t id) {
    return deps.store.numbers().remove(tenant, id);
  });
}

}  // namespace

void add_number_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/numbers", true, "numbers.read",
              [deps](RequestContext& c) { return list_numbers(deps, c); }});
  router.add({"POST", "/api/v1/numbers", true, "numbers.write",
              [deps](RequestContext& c) { return create_number(deps, c); }});
  router.add({"GET", "/api/v1/numbers/{id}", true, "numbers.read",
              [deps](RequestContext& c) { return get_number(deps, c); }});
  router.add({"PUT", "/api/v1/numbers/{id}", true, "numbers.write",
              [deps](RequestContext& c) { return update_number(deps, c); }});
  router.add({"DELETE", "/api/v1/numbers/{id}", true, "numbers.write",
              [deps](RequestContext& c) { return delete_number(deps, c); }});
}

}  // namespace hotline::http
