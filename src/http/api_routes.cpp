#include "http/api_routes.hpp"

namespace hotline::http {

Router build_api_router(const ApiDeps& deps) {
  Router router;
  add_health_routes(router, deps);
  add_auth_routes(router, deps);
  add_call_routes(router, deps);
  add_registration_routes(router, deps);
  add_survey_routes(router, deps);
  add_openapi_routes(router);
  return router;
}

}  // namespace hotline::http
