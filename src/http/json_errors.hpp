// The one error shape of the API: {"error":{"code","message","field"}}, with `code` from
// hotline::to_string(ErrorCode) and `field` omitted when the error is about no input in particular.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "http/request_context.hpp"

namespace hotline::http {

// The HTTP status an error code maps to (InvalidArgument → 400, Unauthenticated → 401, ...).
int http_status_for(ErrorCode code);

nlohmann::json error_json(const Error& error);

// A response with the status `http_status_for(error.code)`.
ApiResponse error_response(const Error& error);
// A response with an explicit status, for transport errors (405, 413, 431) that share a code.
ApiResponse error_response(int status, const Error& error);

// 400 for input with several problems, all named: "error" is their summary (the first one's
// field, every message), "errors" lists each as {"field", "message"}.
ApiResponse invalid_input_response(const std::vector<Error>& errors);

// 401 with `WWW-Authenticate: Bearer`, as every unauthenticated answer carries.
ApiResponse unauthenticated_response(std::string message);

ApiResponse json_response(int status, const nlohmann::json& body);

// The message of an error response's body; empty for a success or a body not of that shape.
std::string error_message(const ApiResponse& response);

}  // namespace hotline::http
