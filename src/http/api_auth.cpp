// POST /api/v1/auth/login and /api/v1/auth/logout: sessions for API clients (bearer token in the
// body) and the web app (the same token in an HttpOnly cookie).
#include <nlohmann/json.hpp>

#include "http/api_routes.hpp"
#include "http/json_errors.hpp"
#include "http/session_token.hpp"

namespace hotline::http {
namespace {

struct Credentials {
  std::string username;
  std::string password;
};

Result<std::string> string_field(const nlohmann::json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end()) return Error::invalid(name, std::string(name) + " is required");
  if (!it->is_string()) return Error::invalid(name, std::string(name) + " must be a string");
  if (it->get_ref<const std::string&>().empty()) return Error::invalid(name, std::string(name) + " is empty");
  return it->get<std::string>();
}

Result<Credentials> parse_credentials(const std::string& text) {
  auto body = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return Error::invalid("body", "the body must be a JSON object {\"username\", \"password\"}");
  }
  auto username = string_field(body, "username");
  if (!username) return username.error();
  auto password = string_field(body, "password");
  if (!password) return password.error();
  return Credentials{std::move(*username), std::move(*password)};
}

ApiResponse login(const ApiDeps& deps, RequestContext& context) {
  auto credentials = parse_credentials(context.request.body);
  if (!credentials) return error_response(credentials.error());
  auto session = deps.auth.login(credentials->username, credentials->password);
  if (!session) {
    if (session.error().code == ErrorCode::Unauthenticated)
      return unauthenticated_response(session.error().message);
    return error_response(session.error());
  }
  const app::Principal& user = session->principal;
  nlohmann::json body = {{"token", session->token},
                         {"expires_at", session->expires_at},
                         {"user",
                          {{"id", user.user_id},
                           {"username", user.username},
                           {"role", user.role},
                           {"tenant_id", user.tenant_id}}}};
  ApiResponse response = json_response(200, body);
  response.headers.emplace_back("Set-Cookie", session_cookie(session->token));
  return response;
}

// Who the session belongs to and what it may do: the web app shows only what the role allows.
ApiResponse me(const ApiDeps& deps, RequestContext& context) {
  const app::Principal& principal = *context.principal;
  auto user = deps.store.users().get(principal.tenant_id, principal.user_id);
  if (!user) return error_response(user.error());
  nlohmann::json body = {{"user",
                          {{"id", user->id},
                           {"username", user->username},
                           {"display_name", user->display_name},
                           {"role", user->role},
                           {"extension", user->extension ? nlohmann::json(*user->extension) : nlohmann::json()},
                           {"tenant_id", user->tenant_id}}},
                         {"capabilities", deps.auth.roles().capabilities(principal.tenant_id, principal.role)}};
  return json_response(200, body);
}

ApiResponse logout(const ApiDeps& deps, RequestContext& context) {
  auto status = deps.auth.logout(context.token);
  if (!status) return error_response(status.error());
  ApiResponse response{204, {}, {}};
  response.headers.emplace_back("Set-Cookie", expired_session_cookie());
  return response;
}

}  // namespace

void add_auth_routes(Router& router, const ApiDeps& deps) {
  router.add({"POST", "/api/v1/auth/login", false, "", [deps](RequestContext& c) { return login(deps, c); }});
  router.add({"GET", "/api/v1/auth/me", true, "auth.self", [deps](RequestContext& c) { return me(deps, c); }});
  router.add({"POST", "/api/v1/auth/logout", true, "auth.logout",
              [deps](RequestContext& c) { return logout(deps, c); }});
}

}  // namespace hotline::http
