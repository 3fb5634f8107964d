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

Status parse_range(const QueryParams& params, store::CallQuery& query) {
  constexpr auto kMaxMs = std::numeric_limits<std::int64_t>::max();
  auto from = int_param(params, "from", 0, kMaxMs);
  if (!from) return from.error();
  auto to = int_param(params, "to", 0, kMaxMs);
  if (!to) return to.error();
  if (*from && *to && **to < **from) return Error::invalid("to", "to must not be before from");
  query.from_ms = *from;
  query.to_ms = *to;
  return ok_status();
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

Status parse_page(const QueryParams& params, store::CallQuery& query) {
  auto limit = int_param(params, "limit", 1, kMaxCallsLimit);
  if (!limit) return limit.error();
  auto offset = int_param(params, "offset", 0, std::numeric_limits<int>::max());
  if (!offset) return offset.error();
  query.limit = static_cast<int>(limit->value_or(kDefaultCallsLimit));
  query.offset = static_cast<int>(offset->value_or(0));
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
  for (auto* step : {parse_range, parse_filters, parse_page}) {
    if (auto status = step(params, query); !status) return status.error();
  }
  return query;
}

}  // namespace hotline::http
