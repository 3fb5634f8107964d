#include "http/cti_protocol.hpp"

#include "common/json_reader.hpp"
#include "http/json_errors.hpp"

namespace hotline::http {
namespace {

std::string dump(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The id as it may be echoed: a string of 1..100 characters or an integer; null otherwise.
nlohmann::json usable_id(const nlohmann::json& id, ErrorList& errors) {
  if (id.is_number_integer()) return id;
  if (id.is_string() && !id.get_ref<const std::string&>().empty() &&
      id.get_ref<const std::string&>().size() <= kMaxCtiIdLength)
    return id;
  errors.add("id",
             "must be a string of 1 to " + std::to_string(kMaxCtiIdLength) + " characters or an integer");
  return nullptr;
}

}  // namespace

CtiFrame parse_cti_frame(std::string_view text) {
  CtiFrame frame;
  nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    frame.errors.push_back(
        Error::invalid("frame", json.is_discarded() ? "not valid JSON"
                                                    : "must be a JSON object {\"id\", \"cmd\", \"args\"}"));
    return frame;
  }
  ErrorList errors;
  ObjectReader r(json, "", errors);
  if (const auto* id = r.get("id", Need::Required)) frame.id = usable_id(*id, errors);
  auto cmd = r.string("cmd", Need::Required);
  if (cmd && cmd->empty()) r.error("cmd", "must name a command");
  const auto* args = r.object("args");
  r.finish();
  frame.errors = errors.take();
  if (!frame.errors.empty()) return frame;
  frame.request = CtiRequest{frame.id, *cmd, args ? *args : nlohmann::json::object()};
  return frame;
}

std::string cti_reply(const nlohmann::json& id, const ApiResponse& answer) {
  nlohmann::json body =
      answer.body.empty() ? nlohmann::json(nullptr) : nlohmann::json::parse(answer.body, nullptr, false);
  if (answer.status >= 200 && answer.status < 300) {
    if (body.is_discarded()) body = nullptr;
    return dump({{"id", id}, {"ok", true}, {"result", std::move(body)}});
  }
  nlohmann::json error =
      body.is_object() && body.contains("error") && body["error"].is_object()
          ? body["error"]
          : nlohmann::json{{"code", to_string(ErrorCode::Internal)}, {"message", "no error given"}};
  error["status"] = answer.status;
  if (!error.contains("field")) error["field"] = nullptr;
  nlohmann::json reply = {{"id", id}, {"ok", false}, {"error", std::move(error)}};
  if (body.is_object() && body.contains("errors")) reply["errors"] = body["errors"];
  return dump(reply);
}

std::string cti_error_reply(const nlohmann::json& id, const std::vector<Error>& errors) {
  if (errors.size() == 1) return cti_reply(id, error_response(errors.front()));
  return cti_reply(id, invalid_input_response(errors));
}

}  // namespace hotline::http
