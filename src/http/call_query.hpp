// The query parameters of GET /api/v1/calls, validated into a store::CallQuery scoped to a tenant.
#pragma once

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

}  // namespace hotline::http
