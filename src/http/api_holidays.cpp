// Holiday calendars (IVR-4): GET/POST /api/v1/holidays and DELETE /api/v1/holidays/{id}. A flow's
// condition branch `holiday: CALENDAR` is true on the calendar's dates; changes apply to the next
// call. Scoped to the tenant.
#include <nlohmann/json.hpp>

#include "common/json_reader.hpp"
#include "http/api_routes.hpp"
#include "http/json_errors.hpp"
#include "http/request_body.hpp"

namespace hotline::http {
namespace {

nlohmann::json holiday_json(const store::Holiday& h) {
  return {{"id", h.id},
          {"calendar", h.calendar},
          {"date", h.date},
          {"name", h.name},
          {"created_at", h.created_at}};
}

ApiResponse list_holidays(const ApiDeps& deps, RequestContext& context) {
  auto calendar = context.query.find("calendar");
  nlohmann::json items = nlohmann::json::array();
  for (const auto& h : deps.store.holidays().list(context.principal->tenant_id)) {
    if (calendar == context.query.end() || h.calendar == calendar->second) items.push_back(holiday_json(h));
  }
  return json_response(200, {{"items", std::move(items)}});
}

ApiResponse add_holiday(const ApiDeps& deps, RequestContext& context) {
  auto body = object_body(context.request);
  if (!body) return error_response(body.error());
  store::Holiday holiday;
  holiday.tenant_id = context.principal->tenant_id;
  holiday.created_at = deps.clock.now_ms();
  ErrorList errors;
  ObjectReader r(*body, "", errors);
  if (auto calendar = r.string("calendar", Need::Required)) holiday.calendar = *calendar;
  if (auto date = r.string("date", Need::Required)) holiday.date = *date;
  if (auto name = r.string("name")) holiday.name = *name;
  r.finish();
  if (!errors.empty()) return invalid_input_response(errors.take());
  auto id = deps.store.holidays().add(holiday);
  if (!id) return error_response(id.error());
  holiday.id = *id;
  apply_configuration(deps, holiday.tenant_id);
  return json_response(201, holiday_json(holiday));
}

ApiResponse remove_holiday(const ApiDeps& deps, RequestContext& context) {
  return remove_configuration(deps, context, "holiday", [&](store::TenantId tenant, std::int64_t id) {
    return deps.store.holidays().remove(tenant, id);
  });
}

}  // namespace

void add_holiday_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/holidays", true, "holidays.read",
              [deps](RequestContext& c) { return list_holidays(deps, c); }});
  router.add({"POST", "/api/v1/holidays", true, "holidays.write",
              [deps](RequestContext& c) { return add_holiday(deps, c); }});
  router.add({"DELETE", "/api/v1/holidays/{id}", true, "holidays.write",
              [deps](RequestContext& c) { return remove_holiday(deps, c); }});
}

}  // namespace hotline::http
