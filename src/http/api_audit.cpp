// GET /api/v1/audit: the audit log (audit_trail.hpp writes it), newest first. A tenant admin reads
// its tenant's rows; the platform operator every tenant's, and the rows no tenant is known for.
#include <nlohmann/json.hpp>

#include "common/json_values.hpp"
#include "http/api_routes.hpp"
#include "http/audit_query.hpp"
#include "http/json_errors.hpp"

namespace hotline::http {
namespace {

// The bodies are stored as JSON text; they are answered as JSON, not as strings.
nlohmann::json stored_json(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  auto value = nlohmann::json::parse(*text, nullptr, false);
  return value.is_discarded() ? nlohmann::json(*text) : value;
}

nlohmann::json audit_json(const store::AuditRecord& row) {
  return {{"id", row.id},
          {"tenant_id", or_null(row.tenant_id)},
          {"at", row.at},
          {"user_id", or_null(row.user_id)},
          {"username", row.username},
          {"role", row.role},
          {"remote_address", row.remote_address},
          {"action", row.action},
          {"object_type", row.object_type},
          {"object_id", row.object_id},
          {"status", row.status},
          {"before", stored_json(row.before_json)},
          {"after", stored_json(row.after_json)},
          {"detail", row.detail}};
}

std::optional<store::TenantId> audit_scope(const app::Principal& principal) {
  if (principal.role == "platform_operator") return std::nullopt;
  return principal.tenant_id;
}

ApiResponse list_audit(const ApiDeps& deps, RequestContext& context) {
  auto query = parse_audit_query(context.query, audit_scope(*context.principal));
  if (!query) return error_response(query.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& row : deps.store.audit().query(*query)) items.push_back(audit_json(row));
  return json_response(200, {{"items", items},
                             {"total", deps.store.audit().count(*query)},
                             {"limit", query->limit},
                             {"offset", query->offset}});
}

}  // namespace

void add_audit_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/audit", true, "audit.read",
              [deps](RequestContext& c) { return list_audit(deps, c); }});
}

}  // namespace hotline::http
