// LuaSandbox: runs the script of a flow's `lua` node (Lua 5.4) with nothing but safe base
// functions, string, table and math; no os, io, package/require, debug, load/loadfile/dofile,
// string.dump, metatables, collectgarbage or coroutines. Scripts are text only: a chunk of
// bytecode is refused. Every run gets a fresh interpreter state, bounded by an instruction count,
// a wall-time limit on an injected clock and a memory limit enforced by its allocator; hitting a
// limit cannot be caught by the script's own pcall.
//
// The script sees `vars` (the call's variables, strings; what it leaves there becomes the call's
// variables, numbers and booleans as text, nil removing one) and `caller` (number, dialled,
// vip_level, customer = {...}; a copy). It returns a branch name, or nothing.
//
// Thread: any; a LuaSandbox holds only its limits. Runs are synchronous and short (the limits).
// Known limit: a single C call (a string.rep or pattern match on a large string) is not
// interrupted by the instruction or time limit; the memory limit bounds how large that can be.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "ivr/call_context.hpp"

namespace hotline::ivr {

struct LuaLimits {
  std::int64_t max_instructions = 1'000'000;
  std::int64_t max_wall_ms = 50;
  std::size_t max_memory_bytes = 4u << 20;
  const Clock* clock = nullptr;  // for max_wall_ms; null: no time limit
};

struct LuaError {
  enum class Kind { Syntax, Runtime, InstructionLimit, TimeLimit, MemoryLimit };
  Kind kind = Kind::Runtime;
  int line = 0;  // 0 when unknown
  std::string message;

  // "line 3: attempt to index a nil value (global 'x')"
  std::string describe() const;
};

struct LuaOutcome {
  std::optional<LuaError> error;      // set: the run failed, and the call keeps its variables
  std::optional<std::string> branch;  // what the script returned, if anything
  Variables vars;                     // without error: the call's variables after the run
  std::vector<std::string> output;    // what print() wrote, at most 100 lines
};

class LuaSandbox {
 public:
  explicit LuaSandbox(LuaLimits limits = {}) : limits_(limits) {}

  // Whether the script compiles; nothing runs.
  std::optional<LuaError> check(std::string_view script) const;
  LuaOutcome run(std::string_view script, const Variables& vars, const CallerInfo& caller) const;

  const LuaLimits& limits() const { return limits_; }

 private:
  LuaLimits limits_;
};

}  // namespace hotline::ivr
