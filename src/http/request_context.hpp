// The transport-free shapes of an API exchange: what the session hands to the dispatcher and what
// it gets back. Handlers see only these, so they are tested without sockets.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/auth_service.hpp"

namespace hotline::http {

using QueryParams = std::map<std::string, std::string>;  // decoded; a repeated name keeps the last
using PathParams = std::map<std::string, std::string>;   // `{id}` segments of the route pattern

struct ApiRequest {
  std::string method;         // "GET", "POST", ...
  std::string target;         // as received: path and query
  std::string authorization;  // the Authorization header, empty if absent
  std::string cookie;         // the Cookie header, empty if absent
  std::string body;
  std::string remote_address;  // the client's IP as the connection shows it; empty in tests
};

struct ApiResponse {
  int status = 200;
  std::string body;  // serialized JSON, or the bytes of the Content-Type a header names; empty for 204
  // Beyond Cache-Control; Content-Type here replaces the JSON one.
  std::vector<std::pair<std::string, std::string>> headers;
};

// What a handler may add to the request's audit row (api_dispatcher writes it): who tried, when no
// principal is known (a refused login), and why.
struct AuditNote {
  std::string username;
  std::optional<store::TenantId> tenant_id;
  std::optional<std::int64_t> user_id;
  std::string detail;
};

// What a handler works with. The dispatcher fills `principal` and `token` on routes that need auth.
struct RequestContext {
  const ApiRequest& request;
  std::string path;  // the path of the target, still percent-encoded (params are decoded)
  QueryParams query;
  PathParams params;
  std::optional<app::Principal> principal;
  std::string token;  // the session token the request was authenticated with
  AuditNote audit;
};

using Handler = std::function<ApiResponse(RequestContext&)>;

}  // namespace hotline::http
