#include "http/audit_trail.hpp"

#include <nlohmann/json.hpp>

#include "app/audit_redaction.hpp"
#include "http/json_errors.hpp"

namespace hotline::http {
namespace {

constexpr std::string_view kApiPrefix = "/api/v1/";

// The name of the first `{param}` of the pattern, empty when it has none.
std::string first_param_name(const std::string& pattern) {
  auto open = pattern.find('{');
  if (open == std::string::npos) return {};
  auto close = pattern.find('}', open);
  return pattern.substr(open + 1, close - open - 1);
}

std::string object_id_of(const Route& route, const RequestContext& context,
                         const std::optional<std::string>& after) {
  std::string param = first_param_name(route.pattern);
  if (!param.empty()) {
    auto it = context.params.find(param);
    return it == context.params.end() ? std::string() : it->second;
  }
  if (!after) return {};
  // A POST that created something names it in its answer.
  auto body = nlohmann::json::parse(*after, nullptr, false);
  if (!body.is_object() || !body.contains("id")) return {};
  const auto& id = body["id"];
  return id.is_string() ? id.get<std::string>() : id.dump();
}

bool is_json(const ApiResponse& response) {
  for (const auto& [name, value] : response.headers)
    if (name == "Content-Type") return value.starts_with("application/json");
  return true;
}

void fill_who(store::AuditRecord& row, const RequestContext& context) {
  if (context.principal) {
    const app::Principal& who = *context.principal;
    row.tenant_id = who.tenant_id;
    row.user_id = who.user_id;
    row.username = who.username;
    row.role = who.role;
    return;
  }
  row.tenant_id = context.audit.tenant_id;
  row.user_id = context.audit.user_id;
  row.username = context.audit.username;
}

std::string detail_of(const RequestContext& context, const ApiResponse& response) {
  std::string detail = context.audit.detail.empty() ? error_message(response) : context.audit.detail;
  if (context.principal && context.principal->api_token_id) {
    std::string via = "via API token " + std::to_string(*context.principal->api_token_id);
    detail = detail.empty() ? via : detail + "; " + via;
  }
  return detail;
}

}  // namespace

std::string audit_object_type(const std::string& pattern) {
  if (!pattern.starts_with(kApiPrefix)) return pattern;
  std::string type;
  std::size_t start = kApiPrefix.size();
  while (start < pattern.size() && pattern[start] != '{') {
    std::size_t end = pattern.find('/', start);
    if (end == std::string::npos) end = pattern.size();
    type += (type.empty() ? "" : ".") + pattern.substr(start, end - start);
    start = end + 1;
  }
  return type;
}

bool AuditTrail::records(const Route& route) const {
  return route.method != "GET" || route.audit == AuditKind::Always;
}

const Route* AuditTrail::view_of(const Router& router, const Route& route) const {
  if (route.method != "PUT" && route.method != "PATCH" && route.method != "DELETE") return nullptr;
  return router.find("GET", route.pattern);  // /settings too, not only /things/{id}
}

std::optional<std::string> AuditTrail::snapshot(const Route& view, const RequestContext& context) const {
  ApiRequest get{"GET", context.request.target,        context.request.authorization, context.request.cookie,
                 "",    context.request.remote_address};
  RequestContext read{get, context.path, {}, context.params, context.principal, context.token, {}};
  ApiResponse answer = view.handler(read);
  if (answer.status != 200 || !is_json(answer)) return std::nullopt;
  return app::redact_secrets(answer.body);
}

void AuditTrail::record(const Route& route, const RequestContext& context, const ApiResponse& response,
                        const AuditSnapshots& snapshots) const {
  store::AuditRecord row;
  fill_who(row, context);
  row.at = clock_.now_ms();
  row.remote_address = context.request.remote_address;
  row.action = route.method + " " + route.pattern;
  row.object_type = audit_object_type(route.pattern);
  row.status = response.status;
  row.before_json = snapshots.before;
  row.after_json = snapshots.after;
  row.object_id = object_id_of(route, context, row.after_json);
  row.detail = detail_of(context, response);
  repo_.add_async(row);
}

}  // namespace hotline::http
