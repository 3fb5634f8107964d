#include "http/call_query.hpp"

#include <limits>
#include <string>

#include "http/url.hpp"

namespace hotline::http {
namespace {

const std::string* find(const QueryParams& params, const char* name) {
  auto it = params.find(name);
  return it == params.end() ? nullptr : &it->second;
}

Status parse_filters(const QueryParams& params, store::CallQuery& query) {
  if (const std::string* number = find(params, "number"); number && !number->empty()) query.number = *number;
  if (const std::string* direction = find(params, "direction")) {
    if (*direction != "internal" && *direction != "inbound" && *direction != "outbound") {
      return Error::invalid("direction", "direction must be internal, inbound or outbound");
    }
    query.direction = *direction;
  }
  return ok_status();
}

}  // namespace

Result<std::optional<std::int64_t>> int_param(const QueryParams& params, const char* name, std::int64_t min,
                                              std::int64_t max) {
  const std::string* text = find(params, name);
  if (!text) return std::optional<std::int64_t>{};
  auto value = parse_int64(*text);
  if (!value || *value < min || *value > max) {
    return Error::invalid(name, std::string(name) + " must be an integer from " + std::to_string(min) +
                                    " to " + std::to_string(max));
  }
  return std::optional<std::int64_t>{*value};
}

Result<store::CallQuery> parse_call_query(const QueryParams& params, store::TenantId tenant) {
  store::CallQuery query;
  query.tenant_id = tenant;
  for (auto* step : {parse_time_range<store::CallQuery>, parse_filters, parse_page<store::CallQuery>}) {
    if (auto status = step(params, query); !status) return status.error();
  }
  return query;
}

}  // namespace hotline::http
