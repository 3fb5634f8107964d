// ACD queues (ACD-1..ACD-3, ACD-8, IVR-9 survey flow): GET/POST /api/v1/queues, GET/PUT/DELETE
// /api/v1/queues/{id} and PUT /api/v1/queues/{id}/members (who may log in to it). Changes reach the running
// ACD at once: calls waiting keep their place, agents' memberships follow. Scoped to the tenant.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/json_reader.hpp"
#include "http/api_routes.hpp"
#include "http/json_errors.hpp"
#include "http/request_body.hpp"

namespace hotline::http {
namespace {

nlohmann::json queue_json(const store::Queue& q, const std::vector<store::QueueMember>& members) {
  nlohmann::json member_ids = nlohmann::json::array();
  for (const auto& m : members) {
    if (m.queue_id == q.id) member_ids.push_back(m.user_id);
  }
  nlohmann::json overflow = nullptr;
  if (q.overflow_kind && q.overflow_target)
    overflow = {{"kind", *q.overflow_kind}, {"target", *q.overflow_target}};
  return {{"id", q.id},
          {"name", q.name},
          {"skill_id", q.skill_id ? nlohmann::json(*q.skill_id) : nullptr},
          {"min_level", q.min_level},
          {"strategy", q.strategy},
          {"max_wait_ms", q.max_wait_ms},
          {"max_length", q.max_length},
          {"ring_timeout_ms", q.ring_timeout_ms},
          {"wrap_up_ms", q.wrap_up_ms},
          {"max_misses", q.max_misses},
          {"overflow", std::move(overflow)},
          {"music_class", q.music_class},
          {"announce_interval_ms", q.announce_interval_ms},
          {"survey_flow", q.survey_flow ? nlohmann::json(*q.survey_flow) : nullptr},
          {"service_level_s", q.service_level_s},
          {"members", std::move(member_ids)},
          {"created_at", q.created_at}};
}

Result<store::Queue> queue_of(const ApiDeps& deps, const RequestContext& context) {
  Error not_found = Error::not_found("no queue " + context.params.at("id"));
  auto id = id_param(context, "id");
  if (!id) return not_found;
  auto queue = deps.store.queues().get(context.principal->tenant_id, *id);
  if (!queue && queue.error().code == ErrorCode::NotFound) return not_found;
  return queue;
}

constexpr std::int64_t kDayMs = 86'400'000;

void read_overflow(ObjectReader& r, store::Queue& q) {
  if (r.null("overflow")) {  // null clears it
    q.overflow_kind.reset();
    q.overflow_target.reset();
    return;
  }
  const nlohmann::json* overflow = r.object("overflow");
  if (!overflow) return;
  ObjectReader o(*overflow, "overflow", r.errors());
  auto kind = o.string("kind", Need::Required);
  auto target = o.string("target", Need::Required);
  o.finish();
  if (kind && target) {
    q.overflow_kind = *kind;
    q.overflow_target = *target;
  }
}

// Reads the queue's settings from `body` over `q`; name is required when creating.
void read_queue_fields(const nlohmann::json& body, store::Queue& q, Need name_need, ErrorList& errors) {
  ObjectReader r(body, "", errors);
  if (auto name = r.string("name", name_need)) q.name = *name;
  if (r.null("skill_id")) {
    q.skill_id.reset();
  } else if (auto skill = r.integer("skill_id", 1, INT64_MAX)) {
    q.skill_id = *skill;
  }
  if (auto v = r.integer("min_level", 1, 10)) q.min_level = static_cast<int>(*v);
  if (auto v = r.string("strategy")) q.strategy = *v;
  if (auto v = r.integer("max_wait_ms", 0, kDayMs)) q.max_wait_ms = *v;
  if (auto v = r.integer("max_length", 0, 100'000)) q.max_length = static_cast<int>(*v);
  if (auto v = r.integer("ring_timeout_ms", 1000, 600'000)) q.ring_timeout_ms = *v;
  if (auto v = r.integer("wrap_up_ms", 0, kDayMs)) q.wrap_up_ms = *v;
  if (auto v = r.integer("max_misses", 1, 100)) q.max_misses = static_cast<int>(*v);
  read_overflow(r, q);
  if (auto v = r.string("music_class", Need::Optional)) q.music_class = *v;
  if (auto v = r.integer("announce_interval_ms", 0, kDayMs)) q.announce_interval_ms = *v;
  if (auto v = r.integer("service_level_s", 1, 3600)) q.service_level_s = static_cast<int>(*v);
  if (r.null("survey_flow")) {  // no survey
    q.survey_flow.reset();
  } else if (auto v = r.string("survey_flow")) {
    q.survey_flow = *v;
  }
  r.finish();
}

// What the store cannot check by itself: that the skill and the overflow target are the tenant's.
Status check_references(const ApiDeps& deps, const store::Queue& q) {
  store::TenantId tenant = q.tenant_id;
  if (q.skill_id) {
    auto skills = deps.store.skills().list(tenant);
    if (std::none_of(skills.begin(), skills.end(), [&](const auto& s) { return s.id == *q.skill_id; }))
      return Error::invalid("skill_id", "no skill " + std::to_string(*q.skill_id));
  }
  if (q.survey_flow && !deps.store.flows().find(tenant, *q.survey_flow))
    return Error::invalid("survey_flow", "no flow named " + *q.survey_flow);
  if (!q.overflow_kind || !q.overflow_target) return ok_status();
  const std::string& target = *q.overflow_target;
  if (*q.overflow_kind == "queue") {
    auto other = deps.store.queues().find(tenant, target);
    if (!other) return Error::invalid("overflow.target", "no queue named " + target);
    if (other->id == q.id) return Error::invalid("overflow.target", "a queue cannot overflow to itself");
  } else if (*q.overflow_kind == "flow" && !deps.store.flows().find(tenant, target)) {
    return Error::invalid("overflow.target", "no flow named " + target);
  }
  return ok_status();
}

// Store errors name the record's fields; the API's overflow is one object.
Error api_field_names(Error error) {
  if (error.field == "overflow_kind") error.field = "overflow.kind";
  if (error.field == "overflow_target") error.field = "overflow.target";
  return error;
}

ApiResponse queue_response(const ApiDeps& deps, int status, store::TenantId tenant, std::int64_t id) {
  auto queue = deps.store.queues().get(tenant, id);
  if (!queue) return error_response(queue.error());
  return json_response(status, queue_json(*queue, deps.store.queues().members(tenant)));
}

ApiResponse list_queues(const ApiDeps& deps, RequestContext& context) {
  store::TenantId tenant = context.principal->tenant_id;
  auto members = deps.store.queues().members(tenant);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& q : deps.store.queues().list(tenant)) items.push_back(queue_json(q, members));
  return json_response(200, {{"items", std::move(items)}});
}

ApiResponse get_queue(const ApiDeps& deps, RequestContext& context) {
  auto queue = queue_of(deps, context);
  if (!queue) return error_response(queue.error());
  return json_response(200, queue_json(*queue, deps.store.queues().members(queue->tenant_id)));
}

ApiResponse save_queue(const ApiDeps& deps, RequestContext& context, store::Queue queue, bool creating) {
  auto body = object_body(context.request);
  if (!body) return error_response(body.error());
  ErrorList errors;
  read_queue_fields(*body, queue, creating ? Need::Required : Need::Optional, errors);
  if (!errors.empty()) return invalid_input_response(errors.take());
  if (auto references = check_references(deps, queue); !references) return error_response(references.error());
  Result<std::int64_t> id = queue.id;
  if (creating) {
    id = deps.store.queues().create(queue);
  } else if (auto updated = deps.store.queues().update(queue); !updated) {
    id = updated.error();
  }
  if (!id) return error_response(api_field_names(id.error()));
  apply_configuration(deps, queue.tenant_id);
  return queue_response(deps, creating ? 201 : 200, queue.tenant_id, *id);
}

ApiResponse create_queue(const ApiDeps& deps, RequestContext& context) {
  store::Queue queue;
  queue.tenant_id = context.principal->tenant_id;
  return save_queue(deps, context, std::move(queue), true);
}

ApiResponse update_queue(const ApiDeps& deps, RequestContext& context) {
  auto queue = queue_of(deps, context);
  if (!queue) return error_response(queue.error());
  return save_queue(deps, context, std::move(*queue), false);
}

// Refused while callers wait in the queue or a number or another queue sends callers to it.
ApiResponse delete_queue(const ApiDeps& deps, RequestContext& context) {
  auto queue = queue_of(deps, context);
  if (!queue) return error_response(queue.error());
  store::TenantId tenant = queue->tenant_id;
  for (const auto& number : deps.store.numbers().list(tenant)) {
    if (number.target_type == "queue" && number.target == queue->name)
      return error_response(
          Error::conflict("number " + number.pattern + " sends callers to queue " + queue->name));
  }
  for (const auto& other : deps.store.queues().list(tenant)) {
    if (other.overflow_kind == "queue" && other.overflow_target == queue->name)
      return error_response(Error::conflict("queue " + other.name + " overflows to queue " + queue->name));
  }
  auto live = deps.live.queues(tenant);
  if (!live) return error_response(live.error());
  for (const auto& view : *live) {
    if (view.id == queue->id && !view.calls.empty())
      return error_response(
          Error::conflict(std::to_string(view.calls.size()) + " callers are in queue " + queue->name));
  }
  if (auto removed = deps.store.queues().remove(tenant, queue->id); !removed)
    return error_response(removed.error());
  apply_configuration(deps, tenant);
  return ApiResponse{204, {}, {}};
}

ApiResponse set_members(const ApiDeps& deps, RequestContext& context) {
  auto queue = queue_of(deps, context);
  if (!queue) return error_response(queue.error());
  auto body = object_body(context.request);
  if (!body) return error_response(body.error());
  ErrorList errors;
  ObjectReader r(*body, "", errors);
  std::vector<std::int64_t> users;
  if (const auto* list = r.array("user_ids", Need::Required)) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      const auto& item = (*list)[i];
      if (!item.is_number_integer() || item.get<std::int64_t>() <= 0)
        errors.add("user_ids." + std::to_string(i), "must be a user id");
      else
        users.push_back(item.get<std::int64_t>());
    }
  }
  r.finish();
  if (!errors.empty()) return invalid_input_response(errors.take());
  auto saved = deps.store.queues().set_members(queue->tenant_id, queue->id, users);
  if (!saved) {
    Error error = saved.error();
    if (error.code == ErrorCode::NotFound) error = Error::invalid("user_ids", error.message);
    return error_response(error);
  }
  apply_configuration(deps, queue->tenant_id);
  return queue_response(deps, 200, queue->tenant_id, queue->id);
}

}  // namespace

void add_queue_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/queues", true, "queues.read",
              [deps](RequestContext& c) { return list_queues(deps, c); }});
  router.add({"POST", "/api/v1/queues", true, "queues.write",
              [deps](RequestContext& c) { return create_queue(deps, c); }});
  router.add({"GET", "/api/v1/queues/{id}", true, "queues.read",
              [deps](RequestContext& c) { return get_queue(deps, c); }});
  router.add({"PUT", "/api/v1/queues/{id}", true, "queues.write",
              [deps](RequestContext& c) { return update_queue(deps, c); }});
  router.add({"DELETE", "/api/v1/queues/{id}", true, "queues.write",
              [deps](RequestContext& c) { return delete_queue(deps, c); }});
  router.add({"PUT", "/api/v1/queues/{id}/members", true, "queues.write",
              [deps](RequestContext& c) { return set_members(deps, c); }});
}

}  // namespace hotline::http
