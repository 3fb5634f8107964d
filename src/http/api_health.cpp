// GET /api/v1/health: liveness for load balancers and `make run` checks. No session needed.
#include <nlohmann/json.hpp>

#include "http/api_routes.hpp"
#include "http/json_errors.hpp"

namespace hotline::http {

void add_health_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/health", false, "", [deps](RequestContext&) {
                bool store_ok = deps.store.healthy();
                nlohmann::json body = {{"status", store_ok ? "ok" : "degraded"},
                                       {"version", HOTLINE_VERSION},
                                       {"store", store_ok ? "ok" : "error"},
                                       {"calls_in_progress", deps.live.calls_in_progress()}};
                return json_response(store_ok ? 200 : 503, body);
              }});
}

}  // namespace hotline::http
