#include "http/api_routes.hpp"

#include <spdlog/spdlog.h>

namespace hotline::http {

Router build_api_router(const ApiDeps& deps) {
  Router router;
  add_health_routes(router, deps);
  add_auth_routes(router, deps);
  add_call_routes(router, deps);
  add_registration_routes(router, deps);
  add_flow_routes(router, deps);
  add_queue_routes(router, deps);
  add_agent_routes(router, deps);
  add_caller_list_routes(router, deps);
  add_holiday_routes(router, deps);
  add_live_routes(router, deps);
  add_voicemail_routes(router, deps);
  add_survey_routes(router, deps);
  add_openapi_routes(router);
  return router;
}

void apply_configuration(const ApiDeps& deps, store::TenantId tenant) {
  if (auto reloaded = deps.live.reload_configuration(tenant); !reloaded)
    spdlog::warn("http: tenant {} configuration saved, not applied yet: {}", tenant,
                 reloaded.error().message);
}

}  // namespace hotline::http
