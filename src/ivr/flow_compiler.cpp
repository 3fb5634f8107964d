#include "ivr/flow_compiler.hpp"

#include <nlohmann/json.hpp>

#include "common/json_reader.hpp"
#include "ivr/flow_parser.hpp"

namespace hotline::ivr {
namespace {

constexpr std::size_t kMaxNodes = 1000;
constexpr std::size_t kMaxNameBytes = 200;

// Reports the nodes that no path from start reaches: they are leftovers or a missing branch.
void report_unreachable(const FlowVersion& flow, ErrorList& errors) {
  std::vector<bool> reached(flow.nodes.size(), false);
  std::vector<NodeIndex> pending{flow.start};
  reached[flow.start] = true;
  while (!pending.empty()) {
    NodeIndex at = pending.back();
    pending.pop_back();
    for (const NodeRef* ref : node_refs(flow.nodes[at].body)) {
      if (ref->index == kNoNode || reached[ref->index]) continue;
      reached[ref->index] = true;
      pending.push_back(ref->index);
    }
  }
  for (std::size_t i = 0; i < flow.nodes.size(); ++i) {
    if (!reached[i]) {
      errors.add("nodes." + flow.nodes[i].id,
                 "unreachable from start node '" + flow.nodes[flow.start].id + "'");
    }
  }
}

void compile_nodes(const nlohmann::json& nodes, const CompileOptions& options, FlowVersion& flow,
                   ErrorList& errors) {
  for (const auto& [id, node] : nodes.items()) {
    if (!is_node_id(id)) errors.add("nodes." + id, "a node id is 1-64 letters, digits, '_' or '-'");
    flow.index.emplace(id, static_cast<NodeIndex>(flow.nodes.size()));
    flow.nodes.push_back(Node{id, HangupNode{}});
  }
  FlowParser parser(flow.index, options, errors);
  std::size_t i = 0;
  for (const auto& [id, node] : nodes.items()) {
    if (auto body = parser.parse_node(id, node)) flow.nodes[i].body = std::move(*body);
    ++i;
  }
}

}  // namespace

FlowCompilation compile_flow(std::string_view json, const CompileOptions& options) {
  FlowCompilation out;
  ErrorList errors;
  nlohmann::json root;
  try {
    root = nlohmann::json::parse(json);
  } catch (const nlohmann::json::parse_error& e) {
    errors.add("flow", std::string("not valid JSON: ") + e.what());
    out.errors = errors.take();
    return out;
  }
  if (!root.is_object()) {
    errors.add("flow", std::string("must be a JSON object, not ") + json_type_name(root));
    out.errors = errors.take();
    return out;
  }
  auto flow = std::make_shared<FlowVersion>();
  flow->version = options.version;
  ObjectReader r(root, "", errors);
  auto field = [](std::string_view key) { return std::string(key); };
  if (auto name = r.string("name", Need::Required)) {
    if (name->size() > kMaxNameBytes) errors.add(field("name"), "longer than 200 bytes");
    flow->name = *name;
  }
  const nlohmann::json* nodes = r.get("nodes", Need::Required);
  if (nodes && (!nodes->is_object() || nodes->empty())) {
    errors.add(field("nodes"), "must be an object of nodes by id, with at least one");
    nodes = nullptr;
  } else if (nodes && nodes->size() > kMaxNodes) {
    errors.add(field("nodes"), "at most 1000 nodes");
    nodes = nullptr;
  }
  if (nodes) compile_nodes(*nodes, options, *flow, errors);
  if (auto start = r.string("start", Need::Required); start && nodes) {
    auto it = flow->index.find(*start);
    if (it == flow->index.end()) {
      errors.add(field("start"), "unknown node '" + *start + "'");
    } else {
      flow->start = it->second;
      report_unreachable(*flow, errors);
    }
  }
  for (const char* key : {"ui", "label", "description", "version"}) r.get(key);
  r.finish(kEditorFields);
  out.errors = errors.take();
  if (out.errors.empty()) out.flow = std::move(flow);
  return out;
}

Error summarize_errors(const std::vector<Error>& errors) {
  if (errors.empty()) return Error::internal("no errors to summarize");
  std::string message;
  for (const Error& error : errors) {
    if (!message.empty()) message += "; ";
    message += error.field.empty() ? error.message : error.field + ": " + error.message;
  }
  return Error::invalid(errors.front().field, std::move(message));
}

}  // namespace hotline::ivr
