// ObjectReader: reads the fields of one JSON object (an IVR flow's node, an API request body),
// collecting every problem as an InvalidArgument error whose field is the dotted path
// ("nodes.menu1.timeout_ms") instead of stopping at the first.
//
// Thread: the reading thread.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace hotline {

class ErrorList {
 public:
  static constexpr std::size_t kMaxErrors = 200;

  void add(std::string field, std::string message);
  bool empty() const { return errors_.empty(); }
  std::size_t size() const { return errors_.size(); }
  std::vector<Error> take() { return std::move(errors_); }

 private:
  std::vector<Error> errors_;
};

enum class Need { Optional, Required };

class ObjectReader {
 public:
  // `object` must be a JSON object (check before).
  ObjectReader(const nlohmann::json& object, std::string path, ErrorList& errors);

  const std::string& path() const { return path_; }
  std::string field(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }
  ErrorList& errors() { return errors_; }
  void error(std::string_view key, std::string message) { errors_.add(field(key), std::move(message)); }

  // Whether the field is given as null (marking it read): how an update clears a value, where
  // get() and the readers below take null for absent.
  bool null(std::string_view key);
  // The field's value (marking it read), or null when absent; reports it when required.
  const nlohmann::json* get(std::string_view key, Need need = Need::Optional);
  std::optional<std::string> string(std::string_view key, Need need = Need::Optional);
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max,
                                      Need need = Need::Optional);
  std::optional<bool> boolean(std::string_view key);
  // An object or array field, reported when it has another type.
  const nlohmann::json* object(std::string_view key, Need need = Need::Optional);
  const nlohmann::json* array(std::string_view key, Need need = Need::Optional);

  // Reports fields that were never read, except those named in `ignored`.
  void finish(std::span<const std::string_view> ignored = {});

 private:
  const nlohmann::json& object_;
  std::string path_;
  ErrorList& errors_;
  std::set<std::string, std::less<>> read_;
};

const char* json_type_name(const nlohmann::json& value);

}  // namespace hotline
