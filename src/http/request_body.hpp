// Reading what a request carries: the body must be a JSON object whose fields are read with
// ObjectReader (common/json_reader.hpp), so that every problem is reported by field at once;
// integer ids in the path.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

#include "common/result.hpp"
#include "http/request_context.hpp"

namespace hotline::http {

// The body as a JSON object, or InvalidArgument naming "body".
Result<nlohmann::json> object_body(const ApiRequest& request);

// The path parameter `name` as a positive integer; nullopt when it is not one (an id that cannot
// exist: the route answers 404).
std::optional<std::int64_t> id_param(const RequestContext& context, const char* name);

}  // namespace hotline::http
