#include "http/api_dispatcher.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <utility>

#include "app/audit_redaction.hpp"
#include "http/json_errors.hpp"
#include "http/session_token.hpp"
#include "http/url.hpp"

namespace hotline::http {
namespace {

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

ApiResponse method_not_allowed(const RequestContext& context, const std::vector<std::string>& allowed) {
  ApiResponse response = error_response(
      405, Error::invalid("method", context.request.method + " is not allowed on " + context.path));
  response.headers.emplace_back("Allow", join(allowed, ", "));
  return response;
}

}  // namespace

ApiDispatcher::ApiDispatcher(Router router, app::AuthService& auth, CapabilityCheck check)
    : router_(std::move(router)), auth_(auth), check_(std::move(check)) {
  if (!check_) {
    check_ = [&auth](const app::Principal& principal, const std::string& capability) {
      return auth.allows(principal, capability);
    };
  }
}

ApiDispatcher::ApiDispatcher(Router router, app::AuthService& auth, const AuditTrail& audit,
                             CapabilityCheck check)
    : ApiDispatcher(std::move(router), auth, std::move(check)) {
  audit_ = &audit;
}

ApiResponse ApiDispatcher::handle(const ApiRequest& request) const {
  RequestContext context{request, {}, {}, {}, {}, {}, {}};
  TargetParts target = split_target(request.target);
  context.path = std::string(target.path);
  RouteMatch match = router_.match(request.method, target.path);
  if (match.kind == RouteMatch::Kind::NotFound) {
    return error_response(Error::not_found("no route for " + context.path));
  }
  if (match.kind == RouteMatch::Kind::MethodNotAllowed) return method_not_allowed(context, match.allowed);
  auto query = parse_query(target.query);
  if (!query) return error_response(query.error());
  context.query = std::move(*query);
  context.params = std::move(match.params);
  return run_route(*match.route, context);
}

std::variant<ApiResponse, ApiDispatcher::Authorized> ApiDispatcher::authorize(
    const ApiRequest& request) const {
  RequestContext context{request, {}, {}, {}, {}, {}, {}};
  TargetParts target = split_target(request.target);
  context.path = std::string(target.path);
  RouteMatch match = router_.match(request.method, target.path);
  if (match.kind == RouteMatch::Kind::NotFound) {
    return error_response(Error::not_found("no route for " + context.path));
  }
  if (match.kind == RouteMatch::Kind::MethodNotAllowed) return method_not_allowed(context, match.allowed);
  try {
    if (auto rejection = authenticate(context)) return std::move(*rejection);
    if (!check_(*context.principal, match.route->capability))
      return error_response(Error{ErrorCode::PermissionDenied, "this needs " + match.route->capability, {}});
  } catch (const std::exception& e) {
    spdlog::error("http: authorizing {} {} failed: {}", request.method, context.path, e.what());
    return error_response(Error::internal("internal error"));
  }
  return Authorized{std::move(*context.principal), std::move(context.token)};
}

std::optional<ApiResponse> ApiDispatcher::authenticate(RequestContext& context) const {
  auto token = session_token(context.request.authorization, context.request.cookie);
  if (!token)
    return unauthenticated_response("a session token is required (Authorization: Bearer or cookie)");
  auto principal = auth_.authenticate(*token);
  if (!principal) {
    if (principal.error().code != ErrorCode::Unauthenticated) return error_response(principal.error());
    return unauthenticated_response("the session token is invalid or expired");
  }
  context.principal = std::move(*principal);
  context.token = std::move(*token);
  return std::nullopt;
}

ApiResponse ApiDispatcher::run_route(const Route& route, RequestContext& context) const {
  AuditSnapshots snapshots;
  ApiResponse response = run_guarded(route, context, snapshots);
  if (audit_ && audit_->records(route)) audit_->record(route, context, response, snapshots);
  return response;
}

ApiResponse ApiDispatcher::run_guarded(const Route& route, RequestContext& context,
                                       AuditSnapshots& snapshots) const {
  try {
    if (route.requires_auth) {
      if (auto rejection = authenticate(context)) return std::move(*rejection);
      if (!check_(*context.principal, route.capability)) {
        return error_response(Error{ErrorCode::PermissionDenied, "this needs " + route.capability, {}});
      }
    }
    return run_handler(route, context, snapshots);
  } catch (const std::exception& e) {
    spdlog::error("http: {} {} failed: {}", route.method, route.pattern, e.what());
    return error_response(Error::internal("internal error"));
  }
}

// A change to an object with a GET view is recorded with the view's answers around it; any other
// audited write with its own answer.
ApiResponse ApiDispatcher::run_handler(const Route& route, RequestContext& context,
                                       AuditSnapshots& snapshots) const {
  const Route* view = audit_ && audit_->records(route) ? audit_->view_of(router_, route) : nullptr;
  if (view) snapshots.before = audit_->snapshot(*view, context);
  ApiResponse response = route.handler(context);
  bool succeeded = response.status >= 200 && response.status < 300;
  if (view && succeeded) {
    snapshots.after = audit_->snapshot(*view, context);
  } else if (audit_ && succeeded && route.method != "GET") {
    snapshots.after = app::redact_secrets(response.body);
  }
  return response;
}

}  // namespace hotline::http
