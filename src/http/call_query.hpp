// The query parameters of GET /api/v1/calls, validated into a store::CallQuery scoped to a tenant.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>

#include "common/result.hpp"
#include "http/request_context.hpp"
#include "store/records.hpp"

namespace hotline::http {

inline constexpr int kDefaultCallsLimit = 50;
inline constexpr int kMaxCallsLimit = 500;

// from, to: Unix ms (started_at in [from, to)); number: caller or callee contains it;
// direction: internal | inbound | outbound; limit: 1..500 (50); offset: >= 0 (0).
// An invalid value is an InvalidArgument whose field names the parameter. Unknown names are ignored.
Result<store::CallQuery> parse_call_query(const QueryParams& params, store::TenantId tenant);

// Shared with the other list routes: the parameter `name` as an integer in [min, max]; nullopt
// when absent; InvalidArgument naming it otherwise.
Result<std::optional<std::int64_t>> int_param(const QueryParams& params, const char* name, std::int64_t min,
                                              std::int64_t max);

// Shared with the other list routes: `from` and `to` (Unix ms, to not before from) into a query's
// from_ms and to_ms.
template <typename Query>
Status parse_time_range(const QueryParams& params, Query& query) {
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

// Shared with the other list routes: `limit` (1..500, 50) and `offset` (>= 0, 0) into a query's.
template <typename Query>
Status parse_page(const QueryParams& params, Query& query) {
  auto limit = int_param(params, "limit", 1, kMaxCallsLimit);
  if (!limit) return limit.error();
  auto offset = int_param(params, "offset", 0, std::numeric_limits<int>::max());
  if (!offset) return offset.error();
  query.limit = static_cast<int>(limit->value_or(kDefaultCallsLimit));
  query.offset = static_cast<int>(offset->value_or(0));
  return ok_status();
}

}  // namespace hotline::http
