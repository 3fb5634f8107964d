// The CTI WebSocket's frames (docs/cti.md), transport-free so they are tested without sockets.
// A client sends commands {"id": "r1", "cmd": "agent.ready", "args": {...}}; the server answers
// each {"id": "r1", "ok": true, "result": {...}} or {"id": "r1", "ok": false, "error": {"status",
// "code", "field", "message"}} — the REST API's error, with its HTTP status — and sends events
// {"event", "at", "data"} (cti/event_json.hpp).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "http/request_context.hpp"

namespace hotline::http {

inline constexpr std::size_t kMaxCtiIdLength = 100;

struct CtiRequest {
  nlohmann::json id;  // a string (1..100 characters) or an integer, echoed in the reply
  std::string cmd;
  nlohmann::json args = nlohmann::json::object();
};

// One text frame read: the request, or every problem named by field — "frame" (not JSON, not an
// object), "id", "cmd", "args", or an unknown member — with the id when it could be read (null
// otherwise), so the error reply still reaches the right request.
struct CtiFrame {
  std::optional<CtiRequest> request;
  nlohmann::json id;
  std::vector<Error> errors;
};
CtiFrame parse_cti_frame(std::string_view text);

// The reply to request `id` from a REST-shaped answer: a 2xx answer's body is the result (null
// when empty); any other is the error, with "status" and "field" (null when none) added and the
// "errors" list of a body with several problems kept.
std::string cti_reply(const nlohmann::json& id, const ApiResponse& answer);
// An error reply to a frame that is no request (`errors` as parse_cti_frame found them).
std::string cti_error_reply(const nlohmann::json& id, const std::vector<Error>& errors);

}  // namespace hotline::http
