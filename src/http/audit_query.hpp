// The query parameters of GET /api/v1/audit, validated into a store::AuditQuery.
#pragma once

#include <optional>

#include "common/result.hpp"
#include "http/request_context.hpp"
#include "store/records.hpp"

namespace hotline::http {

// from, to: Unix ms (at in [from, to)); user (a username), action ("PUT /api/v1/queues/{id}"),
// object_type, object_id: exact; status: an HTTP status; limit 1..500 (50), offset >= 0 (0).
// `tenant` scopes the rows; none: every tenant's (the platform operator). An invalid value is an
// InvalidArgument naming the parameter; unknown names are ignored.
Result<store::AuditQuery> parse_audit_query(const QueryParams& params, std::optional<store::TenantId> tenant);

}  // namespace hotline::http
