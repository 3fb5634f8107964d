#include "ivr/runtime/flow_publishing.hpp"

namespace hotline::ivr {

Result<Publication> publish_flow(store::Store& store, store::TenantId tenant, std::int64_t flow_id,
                                 const std::string& definition, const std::string& published_by, UnixMs at,
                                 const CompileOptions& options) {
  auto flow = store.flows().get(tenant, flow_id);
  if (!flow) return flow.error();
  auto compiled = compile_flow(definition, options);
  if (!compiled.ok()) return Publication{0, std::move(compiled.errors)};
  if (flow->draft != definition) {
    flow->draft = definition;
    if (auto saved = store.flows().update(*flow); !saved) return saved.error();
  }
  auto version = store.flows().publish(tenant, flow_id, definition, published_by, at);
  if (!version) return version.error();
  return Publication{*version, {}};
}

}  // namespace hotline::ivr
