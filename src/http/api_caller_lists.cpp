// Caller lists (ACD-4, ACD-6): GET/POST /api/v1/caller-lists and DELETE /api/v1/caller-lists/{id}.
// A blacklisted number gets 486 before any media, a whitelisted one skips the IVR menu, a VIP is
// served first in queues; changes apply to the next call. Scoped to the tenant.
#include <nlohmann/json.hpp>

#include "common/json_reader.hpp"
#include "http/api_routes.hpp"
#include "http/json_errors.hpp"
#include "http/request_body.hpp"

namespace hotline::http {
namespace {

nlohmann::json entry_json(const store::CallerListEntry& e) {
  return {{"id", e.id},         {"kind", e.kind},
          {"number", e.number}, {"priority", e.priority},
          {"note", e.note},     {"created_at", e.created_at}};
}

bool is_list_kind(const std::string& kind) {
  return kind == "blacklist" || kind == "whitelist" || kind == "vip";
}

ApiResponse list_entries(const ApiDeps& deps, RequestContext& context) {
  auto kind = context.query.find("kind");
  if (kind != context.query.end() && !is_list_kind(kind->second))
    return error_response(Error::invalid("kind", "kind is blacklist, whitelist or vip"));
  nlohmann::json items = nlohmann::json::array();
  for (const auto& e : deps.store.caller_lists().list(context.principal->tenant_id)) {
    if (kind == context.query.end() || e.kind == kind->second) items.push_back(entry_json(e));
  }
  return json_response(200, {{"items", std::move(items)}});
}

ApiResponse add_entry(const ApiDeps& deps, RequestContext& context) {
  auto body = object_body(context.request);
  if (!body) return error_response(body.error());
  store::CallerListEntry entry;
  entry.tenant_id = context.principal->tenant_id;
  entry.created_at = deps.clock.now_ms();
  ErrorList errors;
  ObjectReader r(*body, "", errors);
  if (auto kind = r.string("kind", Need::Required)) {
    if (is_list_kind(*kind))
      entry.kind = *kind;
    else
      r.error("kind", "must be blacklist, whitelist or vip");
  }
  if (auto number = r.string("number", Need::Required)) entry.number = *number;
  if (auto priority = r.integer("priority", 0, 1000)) entry.priority = static_cast<int>(*priority);
  if (auto note = r.string("note")) entry.note = *note;
  r.finish();
  if (!errors.empty()) return invalid_input_response(errors.take());
  auto id = deps.store.caller_lists().add(entry);
  if (!id) return error_response(id.error());
  entry.id = *id;
  apply_configuration(deps, entry.tenant_id);
  return json_response(201, entry_json(entry));
}

ApiResponse remove_entry(const ApiDeps& deps, RequestContext& context) {
  return remove_configuration(
      deps, context, "caller list entry",
      [&](store::TenantId tenant, std::int64_t id) { return deps.store.caller_lists().remove(tenant, id); });
}

}  // namespace

void add_caller_list_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/caller-lists", true, "caller_lists.read",
              [deps](RequestContext& c) { return list_entries(deps, c); }});
  router.add({"POST", "/api/v1/caller-lists", true, "caller_lists.write",
              [deps](RequestContext& c) { return add_entry(deps, c); }});
  router.add({"DELETE", "/api/v1/caller-lists/{id}", true, "caller_lists.write",
              [deps](RequestContext& c) { return remove_entry(deps, c); }});
}

}  // namespace hotline::http
