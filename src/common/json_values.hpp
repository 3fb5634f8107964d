// Helpers the record-to-JSON conversions share (the REST API's, the CTI events').
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace hotline {

// An optional column as JSON: its value, or null when it has none.
template <typename T>
nlohmann::json or_null(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

// A text that may be empty as JSON: null when it is.
inline nlohmann::json null_if_empty(const std::string& text) {
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

}  // namespace hotline
