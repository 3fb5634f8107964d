#include "http/api_routes.hpp"

#include <spdlog/spdlog.h>

#include "http/json_errors.hpp"
#include "http/request_body.hpp"

namespace hotline::http {

Router build_api_router(const ApiDeps& deps) {
  Router router;
  add_health_routes(router, deps);
  add_auth_routes(router, deps);
  add_api_token_routes(router, deps);
  add_audit_routes(router, deps);
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
  add_todo_routes(router, deps);
  add_user_routes(router, deps);
  add_role_routes(router, deps);
  add_extension_routes(router, deps);
  add_tenant_routes(router, deps);
  add_trunk_routes(router, deps);
  add_number_routes(router, deps);
  add_outbound_route_routes(router, deps);
  add_not_ready_reason_routes(router, deps);
  add_settings_routes(router, deps);
  add_prompt_routes(router, deps);
  add_music_routes(router, deps);
  add_backup_routes(router, deps);
  add_security_routes(router, deps);
  add_cti_routes(router, deps);
  add_openapi_routes(router);
  return router;
}

void apply_configuration(const ApiDeps& deps, store::TenantId tenant) {
  if (auto reloaded = deps.live.reload_configuration(tenant); !reloaded)
    spdlog::warn("http: tenant {} configuration saved, not applied yet: {}", tenant,
                 reloaded.error().message);
}

ApiResponse remove_configuration(const ApiDeps& deps, const RequestContext& context, const std::string& what,
                                 const std::function<Status(store::TenantId, std::int64_t)>& remove) {
  auto id = id_param(context, "id");
  store::TenantId tenant = context.principal->tenant_id;
  Status removed = id ? remove(tenant, *id) : Status(Error::not_found(""));
  if (!removed) {
    if (removed.error().code == ErrorCode::NotFound)
      return error_response(Error::not_found("no " + what + " " + context.params.at("id")));
    return error_response(removed.error());
  }
  apply_configuration(deps, tenant);
  return ApiResponse{204, {}, {}};
}

}  // namespace hotline::http
