// Helpers the API's record-to-JSON conversions share.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

namespace hotline::http {

// An optional column as JSON: its value, or null when it has none.
template <typename T>
nlohmann::json or_null(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace hotline::http
