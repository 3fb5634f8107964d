// GET /api/v1/ws: the CTI WebSocket (docs/cti.md). HttpSession hands an upgrade request for it to
// a WebSocketSession, which checks it as this route (ApiDispatcher::authorize) before upgrading; a
// request that does not ask to upgrade reaches this handler and is told to (426).
#include "http/api_routes.hpp"
#include "http/json_errors.hpp"

namespace hotline::http {
namespace {

ApiResponse not_an_upgrade(const ApiDeps& deps) {
  if (!deps.cti_hub) return error_response(Error::unavailable("the CTI is not running on this server"));
  ApiResponse response = error_response(
      426, Error::invalid("headers", "this is a WebSocket: send Connection: Upgrade and Upgrade: websocket"));
  response.headers.emplace_back("Upgrade", "websocket");
  return response;
}

}  // namespace

void add_cti_routes(Router& router, const ApiDeps& deps) {
  router.add(
      {"GET", "/api/v1/ws", true, "auth.self", [deps](RequestContext&) { return not_an_upgrade(deps); }});
}

}  // namespace hotline::http
