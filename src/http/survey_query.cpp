#include "http/survey_query.hpp"

#include <limits>

#include "http/call_query.hpp"

namespace hotline::http {

Result<store::SurveyQuery> parse_survey_query(const QueryParams& params, store::TenantId tenant) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  store::SurveyQuery query;
  query.tenant_id = tenant;
  auto agent = int_param(params, "agent", 1, kMax);
  if (!agent) return agent.error();
  query.user_id = *agent;
  if (auto call = params.find("call_id"); call != params.end()) {
    if (call->second.empty()) return Error::invalid("call_id", "call_id must not be empty");
    query.call_id = call->second;
  }
  auto from = int_param(params, "from", 0, kMax);
  if (!from) return from.error();
  auto to = int_param(params, "to", 0, kMax);
  if (!to) return to.error();
  if (*from && *to && **to < **from) return Error::invalid("to", "to must not be before from");
  query.from_ms = *from;
  query.to_ms = *to;
  auto limit = int_param(params, "limit", 1, kMaxCallsLimit);
  if (!limit) return limit.error();
  auto offset = int_param(params, "offset", 0, std::numeric_limits<int>::max());
  if (!offset) return offset.error();
  query.limit = static_cast<int>(limit->value_or(kDefaultCallsLimit));
  query.offset = static_cast<int>(offset->value_or(0));
  return query;
}

}  // namespace hotline::http
