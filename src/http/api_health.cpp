// GET /api/v1/health: liveness for load balancers and `make run` checks. No session needed.
#include <nlohmann/json.hpp>

#include "http/api_routes.hpp"
#include "http/json_errors.hpp"

namespace hotline::http {

void add_health_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/health", false, "", [deps](RequestContext&) {
                bool store_ok = deps.store.healthy();
                auto recordings = deps.live.recording_health();
                // A recording that could not be written (disk full) breaks "every call recorded":
                // the node reports itself degraded so that it is drained and looked at.
                bool recordings_ok = recordings.failed == 0;
                nlohmann::json body = {{"status", store_ok && recordings_ok ? "ok" : "degraded"},
                                       {"version", HOTLINE_VERSION},
                                       {"store", store_ok ? "ok" : "error"},
                                       {"recordings", recordings_ok ? "ok" : "error"},
                                       {"recordings_active", recordings.active},
                                       {"recordings_failed", recordings.failed},
                                       {"calls_in_progress", deps.live.calls_in_progress()}};
                if (!recordings_ok) body["recordings_error"] = recordings.last_error;
                return json_response(store_ok && recordings_ok ? 200 : 503, body);
              }});
}

}  // namespace hotline::http
