#include "http/audit_query.hpp"

#include "http/call_query.hpp"

namespace hotline::http {
namespace {

std::optional<std::string> text_param(const QueryParams& params, const char* name) {
  auto it = params.find(name);
  if (it == params.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

Status parse_filters(const QueryParams& params, store::AuditQuery& query) {
  query.username = text_param(params, "user");
  query.action = text_param(params, "action");
  query.object_type = text_param(params, "object_type");
  query.object_id = text_param(params, "object_id");
  auto status = int_param(params, "status", 100, 599);
  if (!status) return status.error();
  query.status = *status;
  return ok_status();
}

}  // namespace

Result<store::AuditQuery> parse_audit_query(const QueryParams& params,
                                            std::optional<store::TenantId> tenant) {
  store::AuditQuery query;
  query.tenant_id = tenant;
  for (auto* step : {parse_time_range<store::AuditQuery>, parse_filters, parse_page<store::AuditQuery>}) {
    if (auto status = step(params, query); !status) return status.error();
  }
  return query;
}

}  // namespace hotline::http
