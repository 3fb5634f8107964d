#include "app/audit_redaction.hpp"

#include <array>
#include <nlohmann/json.hpp>

namespace hotline::app {
namespace {

void redact(nlohmann::json& value) {
  if (value.is_object()) {
    for (auto& [key, field] : value.items()) {
      if (is_secret_field(key)) {
        field = "[redacted]";
      } else {
        redact(field);
      }
    }
  } else if (value.is_array()) {
    for (auto& item : value) redact(item);
  }
}

}  // namespace

bool is_secret_field(std::string_view name) {
  static constexpr std::array<std::string_view, 6> kSecrets = {"password", "new_password", "current_password",
                                                               "token",    "secret",       "sip_password"};
  for (std::string_view secret : kSecrets)
    if (name == secret) return true;
  return false;
}

std::optional<std::string> redact_secrets(std::string_view text) {
  if (text.empty()) return std::nullopt;
  auto value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return std::nullopt;
  redact(value);
  return value.dump();
}

}  // namespace hotline::app
