// compile_flow: a flow's JSON (docs/ivr.md) → an immutable FlowVersion, or every error found.
// This is the validation run on publish (IVR-3): JSON syntax, unknown or ill-typed fields,
// references to nodes that do not exist, nodes unreachable from start, missing branches (a menu
// without keys, a condition without default, a node without next), unknown prompt files, bad
// templates, expressions and regexes, and Lua that does not compile. Each error is an
// InvalidArgument whose field is the path of what is wrong, e.g. field "nodes.menu1.keys.3",
// message "unknown node 'sales2'".
//
// Thread: any; it touches nothing but its arguments (and the resolve_prompt callback).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "ivr/flow.hpp"
#include "ivr/lua_sandbox.hpp"

namespace hotline::ivr {

struct CompileOptions {
  std::int64_t version = 0;  // recorded in FlowVersion::version
  // The path to play for a prompt file as written in the flow (an uploaded prompt's id or path),
  // or nothing when there is no such prompt. Unset: every file is played as written.
  std::function<std::optional<std::string>(std::string_view prompt)> resolve_prompt;
  LuaLimits lua;  // the memory limit applies to compiling scripts
};

struct FlowCompilation {
  FlowPtr flow;               // set when there are no errors
  std::vector<Error> errors;  // all of them, in the order of the JSON (nodes by id)

  bool ok() const { return errors.empty(); }
};

FlowCompilation compile_flow(std::string_view json, const CompileOptions& options = {});

// One error for an API answer: the first error's field, and a message listing them all
// ("nodes.menu1.keys.3: unknown node 'sales2'; start: missing").
Error summarize_errors(const std::vector<Error>& errors);

}  // namespace hotline::ivr
