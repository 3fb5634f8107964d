// ApiDispatcher: one API request in, one response out. It routes, answers 404/405, resolves the
// session or API token of routes that need one (401 otherwise), asks the capability check (403),
// then runs the handler; an exception escaping a handler becomes a logged 500, never a dropped
// connection. With an AuditTrail it records every audited request (audit_trail.hpp) whatever its
// outcome, so every route, present and future, is audited.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <variant>

#include "app/auth_service.hpp"
#include "http/audit_trail.hpp"
#include "http/request_context.hpp"
#include "http/router.hpp"

namespace hotline::http {

// Whether `principal` holds `capability`. The server's check is AuthService::allows (the
// principal's role and, for an API token, its scopes); tests may give another.
using CapabilityCheck = std::function<bool(const app::Principal& principal, const std::string& capability)>;

// Thread: any; after construction it only reads its router, and AuthService is thread-safe.
class ApiDispatcher {
 public:
  ApiDispatcher(Router router, app::AuthService& auth, CapabilityCheck check = {});
  ApiDispatcher(Router router, app::AuthService& auth, const AuditTrail& audit, CapabilityCheck check = {});

  ApiResponse handle(const ApiRequest& request) const;

  // For a connection upgraded away from HTTP (the CTI WebSocket): the route's checks without its
  // handler — 404/405, the session or API token (401), the capability (403) — exactly as for any
  // request, or who it is.
  struct Authorized {
    app::Principal principal;
    std::string token;
  };
  std::variant<ApiResponse, Authorized> authorize(const ApiRequest& request) const;
  const Router& router() const { return router_; }

 private:
  ApiResponse run_route(const Route& route, RequestContext& context) const;
  // run_route without the audit; fills `snapshots` for it.
  ApiResponse run_guarded(const Route& route, RequestContext& context, AuditSnapshots& snapshots) const;
  ApiResponse run_handler(const Route& route, RequestContext& context, AuditSnapshots& snapshots) const;
  // The 401 to answer, or nullopt after filling context.principal and context.token.
  std::optional<ApiResponse> authenticate(RequestContext& context) const;

  Router router_;
  app::AuthService& auth_;
  CapabilityCheck check_;
  const AuditTrail* audit_ = nullptr;
};

}  // namespace hotline::http
