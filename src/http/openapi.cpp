// GET /api/v1/openapi.json: the embedded document, served as is. No session needed, so client
// generators and the web app can fetch it before logging in.
#include "http/openapi.hpp"

#include "http/api_routes.hpp"

namespace hotline::http {

void add_openapi_routes(Router& router) {
  router.add({"GET", "/api/v1/openapi.json", false, "", [](RequestContext&) {
                return ApiResponse{200, std::string(openapi_json()), {}};
              }});
}

}  // namespace hotline::http
