// GET /api/v1/surveys: post-call survey answers (IVR-9), newest first, filtered by agent, call and
// time, paginated like /api/v1/calls. Scoped to the principal's tenant.
#include <nlohmann/json.hpp>

#include "http/api_routes.hpp"
#include "http/call_json.hpp"
#include "http/json_errors.hpp"
#include "http/survey_query.hpp"

namespace hotline::http {
namespace {

ApiResponse list_surveys(const ApiDeps& deps, RequestContext& context) {
  auto query = parse_survey_query(context.query, context.principal->tenant_id);
  if (!query) return error_response(query.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& survey : deps.store.surveys().query(*query)) items.push_back(survey_json(survey));
  nlohmann::json body = {{"items", std::move(items)},
                         {"total", deps.store.surveys().count(*query)},
                         {"limit", query->limit},
                         {"offset", query->offset}};
  return json_response(200, body);
}

}  // namespace

void add_survey_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/surveys", true, "surveys.read",
              [deps](RequestContext& c) { return list_surveys(deps, c); }});
}

}  // namespace hotline::http
