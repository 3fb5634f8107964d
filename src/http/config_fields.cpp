#include "http/config_fields.hpp"

namespace hotline::http {

std::optional<std::string> non_empty_string(ObjectReader& r, std::string_view key, Need need) {
  auto value = r.string(key, need);
  if (value && value->empty()) {
    r.error(key, "must not be empty");
    return std::nullopt;
  }
  return value;
}

void read_nullable_string(ObjectReader& r, const nlohmann::json& body, std::string_view key,
                          std::optional<std::string>& value) {
  auto it = body.find(key);
  if (it != body.end() && it->is_null()) {
    r.get(key);
    value.reset();
  } else if (auto text = r.string(key)) {
    value = *text;
  }
}

Error conflict_as(Error error, std::string field, std::string message) {
  if (error.code != ErrorCode::Conflict) return error;
  error.field = std::move(field);
  error.message = std::move(message);
  return error;
}

}  // namespace hotline::http
