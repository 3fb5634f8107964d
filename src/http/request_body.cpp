#include "http/request_body.hpp"

#include <charconv>

namespace hotline::http {

Result<nlohmann::json> object_body(const ApiRequest& request) {
  auto body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return Error::invalid("body", "the body is not valid JSON");
  if (!body.is_object()) return Error::invalid("body", "the body must be a JSON object");
  return body;
}

std::optional<std::int64_t> id_param(const RequestContext& context, const char* name) {
  auto it = context.params.find(name);
  if (it == context.params.end()) return std::nullopt;
  const std::string& text = it->second;
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc{} || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

}  // namespace hotline::http
