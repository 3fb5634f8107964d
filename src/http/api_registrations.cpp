// GET /api/v1/registrations: where the tenant's phones are registered now. Live state, so it comes
// through LiveState (the core loop), not the store.
#include <nlohmann/json.hpp>

#include "http/api_routes.hpp"
#include "http/json_errors.hpp"

namespace hotline::http {
namespace {

ApiResponse list_registrations(const ApiDeps& deps, RequestContext& context) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : deps.live.registrations(context.principal->tenant_id)) {
    items.push_back({{"extension", r.extension},
                     {"contact", r.contact},
                     {"source", r.source},
                     {"user_agent", r.user_agent},
                     {"expires_at", r.expires_at}});
  }
  return json_response(200, {{"items", std::move(items)}});
}

}  // namespace

void add_registration_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/registrations", true, "registrations.read",
              [deps](RequestContext& c) { return list_registrations(deps, c); }});
}

}  // namespace hotline::http
