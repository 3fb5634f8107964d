// IVR flows (IVR-1..IVR-3): GET/POST /api/v1/flows, GET/PUT/DELETE /api/v1/flows/{id},
// POST /api/v1/flows/{id}/publish and GET /api/v1/flows/{id}/versions/{version}. A flow's draft
// is saved as the editor sends it; publishing compiles it and answers 400 with every error by
// node and field, or stores it as the next version, which new calls run at once (calls already in
// the flow finish on theirs). Everything is scoped to the principal's tenant.
#include <nlohmann/json.hpp>

#include "common/json_reader.hpp"
#include "http/api_routes.hpp"
#include "http/json_errors.hpp"
#include "http/request_body.hpp"
#include "ivr/runtime/flow_publishing.hpp"
#include "ivr/runtime/prompt_files.hpp"

namespace hotline::http {
namespace {

nlohmann::json draft_json(const std::string& draft) {
  auto parsed = nlohmann::json::parse(draft, nullptr, /*allow_exceptions=*/false);
  return parsed.is_discarded() ? nlohmann::json(draft) : parsed;  // text the CLI stored as it was
}

nlohmann::json flow_json(const store::Flow& flow) {
  return {{"id", flow.id},
          {"name", flow.name},
          {"description", flow.description},
          {"published_version", flow.published_version ? nlohmann::json(*flow.published_version) : nullptr},
          {"created_at", flow.created_at},
          {"updated_at", flow.updated_at}};
}

// The tenant's flow named by the path's {id}; NotFound ("no flow 7") for any other id.
Result<store::Flow> flow_of(const ApiDeps& deps, const RequestContext& context) {
  Error not_found = Error::not_found("no flow " + context.params.at("id"));
  auto id = id_param(context, "id");
  if (!id) return not_found;
  auto flow = deps.store.flows().get(context.principal->tenant_id, *id);
  if (!flow && flow.error().code == ErrorCode::NotFound) return not_found;
  return flow;
}

// Whether a number of the tenant sends its callers to the flow.
bool flow_in_use(const ApiDeps& deps, store::TenantId tenant, const std::string& name) {
  for (const auto& number : deps.store.numbers().list(tenant)) {
    if (number.target_type == "flow" && number.target == name) return true;
  }
  return false;
}

// Reads name, description and definition into `flow`; every problem goes to `errors`.
void read_flow_fields(const nlohmann::json& body, store::Flow& flow, Need name_need, ErrorList& errors) {
  ObjectReader r(body, "", errors);
  if (auto name = r.string("name", name_need)) flow.name = *name;
  if (auto description = r.string("description")) flow.description = *description;
  if (const auto* definition = r.object("definition")) flow.draft = definition->dump();
  r.finish();
}

ApiResponse list_flows(const ApiDeps& deps, RequestContext& context) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& flow : deps.store.flows().list(context.principal->tenant_id))
    items.push_back(flow_json(flow));
  return json_response(200, {{"items", std::move(items)}});
}

ApiResponse get_flow(const ApiDeps& deps, RequestContext& context) {
  store::TenantId tenant = context.principal->tenant_id;
  auto flow = flow_of(deps, context);
  if (!flow) return error_response(flow.error());
  nlohmann::json body = flow_json(*flow);
  body["definition"] = draft_json(flow->draft);
  nlohmann::json versions = nlohmann::json::array();
  for (const auto& v : deps.store.flows().versions(tenant, flow->id)) {
    versions.push_back(
        {{"version", v.version}, {"published_at", v.published_at}, {"published_by", v.published_by}});
  }
  body["versions"] = std::move(versions);
  return json_response(200, body);
}

ApiResponse create_flow(const ApiDeps& deps, RequestContext& context) {
  auto body = object_body(context.request);
  if (!body) return error_response(body.error());
  store::Flow flow;
  flow.tenant_id = context.principal->tenant_id;
  flow.draft = "{}";
  ErrorList errors;
  read_flow_fields(*body, flow, Need::Required, errors);
  if (!errors.empty()) return invalid_input_response(errors.take());
  auto id = deps.store.flows().create(flow);
  if (!id) return error_response(id.error());
  auto created = deps.store.flows().get(flow.tenant_id, *id);
  if (!created) return error_response(created.error());
  return json_response(201, flow_json(*created));
}

