// Router: the API's route table. Each route is a method and a path pattern whose `{name}` segments
// capture path parameters, plus what the dispatcher must check first: whether a session is needed
// and which capability the principal must hold (enforced by the role check when RBAC lands).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/request_context.hpp"

namespace hotline::http {

// Which requests of a route the audit log records (api_dispatcher.cpp writes it).
enum class AuditKind {
  Changes,  // every request but GET: the default
  Always,   // GET too: sensitive reads (recording and voicemail audio, exports)
};

struct Route {
  std::string method;   // "GET", "POST", ...
  std::string pattern;  // "/api/v1/calls/{id}"; the same string is the key in openapi.json
  bool requires_auth = true;
  std::string capability;  // e.g. "calls.read"; empty for public routes
  Handler handler;
  AuditKind audit = AuditKind::Changes;
};

struct RouteMatch {
  enum class Kind { Found, NotFound, MethodNotAllowed };
  Kind kind = Kind::NotFound;
  const Route* route = nullptr;      // when Found
  PathParams params;                 // when Found
  std::vector<std::string> allowed;  // when MethodNotAllowed: methods the path accepts, sorted
};

// Thread: built on one thread before serving, then read-only (any thread may match).
class Router {
 public:
  // Adding the same method and pattern twice is a programming error (asserted).
  void add(Route route);
  RouteMatch match(std::string_view method, std::string_view path) const;
  // The route with exactly this method and pattern, or null.
  const Route* find(std::string_view method, std::string_view pattern) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Whether the raw (still percent-encoded) `path` matches `pattern`; on success fills `params`
// with the decoded segments. Exposed for tests.
bool match_pattern(std::string_view pattern, std::string_view path, PathParams& params);

}  // namespace hotline::http
