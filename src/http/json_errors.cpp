#include "http/json_errors.hpp"

#include <utility>

namespace hotline::http {

int http_status_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidArgument:
      return 400;
    case ErrorCode::Unauthenticated:
      return 401;
    case ErrorCode::PermissionDenied:
      return 403;
    case ErrorCode::NotFound:
      return 404;
    case ErrorCode::Conflict:
      return 409;
    case ErrorCode::Unavailable:
      return 503;
    case ErrorCode::Internal:
      return 500;
  }
  return 500;
}

nlohmann::json error_json(const Error& error) {
  nlohmann::json body = {{"code", to_string(error.code)}, {"message", error.message}};
  if (!error.field.empty()) body["field"] = error.field;
  return {{"error", std::move(body)}};
}

ApiResponse error_response(const Error& error) { return error_response(http_status_for(error.code), error); }

ApiResponse error_response(int status, const Error& error) {
  ApiResponse response = json_response(status, error_json(error));
  if (status == 401) response.headers.emplace_back("WWW-Authenticate", "Bearer");
  return response;
}

ApiResponse invalid_input_response(const std::vector<Error>& errors) {
  if (errors.empty()) return error_response(Error::internal("no errors to report"));
  std::string summary;
  nlohmann::json items = nlohmann::json::array();
  for (const Error& error : errors) {
    if (!summary.empty()) summary += "; ";
    summary += error.field.empty() ? error.message : error.field + ": " + error.message;
    items.push_back({{"field", error.field}, {"message", error.message}});
  }
  nlohmann::json body = error_json(Error::invalid(errors.front().field, std::move(summary)));
  body["errors"] = std::move(items);
  return json_response(400, body);
}

ApiResponse unauthenticated_response(std::string message) {
  return error_response(Error{ErrorCode::Unauthenticated, std::move(message), {}});
}

ApiResponse json_response(int status, const nlohmann::json& body) {
  // Replace invalid UTF-8 (from a stored caller name, say) rather than throw while answering.
  return ApiResponse{status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), {}};
}

std::string error_message(const ApiResponse& response) {
  if (response.status < 400) return {};
  auto body = nlohmann::json::parse(response.body, nullptr, false);
  if (!body.is_object() || !body.contains("error") || !body["error"].is_object()) return {};
  return body["error"].value("message", "");
}

}  // namespace hotline::http