ApiResponse update_flow(const ApiDeps& deps, RequestContext& context) {
  store::TenantId tenant = context.principal->tenant_id;
  auto flow = flow_of(deps, context);
  if (!flow) return error_response(flow.error());
  auto body = object_body(context.request);
  if (!body) return error_response(body.error());
  const std::string old_name = flow->name;
  ErrorList errors;
  read_flow_fields(*body, *flow, Need::Optional, errors);
  if (!errors.empty()) return invalid_input_response(errors.take());
  if (flow->name != old_name && flow_in_use(deps, tenant, old_name)) {
    return error_response(Error{ErrorCode::Conflict,
                                "numbers send callers to flow " + old_name + ": rename them first", "name"});
  }
  if (auto saved = deps.store.flows().update(*flow); !saved) return error_response(saved.error());
  auto updated = deps.store.flows().get(tenant, flow->id);
  if (!updated) return error_response(updated.error());
  return json_response(200, flow_json(*updated));
}

ApiResponse delete_flow(const ApiDeps& deps, RequestContext& context) {
  store::TenantId tenant = context.principal->tenant_id;
  auto flow = flow_of(deps, context);
  if (!flow) return error_response(flow.error());
  if (flow_in_use(deps, tenant, flow->name)) {
    return error_response(Error::conflict("numbers send callers to flow " + flow->name));
  }
  if (auto removed = deps.store.flows().remove(tenant, flow->id); !removed)
    return error_response(removed.error());
  return ApiResponse{204, {}, {}};
}

// The body may carry the definition to publish (it becomes the draft too); else the draft is.
ApiResponse publish(const ApiDeps& deps, RequestContext& context) {
  store::TenantId tenant = context.principal->tenant_id;
  auto flow = flow_of(deps, context);
  if (!flow) return error_response(flow.error());
  std::string definition = flow->draft;
  if (!context.request.body.empty()) {
    auto body = object_body(context.request);
    if (!body) return error_response(body.error());
    ErrorList errors;
    ObjectReader r(*body, "", errors);
    if (const auto* given = r.object("definition")) definition = given->dump();
    r.finish();
    if (!errors.empty()) return invalid_input_response(errors.take());
  }
  UnixMs now = deps.clock.now_ms();
  ivr::CompileOptions options;
  options.resolve_prompt = ivr::prompt_resolver(deps.data_dir, tenant);
  auto published =
      ivr::publish_flow(deps.store, tenant, flow->id, definition, context.principal->username, now, options);
  if (!published) return error_response(published.error());
  if (!published->errors.empty()) return invalid_input_response(published->errors);
  return json_response(201, {{"flow_id", flow->id},
                             {"version", published->version},
                             {"published_at", now},
                             {"published_by", context.principal->username}});
}

ApiResponse get_version(const ApiDeps& deps, RequestContext& context) {
  auto id = id_param(context, "id");
  auto number = id_param(context, "version");
  store::TenantId tenant = context.principal->tenant_id;
  auto version = id && number ? deps.store.flows().version(tenant, *id, *number)
                              : Result<store::FlowVersion>(Error::not_found(""));
  if (!version) {
    if (version.error().code != ErrorCode::NotFound) return error_response(version.error());
    return error_response(Error::not_found("flow " + context.params.at("id") + " has no version " +
                                           context.params.at("version")));
  }
  return json_response(200, {{"flow_id", version->flow_id},
                             {"version", version->version},
                             {"definition", draft_json(version->definition)},
                             {"published_at", version->published_at},
                             {"published_by", version->published_by}});
}

}  // namespace

void add_flow_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/flows", true, "flows.read",
              [deps](RequestContext& c) { return list_flows(deps, c); }});
  router.add({"POST", "/api/v1/flows", true, "flows.write",
              [deps](RequestContext& c) { return create_flow(deps, c); }});
  router.add({"GET", "/api/v1/flows/{id}", true, "flows.read",
              [deps](RequestContext& c) { return get_flow(deps, c); }});
  router.add({"PUT", "/api/v1/flows/{id}", true, "flows.write",
              [deps](RequestContext& c) { return update_flow(deps, c); }});
  router.add({"DELETE", "/api/v1/flows/{id}", true, "flows.write",
              [deps](RequestContext& c) { return delete_flow(deps, c); }});
  router.add({"POST", "/api/v1/flows/{id}/publish", true, "flows.publish",
              [deps](RequestContext& c) { return publish(deps, c); }});
  router.add({"GET", "/api/v1/flows/{id}/versions/{version}", true, "flows.read",
              [deps](RequestContext& c) { return get_version(deps, c); }});
}

}  // namespace hotline::http
