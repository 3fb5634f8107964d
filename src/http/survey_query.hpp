// The query parameters of GET /api/v1/surveys, validated into a store::SurveyQuery scoped to a
// tenant.
#pragma once

#include "common/result.hpp"
#include "http/request_context.hpp"
#include "store/records.hpp"

namespace hotline::http {

// agent: the agent's user id; call_id; from, to: Unix ms (`at` in [from, to)); limit: 1..500 (50);
// offset: >= 0 (0). An invalid value is an InvalidArgument whose field names the parameter.
// Unknown names are ignored.
Result<store::SurveyQuery> parse_survey_query(const QueryParams& params, store::TenantId tenant);

}  // namespace hotline::http
