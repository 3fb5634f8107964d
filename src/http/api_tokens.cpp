// GET, POST /api/v1/auth/tokens and DELETE /api/v1/auth/tokens/{id}: the signed-in user's API
// tokens for integrations (app/api_tokens.hpp). The secret is in the POST answer only.
#include "app/api_tokens.hpp"

#include <nlohmann/json.hpp>

#include "common/json_reader.hpp"
#include "http/api_routes.hpp"
#include "http/json_errors.hpp"
#include "http/request_body.hpp"

namespace hotline::http {
namespace {

nlohmann::json optional_ms(const std::optional<UnixMs>& at) {
  return at ? nlohmann::json(*at) : nlohmann::json();
}

nlohmann::json token_json(const store::ApiToken& token) {
  return {{"id", token.id},
          {"name", token.name},
          {"scopes", token.scopes},
          {"created_at", token.created_at},
          {"expires_at", optional_ms(token.expires_at)},
          {"last_used_at", optional_ms(token.last_used_at)}};
}

std::vector<std::string> read_scopes(ObjectReader& r) {
  std::vector<std::string> scopes;
  const nlohmann::json* list = r.array("scopes", Need::Required);
  if (!list) return scopes;
  for (const auto& scope : *list) {
    if (!scope.is_string()) {
      r.error("scopes", "scopes must be a list of capability names");
      return {};
    }
    scopes.push_back(scope.get<std::string>());
  }
  return scopes;
}

Result<app::ApiTokenRequest> read_request(const ApiRequest& request) {
  auto body = object_body(request);
  if (!body) return body.error();
  ErrorList errors;
  ObjectReader r(*body, "", errors);
  app::ApiTokenRequest parsed;
  parsed.name = r.string("name", Need::Required).value_or("");
  parsed.scopes = read_scopes(r);
  if (auto days = r.integer("expires_in_days", 1, app::kMaxApiTokenDays))
    parsed.expires_in_days = static_cast<int>(*days);
  r.finish();
  if (!errors.empty()) return errors.take().front();
  return parsed;
}

ApiResponse list_tokens(const ApiDeps& deps, RequestContext& context) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& token : app::ApiTokens(deps.store, deps.clock, deps.auth.roles()).list(*context.principal))
    items.push_back(token_json(token));
  return json_response(200, {{"items", items}});
}

ApiResponse create_token(const ApiDeps& deps, RequestContext& context) {
  auto request = read_request(context.request);
  if (!request) return error_response(request.error());
  auto created = app::ApiTokens(deps.store, deps.clock, deps.auth.roles()).create(*context.principal, *request);
  if (!created) return error_response(created.error());
  nlohmann::json body = token_json(created->token);
  body["token"] = created->secret;
  return json_response(201, body);
}

ApiResponse revoke_token(const ApiDeps& deps, RequestContext& context) {
  auto id = id_param(context, "id");
  Status revoked = id ? app::ApiTokens(deps.store, deps.clock, deps.auth.roles()).revoke(*context.principal, *id)
                      : Status(Error::not_found(""));
  if (!revoked) {
    if (revoked.error().code == ErrorCode::NotFound)
      return error_response(Error::not_found("no API token " + context.params.at("id")));
    return error_response(revoked.error());
  }
  return ApiResponse{204, {}, {}};
}

}  // namespace

void add_api_token_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/auth/tokens", true, "auth.tokens",
              [deps](RequestContext& c) { return list_tokens(deps, c); }});
  router.add({"POST", "/api/v1/auth/tokens", true, "auth.tokens",
              [deps](RequestContext& c) { return create_token(deps, c); }});
  router.add({"DELETE", "/api/v1/auth/tokens/{id}", true, "auth.tokens",
              [deps](RequestContext& c) { return revoke_token(deps, c); }});
}

}  // namespace hotline::http
