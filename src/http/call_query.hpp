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

}  // namespace hotline::http
