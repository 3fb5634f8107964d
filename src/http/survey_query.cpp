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
  if (auto range = parse_time_range(params, query); !range) return range.error();
  if (auto page = parse_page(params, query); !page) return page.error();
  return query;
}

}  // namespace hotline::http
