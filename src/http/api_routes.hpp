// The API's routes, one add_* function per resource file (api_health.cpp, api_auth.cpp, ...).
// build_api_router() is the whole table; openapi.json must describe exactly these routes (a unit
// test holds the two together).
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "app/auth_service.hpp"
#include "common/clock.hpp"
#include "http/http_server.hpp"
#include "http/router.hpp"
#include "store/store.hpp"

namespace hotline::cti {
class EventHub;
class CtiPublisher;
class TodoReminders;
}  // namespace hotline::cti

namespace hotline::http {

// What handlers reach. Every dependency is safe to call from any thread (of the CTI's, http calls
// only those that post: EventHub's methods and CtiPublisher::connect).
struct ApiDeps {
  store::Store& store;
  app::AuthService& auth;
  LiveState& live;
  const Clock& clock;
  // Recordings (voicemail audio), prompts, music on hold, the database and its backups are under it.
  std::filesystem::path data_dir;
  // The CTI (the WebSocket /api/v1/ws); null in a server without it (some tests).
  cti::EventHub* cti_hub = nullptr;
  cti::CtiPublisher* cti_publisher = nullptr;
  cti::TodoReminders* todo_reminders = nullptr;  // woken when a to-do's reminder changes
};

void add_health_routes(Router& router, const ApiDeps& deps);
void add_auth_routes(Router& router, const ApiDeps& deps);
void add_api_token_routes(Router& router, const ApiDeps& deps);
void add_audit_routes(Router& router, const ApiDeps& deps);
void add_call_routes(Router& router, const ApiDeps& deps);
void add_registration_routes(Router& router, const ApiDeps& deps);
void add_flow_routes(Router& router, const ApiDeps& deps);
void add_queue_routes(Router& router, const ApiDeps& deps);
void add_agent_routes(Router& router, const ApiDeps& deps);
void add_caller_list_routes(Router& router, const ApiDeps& deps);
void add_holiday_routes(Router& router, const ApiDeps& deps);
void add_live_routes(Router& router, const ApiDeps& deps);
void add_voicemail_routes(Router& router, const ApiDeps& deps);
void add_survey_routes(Router& router, const ApiDeps& deps);
void add_todo_routes(Router& router, const ApiDeps& deps);
void add_user_routes(Router& router, const ApiDeps& deps);
void add_role_routes(Router& router, const ApiDeps& deps);
void add_extension_routes(Router& router, const ApiDeps& deps);
void add_tenant_routes(Router& router, const ApiDeps& deps);
void add_trunk_routes(Router& router, const ApiDeps& deps);
void add_number_routes(Router& router, const ApiDeps& deps);
void add_outbound_route_routes(Router& router, const ApiDeps& deps);
void add_not_ready_reason_routes(Router& router, const ApiDeps& deps);
void add_settings_routes(Router& router, const ApiDeps& deps);
void add_prompt_routes(Router& router, const ApiDeps& deps);
void add_music_routes(Router& router, const ApiDeps& deps);
void add_backup_routes(Router& router, const ApiDeps& deps);
void add_security_routes(Router& router, const ApiDeps& deps);
void add_cti_routes(Router& router, const ApiDeps& deps);
void add_openapi_routes(Router& router);

Router build_api_router(const ApiDeps& deps);

// After a handler changed configuration the running system routes with (trunks, numbers, outbound
// routes, tenant settings, caller lists, holidays, queues, members, skills): the core re-reads the tenant's.
// The change is saved either way; a core that does not answer in time applies it a little later.
void apply_configuration(const ApiDeps& deps, store::TenantId tenant);

// DELETE of a configuration record by the path's {id}: `remove(tenant, id)`, then the core
// reloads; 204, or 404 "no WHAT ID" for an id the tenant has not (another tenant's included).
ApiResponse remove_configuration(const ApiDeps& deps, const RequestContext& context, const std::string& what,
                                 const std::function<Status(store::TenantId, std::int64_t)>& remove);

}  // namespace hotline::http
