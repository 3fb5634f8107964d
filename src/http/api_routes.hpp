// The API's routes, one add_* function per resource file (api_health.cpp, api_auth.cpp, ...).
// build_api_router() is the whole table; openapi.json must describe exactly these routes (a unit
// test holds the two together).
#pragma once

#include "app/auth_service.hpp"
#include "common/clock.hpp"
#include "http/http_server.hpp"
#include "http/router.hpp"
#include "store/store.hpp"

namespace hotline::http {

// What handlers reach. Every dependency is safe to call from any thread.
struct ApiDeps {
  store::Store& store;
  app::AuthService& auth;
  LiveState& live;
  const Clock& clock;
};

void add_health_routes(Router& router, const ApiDeps& deps);
void add_auth_routes(Router& router, const ApiDeps& deps);
void add_call_routes(Router& router, const ApiDeps& deps);
void add_registration_routes(Router& router, const ApiDeps& deps);
void add_survey_routes(Router& router, const ApiDeps& deps);
void add_openapi_routes(Router& router);

Router build_api_router(const ApiDeps& deps);

}  // namespace hotline::http
