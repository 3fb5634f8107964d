// Not-ready (away) reasons (ACD-9): GET/POST /api/v1/not-ready-reasons, GET/PUT/DELETE
// /api/v1/not-ready-reasons/{id}. Agents pick from the enabled ones when they go not ready; once a
// tenant has any, POST /api/v1/agents/{id}/state takes only their codes (api_agents.cpp).
// Agents already away keep their reason when it changes. Scoped to the tenant.
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

nlohmann::json reason_json(const store::NotReadyReason& r) {
  return {{"id", r.id},
          {"code", r.code},
          {"name_zh", r.name_zh},
          {"name_en", r.name_en},
          {"productive", r.productive},
          {"max_minutes", r.max_minutes ? nlohmann::json(*r.max_minutes) : nullptr},
          {"enabled", r.enabled},
          {"sort_order", r.sort_order},
          {"created_at", r.created_at}};
}

Result<store::NotReadyReason> reason_of(const ApiDeps& deps, const RequestContext& context) {
  Error not_found = Error::not_found("no not-ready reason " + context.params.at("id"));
  auto id = id_param(context, "id");
  if (!id) return not_found;
  auto reason = deps.store.not_ready_reasons().get(context.principal->tenant_id, *id);
  if (!reason && reason.error().code == ErrorCode::NotFound) return not_found;
  return reason;
}

// A code travels in state commands, logs and reports: short and plain.
bool is_code(const std::string& code) {
  return code.size() <= 32 && std::all_of(code.begin(), code.end(), [](unsigned char c) {
           return std::isalnum(c) || c == '_' || c == '-';
         });
}

void read_reason_fields(const nlohmann::json& body, store::NotReadyReason& reason, Need need,
                        ErrorList& errors) {
  ObjectReader r(body, "", errors);
  if (auto v = non_empty_string(r, "code", need)) {
    reason.code = *v;
    if (!is_code(*v)) r.error("code", "letters, digits, '_' and '-', at most 32");
  }
  if (auto v = non_empty_string(r, "name_zh", need)) reason.name_zh = *v;
  if (auto v = r.string("name_en")) reason.name_en = *v;
  if (auto v = r.boolean("productive")) reason.productive = *v;
  if (body.contains("max_minutes") && body["max_minutes"].is_null()) {  // null: no limit
    r.get("max_minutes");
    reason.max_minutes.reset();
  } else if (auto v = r.integer("max_minutes", 1, 24 * 60)) {
    reason.max_minutes = static_cast<int>(*v);
  }
  if (auto v = r.boolean("enabled")) reason.enabled = *v;
  if (auto v = r.integer("sort_order", -1'000'000, 1'000'000)) reason.sort_order = static_cast<int>(*v);
  r.finish();
}

ApiResponse list_reasons(const ApiDeps& deps, RequestContext& context) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : deps.store.not_ready_reasons().list(context.principal->tenant_id))
    items.push_back(reason_json(r));
  return json_response(200, {{"items", std::move(items)}});
}

ApiResponse get_reason(const ApiDeps& deps, RequestContext& context) {
  auto reason = reason_of(deps, context);
  if (!reason) return error_response(reason.error());
  return json_response(200, reason_json(*reason));
}

ApiResponse save_reason(const ApiDeps& deps, RequestContext& context, store::NotReadyReason reason,
                        bool creating) {
  auto body = object_body(context.request);
  if (!body) return error_response(body.error());
  ErrorList errors;
  read_reason_fields(*body, reason, creating ? Need::Required : Need::Optional, errors);
  if (!errors.empty()) return invalid_input_response(errors.take());
  Result<std::int64_t> id = reason.id;
  if (creating) {
    id = deps.store.not_ready_reasons().create(reason);
  } else if (auto updated = deps.store.not_ready_reasons().update(reason); !updated) {
    id = updated.error();
  }
  if (!id) return error_response(conflict_as(id.error(), "code", "the tenant has a reason with this code"));
  reason.id = *id;
  return json_response(creating ? 201 : 200, reason_json(reason));
}

ApiResponse create_reason(const ApiDeps& deps, RequestContext& context) {
  store::NotReadyReason reason;
  reason.tenant_id = context.principal->tenant_id;
  reason.created_at = deps.clock.now_ms();
  return save_reason(deps, context, std::move(reason), true);
}

ApiResponse update_reason(const ApiDeps& deps, RequestContext& context) {
  auto reason = reason_of(deps, context);
  if (!reason) return error_response(reason.error());
  return save_reason(deps, context, std::move(*reason), false);
}

ApiResponse delete_reason(const ApiDeps& deps, RequestContext& context) {
  return remove_configuration(deps, context, "not-ready reason",
                              [&](store::TenantId tenant, std::int64_t id) {
                                return deps.store.not_ready_reasons().remove(tenant, id);
                              });
}

}  // namespace

void add_not_ready_reason_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/not-ready-reasons", true, "reasons.read",
              [deps](RequestContext& c) { return list_reasons(deps, c); }});
  router.add({"POST", "/api/v1/not-ready-reasons", true, "reasons.write",
              [deps](RequestContext& c) { return create_reason(deps, c); }});
  router.add({"GET", "/api/v1/not-ready-reasons/{id}", true, "reasons.read",
              [deps](RequestContext& c) { return get_reason(deps, c); }});
  router.add({"PUT", "/api/v1/not-ready-reasons/{id}", true, "reasons.write",
              [deps](RequestContext& c) { return update_reason(deps, c); }});
  router.add({"DELETE", "/api/v1/not-ready-reasons/{id}", true, "reasons.write",
              [deps](RequestContext& c) { return delete_reason(deps, c); }});
}

}  // namespace hotline::http
