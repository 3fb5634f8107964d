// Field readers the configuration handlers share (trunks, numbers, outbound routes, not-ready
// reasons) on top of ObjectReader: text that may not be empty even when optional (a PUT changes
// only what it names), text that null clears, and the store's uniqueness conflicts renamed to the
// API's field.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/json_reader.hpp"
#include "common/result.hpp"

namespace hotline::http {

// A string field that, when present, must not be empty.
std::optional<std::string> non_empty_string(ObjectReader& r, std::string_view key,
                                            Need need = Need::Optional);

// A string field whose null clears `value`; absent leaves it as it is.
void read_nullable_string(ObjectReader& r, const nlohmann::json& body, std::string_view key,
                          std::optional<std::string>& value);

// The store names a unique clash by its columns ("tenant_id, name"): as the API's `field`, with
// `message`. Other errors pass unchanged.
Error conflict_as(Error error, std::string field, std::string message);

}  // namespace hotline::http
