// Agents and skills (ACD-2, ACD-9): GET /api/v1/agents (users with a phone, their skills and
// queues), PUT /api/v1/agents/{id}/skills, POST /api/v1/agents/{id}/state (log in or out, ready,
// not ready with a reason, work mode), and GET/POST /api/v1/skills, DELETE /api/v1/skills/{id}.
// Once the tenant has defined not-ready reasons, a not ready agent gives one of the enabled codes.
// Changes reach the running ACD at once. Scoped to the tenant.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "common/json_reader.hpp"
#include "http/agent_state.hpp"
#include "http/api_routes.hpp"
#include "http/json_errors.hpp"
#include "http/request_body.hpp"

namespace hotline::http {
namespace {

struct TenantAcd {
  std::map<std::int64_t, std::string> skill_names;
  std::map<std::int64_t, std::string> queue_names;
  std::vector<store::AgentSkill> skills;
  std::vector<store::QueueMember> members;
};

TenantAcd tenant_acd(const ApiDeps& deps, store::TenantId tenant) {
  TenantAcd acd;
  for (const auto& s : deps.store.skills().list(tenant)) acd.skill_names[s.id] = s.name;
  for (const auto& q : deps.store.queues().list(tenant)) acd.queue_names[q.id] = q.name;
  acd.skills = deps.store.skills().agent_skills(tenant);
  acd.members = deps.store.queues().members(tenant);
  return acd;
}

nlohmann::json agent_json(const store::User& user, const TenantAcd& acd) {
  nlohmann::json skills = nlohmann::json::array();
  for (const auto& s : acd.skills) {
    if (s.user_id == user.id)
      skills.push_back(
          {{"skill_id", s.skill_id}, {"name", acd.skill_names.at(s.skill_id)}, {"level", s.level}});
  }
  nlohmann::json queues = nlohmann::json::array();
  for (const auto& m : acd.members) {
    if (m.user_id == user.id)
      queues.push_back({{"id", m.queue_id}, {"name", acd.queue_names.at(m.queue_id)}});
  }
  return {{"id", user.id},
          {"username", user.username},
          {"display_name", user.display_name},
          {"role", user.role},
          {"extension", user.extension ? nlohmann::json(*user.extension) : nullptr},
          {"skills", std::move(skills)},
          {"queues", std::move(queues)}};
}

// The tenant's user named by the path's {id}; NotFound for any other id.
Result<store::User> agent_of(const ApiDeps& deps, const RequestContext& context) {
  Error not_found = Error::not_found("no agent " + context.params.at("id"));
  auto id = id_param(context, "id");
  if (!id) return not_found;
  auto user = deps.store.users().get(context.principal->tenant_id, *id);
  if (!user && user.error().code == ErrorCode::NotFound) return not_found;
  return user;
}

ApiResponse list_agents(const ApiDeps& deps, RequestContext& context) {
  store::TenantId tenant = context.principal->tenant_id;
  TenantAcd acd = tenant_acd(deps, tenant);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& user : deps.store.users().list(tenant)) {
    if (user.extension) items.push_back(agent_json(user, acd));
  }
  return json_response(200, {{"items", std::move(items)}});
}

ApiResponse set_agent_skills(const ApiDeps& deps, RequestContext& context) {
  auto user = agent_of(deps, context);
  if (!user) return error_response(user.error());
  auto body = object_body(context.request);
  if (!body) return error_response(body.error());
  ErrorList errors;
  ObjectReader r(*body, "", errors);
  std::vector<store::AgentSkill> skills;
  if (const auto* list = r.array("skills", Need::Required)) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      std::string path = "skills." + std::to_string(i);
      if (!(*list)[i].is_object()) {
        errors.add(path, "must be an object {\"skill_id\", \"level\"}");
        continue;
      }
      ObjectReader item((*list)[i], path, errors);
      auto skill = item.integer("skill_id", 1, INT64_MAX, Need::Required);
      auto level = item.integer("level", 1, 10, Need::Required);
      item.finish();
      if (skill && level) skills.push_back({user->id, *skill, static_cast<int>(*level)});
    }
  }
  r.finish();
  if (!errors.empty()) return invalid_input_response(errors.take());
  auto saved = deps.store.skills().set_agent_skills(user->tenant_id, user->id, skills);
  if (!saved) {
    Error error = saved.error();
    if (error.code == ErrorCode::NotFound)
      error = Error::invalid("skills", error.message);  // a skill of another tenant
    return error_response(error);
  }
  apply_configuration(deps, user->tenant_id);
  return json_response(200, agent_json(*user, tenant_acd(deps, user->tenant_id)));
}

ApiResponse set_agent_state(const ApiDeps& deps, RequestContext& context) {
  auto user = agent_of(deps, context);
  if (!user) return error_response(user.error());
  if (user->id != context.principal->user_id && !deps.auth.allows(*context.principal, "agents.state.write"))
    return error_response(
        Error{ErrorCode::PermissionDenied, "changing another agent's state needs agents.state.write", {}});
  auto body = object_body(context.request);
  if (!body) return error_response(body.error());
  ErrorList errors;
  ObjectReader r(*body, "", errors);
  auto commands = read_agent_commands(r);
  r.finish();
  if (errors.empty() && commands.empty()) errors.add("state", "give a state, a work_mode or both");
  if (!errors.empty()) return invalid_input_response(errors.take());
  return apply_agent_commands(deps, *user, commands);
}

nlohmann::json skill_json(const store::Skill& skill) {
  return {{"id", skill.id}, {"name", skill.name}, {"created_at", skill.created_at}};
}

ApiResponse list_skills(const ApiDeps& deps, RequestContext& context) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& skill : deps.store.skills().list(context.principal->tenant_id))
    items.push_back(skill_json(skill));
  return json_response(200, {{"items", std::move(items)}});
}

ApiResponse create_skill(const ApiDeps& deps, RequestContext& context) {
  auto body = object_body(context.request);
  if (!body) return error_response(body.error());
  ErrorList errors;
  ObjectReader r(*body, "", errors);
  auto name = r.string("name", Need::Required);
  r.finish();
  if (!errors.empty()) return invalid_input_response(errors.take());
  store::Skill skill{0, context.principal->tenant_id, *name, deps.clock.now_ms()};
  auto id = deps.store.skills().create(skill);
  if (!id) return error_response(id.error());
  skill.id = *id;
  return json_response(201, skill_json(skill));
}

ApiResponse delete_skill(const ApiDeps& deps, RequestContext& context) {
  return remove_configuration(deps, context, "skill", [&](store::TenantId tenant, std::int64_t id) {
    return deps.store.skills().remove(tenant, id);
  });
}

}  // namespace

void add_agent_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/agents", true, "agents.read",
              [deps](RequestContext& c) { return list_agents(deps, c); }});
  router.add({"PUT", "/api/v1/agents/{id}/skills", true, "agents.write",
              [deps](RequestContext& c) { return set_agent_skills(deps, c); }});
  router.add({"POST", "/api/v1/agents/{id}/state", true, "agents.state.self",
              [deps](RequestContext& c) { return set_agent_state(deps, c); }});
  router.add({"GET", "/api/v1/skills", true, "skills.read",
              [deps](RequestContext& c) { return list_skills(deps, c); }});
  router.add({"POST", "/api/v1/skills", true, "skills.write",
              [deps](RequestContext& c) { return create_skill(deps, c); }});
  router.add({"DELETE", "/api/v1/skills/{id}", true, "skills.write",
              [deps](RequestContext& c) { return delete_skill(deps, c); }});
}

}  // namespace hotline::http
