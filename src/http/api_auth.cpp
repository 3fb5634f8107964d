// POST /api/v1/auth/login and /api/v1/auth/logout: sessions for API clients (bearer token in the
// body) and the web app (the same token in an HttpOnly cookie); login throttling answers 429;
// POST /api/v1/auth/password changes the signed-in user's password. A logout also closes the CTI
// WebSockets opened with the session.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/json_reader.hpp"
#include "cti/event_hub.hpp"
#include "http/api_routes.hpp"
#include "http/json_errors.hpp"
#include "http/request_body.hpp"
#include "http/session_token.hpp"

namespace hotline::http {
namespace {

using app::LoginBlock;

struct Credentials {
  std::string username;
  std::string password;
  bool cookie = true;  // "cookie": false — a page that keeps the token itself wants no cookie
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
  auto cookie = body.find("cookie");
  if (cookie != body.end() && !cookie->is_boolean())
    return Error::invalid("cookie", "cookie must be true or false");
  return Credentials{std::move(*username), std::move(*password), cookie == body.end() || cookie->get<bool>()};
}

nlohmann::json user_json(const app::Principal& user) {
  return {
      {"id", user.user_id}, {"username", user.username}, {"role", user.role}, {"tenant_id", user.tenant_id}};
}

// 429 with Retry-After for a locked account or a throttled address; the code says which.
ApiResponse refused_for_lock(const LoginBlock& block, UnixMs now) {
  bool locked = block.reason == LoginBlock::Reason::AccountLocked;
  std::int64_t retry_after_s = std::max<std::int64_t>(1, (block.until - now + 999) / 1000);
  nlohmann::json body = {{"error",
                          {{"code", locked ? "account_locked" : "too_many_attempts"},
                           {"message", locked ? "the account is locked after too many wrong passwords"
                                              : "too many failed logins from this address"},
                           {"retry_at", block.until}}}};
  ApiResponse response = json_response(429, body);
  response.headers.emplace_back("Retry-After", std::to_string(retry_after_s));
  return response;
}

ApiResponse refused(const ApiDeps& deps, RequestContext& context, const app::LoginRefusal& refusal) {
  context.audit = {refusal.username, refusal.tenant_id, refusal.user_id, ""};
  switch (refusal.block.reason) {
    case LoginBlock::Reason::None:
      context.audit.detail = "wrong username or password";
      return unauthenticated_response("invalid username or password");
    case LoginBlock::Reason::AccountLocked:
      context.audit.detail = "account locked until " + std::to_string(refusal.block.until);
      break;
    case LoginBlock::Reason::AddressThrottled:
      context.audit.detail = "address throttled until " + std::to_string(refusal.block.until);
      break;
  }
  return refused_for_lock(refusal.block, deps.clock.now_ms());
}

ApiResponse login(const ApiDeps& deps, RequestContext& context) {
  auto credentials = parse_credentials(context.request.body);
  if (!credentials) return error_response(credentials.error());
  context.audit.username = credentials->username;
  app::LoginOutcome outcome =
      deps.auth.attempt_login(credentials->username, credentials->password, context.request.remote_address);
  if (auto* error = std::get_if<Error>(&outcome)) return error_response(*error);
  if (auto* refusal = std::get_if<app::LoginRefusal>(&outcome)) return refused(deps, context, *refusal);
  auto& session = std::get<app::LoginResult>(outcome);
  context.principal = session.principal;  // the audit row names who signed in
  nlohmann::json body = {
      {"token", session.token}, {"expires_at", session.expires_at}, {"user", user_json(session.principal)}};
  ApiResponse response = json_response(200, body);
  if (credentials->cookie) response.headers.emplace_back("Set-Cookie", session_cookie(session.token));
  return response;
}

// POST /api/v1/auth/password: {"current_password", "new_password"}; the other sessions end.
ApiResponse change_password(const ApiDeps& deps, RequestContext& context) {
  auto body = object_body(context.request);
  if (!body) return error_response(body.error());
  ErrorList errors;
  ObjectReader r(*body, "", errors);
  auto current = r.string("current_password", Need::Required);
  auto replacement = r.string("new_password", Need::Required);
  r.finish();
  if (!errors.empty()) return invalid_input_response(errors.take());
  Status changed = deps.auth.change_password(*context.principal, *current, *replacement, context.token,
                                             context.request.remote_address);
  if (!changed) return error_response(changed.error());
  return ApiResponse{204, {}, {}};
}

// Who the session belongs to and what it may do: the web app shows only what the role allows.
ApiResponse me(const ApiDeps& deps, RequestContext& context) {
  const app::Principal& principal = *context.principal;
  auto user = deps.store.users().get(principal.tenant_id, principal.user_id);
  if (!user) return error_response(user.error());
  auto tenant = deps.store.tenants().get(principal.tenant_id);  // its name for the app's header
  nlohmann::json body = {
      {"user",
       {{"id", user->id},
        {"username", user->username},
        {"display_name", user->display_name},
        {"role", user->role},
        {"extension", user->extension ? nlohmann::json(*user->extension) : nlohmann::json()},
        {"tenant_id", user->tenant_id},
        {"tenant_name", tenant ? nlohmann::json(tenant->name) : nlohmann::json()}}},
      {"capabilities", deps.auth.capabilities(principal)}};
  return json_response(200, body);
}

ApiResponse logout(const ApiDeps& deps, RequestContext& context) {
  auto status = deps.auth.logout(context.token);
  if (!status) return error_response(status.error());
  if (deps.cti_hub) deps.cti_hub->end_sessions(context.token, "logged out");  // its WebSockets end too
  ApiResponse response{204, {}, {}};
  response.headers.emplace_back("Set-Cookie", expired_session_cookie());
  return response;
}

}  // namespace

void add_auth_routes(Router& router, const ApiDeps& deps) {
  router.add({"POST", "/api/v1/auth/login", false, "", [deps](RequestContext& c) { return login(deps, c); }});
  router.add(
      {"GET", "/api/v1/auth/me", true, "auth.self", [deps](RequestContext& c) { return me(deps, c); }});
  router.add({"POST", "/api/v1/auth/logout", true, "auth.logout",
              [deps](RequestContext& c) { return logout(deps, c); }});
  router.add({"POST", "/api/v1/auth/password", true, "auth.self",
              [deps](RequestContext& c) { return change_password(deps, c); }});
}

}  // namespace hotline::http
