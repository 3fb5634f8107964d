#include "common/json_reader.hpp"

#include <algorithm>
#include <utility>

namespace hotline {

void ErrorList::add(std::string field, std::string message) {
  if (errors_.size() < kMaxErrors) errors_.push_back(Error::invalid(std::move(field), std::move(message)));
}

const char* json_type_name(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::boolean:
      return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
      return "an integer";
    case nlohmann::json::value_t::number_float:
      return "a number";
    default:
      return "a binary value";
  }
}

ObjectReader::ObjectReader(const nlohmann::json& object, std::string path, ErrorList& errors)
    : object_(object), path_(std::move(path)), errors_(errors) {}

bool ObjectReader::null(std::string_view key) {
  auto it = object_.find(key);
  if (it == object_.end() || !it->is_null()) return false;
  read_.emplace(key);
  return true;
}

const nlohmann::json* ObjectReader::get(std::string_view key, Need need) {
  read_.emplace(key);
  auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) {
    if (need == Need::Required) error(key, "missing");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> ObjectReader::string(std::string_view key, Need need) {
  const nlohmann::json* value = get(key, need);
  if (!value) return std::nullopt;
  if (!value->is_string()) {
    error(key, std::string("must be a string, not ") + json_type_name(*value));
    return std::nullopt;
  }
  const auto& text = value->get_ref<const std::string&>();
  if (text.empty() && need == Need::Required) {
    error(key, "must not be empty");
    return std::nullopt;
  }
  return text;
}

std::optional<std::int64_t> ObjectReader::integer(std::string_view key, std::int64_t min, std::int64_t max,
                                                  Need need) {
  const nlohmann::json* value = get(key, need);
  if (!value) return std::nullopt;
  if (!value->is_number_integer()) {
    error(key, std::string("must be an integer, not ") + json_type_name(*value));
    return std::nullopt;
  }
  if (value->is_number_unsigned() && value->get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
    error(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  auto number = value->get<std::int64_t>();
  if (number < min || number > max) {
    error(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return number;
}

std::optional<bool> ObjectReader::boolean(std::string_view key) {
  const nlohmann::json* value = get(key);
  if (!value) return std::nullopt;
  if (!value->is_boolean()) {
    error(key, std::string("must be true or false, not ") + json_type_name(*value));
    return std::nullopt;
  }
  return value->get<bool>();
}

const nlohmann::json* ObjectReader::object(std::string_view key, Need need) {
  const nlohmann::json* value = get(key, need);
  if (value && !value->is_object()) {
    error(key, std::string("must be an object, not ") + json_type_name(*value));
    return nullptr;
  }
  return value;
}

const nlohmann::json* ObjectReader::array(std::string_view key, Need need) {
  const nlohmann::json* value = get(key, need);
  if (value && !value->is_array()) {
    error(key, std::string("must be an array, not ") + json_type_name(*value));
    return nullptr;
  }
  return value;
}

void ObjectReader::finish(std::span<const std::string_view> ignored) {
  for (const auto& [key, value] : object_.items()) {
    if (std::find(ignored.begin(), ignored.end(), key) != ignored.end()) continue;
    if (!read_.contains(key)) errors_.add(field(key), "unknown field");
  }
}

}  // namespace hotline
