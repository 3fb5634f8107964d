// Request-target helpers: splitting path from query, percent-decoding, parsing query parameters,
// and strict integer parsing for parameter values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "http/request_context.hpp"

namespace hotline::http {

struct TargetParts {
  std::string_view path;
  std::string_view query;  // without the '?'
};
TargetParts split_target(std::string_view target);

// RFC 3986 percent-decoding. '+' stays '+' (phone numbers start with it); nullopt on a bad escape.
std::optional<std::string> percent_decode(std::string_view text);

// "a=1&b=x%20y" → {a:1, b:"x y"}. A bad escape is an InvalidArgument naming the parameter.
Result<QueryParams> parse_query(std::string_view query);

// The whole of `text` as a decimal integer, or nullopt (empty, sign only, junk, overflow).
std::optional<std::int64_t> parse_int64(std::string_view text);

// Whether `origin` is one a CSP frame-ancestors list can name: http(s)://host[:port], no path.
bool is_embed_origin(std::string_view origin);

}  // namespace hotline::http
