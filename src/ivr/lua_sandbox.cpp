#include "ivr/lua_sandbox.hpp"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <lua.hpp>
#include <memory>

namespace hotline::ivr {
namespace {

constexpr int kHookEveryInstructions = 1000;
constexpr const char* kChunkName = "=lua";  // errors read "lua:3: ..."
constexpr std::size_t kMaxOutputLines = 100;
constexpr std::size_t kMaxOutputLineBytes = 1000;

// Everything about one interpreter state that the allocator, the hook and the sandbox's own
// functions need; reached from a lua_State through the allocator's user data.
struct RunState {
  const LuaLimits* limits = nullptr;
  std::size_t used_bytes = 0;
  bool enforce_memory = true;
  std::int64_t instructions = 0;
  UnixMs started_ms = 0;
  std::optional<LuaError::Kind> killed;
  int killed_line = 0;
  std::vector<std::string> output;
};

RunState& state_of(lua_State* L) {
  void* user_data = nullptr;
  lua_getallocf(L, &user_data);
  return *static_cast<RunState*>(user_data);
}

void* allocate(void* user_data, void* ptr, std::size_t old_size, std::size_t new_size) {
  auto& state = *static_cast<RunState*>(user_data);
  std::size_t old_bytes = ptr ? old_size : 0;  // without ptr, old_size is a type tag
  if (new_size == 0) {
    std::free(ptr);
    state.used_bytes -= old_bytes;
    return nullptr;
  }
  // Only growth is refused: Lua requires shrinking to succeed.
  if (state.enforce_memory && new_size > old_bytes &&
      state.used_bytes + (new_size - old_bytes) > state.limits->max_memory_bytes) {
    return nullptr;
  }
  void* grown = std::realloc(ptr, new_size);
  if (!grown) return nullptr;
  state.used_bytes = state.used_bytes - old_bytes + new_size;
  return grown;
}

struct StateCloser {
  void operator()(lua_State* L) const { lua_close(L); }
};
using StatePtr = std::unique_ptr<lua_State, StateCloser>;

const char* kill_message(LuaError::Kind kind) {
  switch (kind) {
    case LuaError::Kind::InstructionLimit:
      return "instruction limit exceeded";
    case LuaError::Kind::TimeLimit:
      return "time limit exceeded";
    default:
      return "memory limit exceeded";
  }
}

void limit_hook(lua_State* L, lua_Debug* debug) {
  RunState& state = state_of(L);
  state.instructions += kHookEveryInstructions;
  if (!state.killed) {
    const LuaLimits& limits = *state.limits;
    if (state.instructions > limits.max_instructions) {
      state.killed = LuaError::Kind::InstructionLimit;
    } else if (limits.clock && limits.clock->now_ms() - state.started_ms > limits.max_wall_ms) {
      state.killed = LuaError::Kind::TimeLimit;
    }
    if (state.killed && lua_getinfo(L, "l", debug)) state.killed_line = debug->currentline;
  }
  if (state.killed) luaL_error(L, "%s", kill_message(*state.killed));
}

// pcall that cannot swallow a limit: once one is hit (or memory ran out), the error goes on up.
int sandbox_pcall(lua_State* L) {
  luaL_checkany(L, 1);
  int status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
  if (status == LUA_ERRMEM || state_of(L).killed) return lua_error(L);
  lua_pushboolean(L, status == LUA_OK);
  lua_insert(L, 1);
  return lua_gettop(L);
}

// print() collects lines for the caller of run(). No C++ object lives across a Lua call here,
// because a Lua error unwinds with longjmp.
int sandbox_print(lua_State* L) {
  int n = lua_gettop(L);
  for (int i = 1; i <= n; ++i) {
    if (i > 1) lua_pushliteral(L, "\t");
    luaL_tolstring(L, i, nullptr);
  }
  lua_concat(L, n == 0 ? 0 : 2 * n - 1);
  RunState& state = state_of(L);
  std::size_t length = 0;
  const char* line = lua_tolstring(L, -1, &length);
  if (state.output.size() < kMaxOutputLines) {
    state.output.emplace_back(line, std::min(length, kMaxOutputLineBytes));
  }
  return 0;
}

int open_sandbox(lua_State* L) {
  luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
  luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
  luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
  luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
  lua_settop(L, 0);
  static constexpr const char* kRemoved[] = {"dofile",       "loadfile",       "load",
                                             "require",      "collectgarbage", "setmetatable",
                                             "getmetatable", "xpcall",         "warn"};
  for (const char* name : kRemoved) {
    lua_pushnil(L);
    lua_setglobal(L, name);
  }
  lua_register(L, "pcall", sandbox_pcall);
  lua_register(L, "print", sandbox_print);
  lua_getglobal(L, LUA_STRLIBNAME);
  lua_pushnil(L);
  lua_setfield(L, -2, "dump");
  lua_pop(L, 1);
  return 0;
}

void push_strings(lua_State* L, const Variables& values) {
  lua_createtable(L, 0, static_cast<int>(values.size()));
  for (const auto& [name, value] : values) {
    lua_pushlstring(L, name.data(), name.size());
    lua_pushlstring(L, value.data(), value.size());
    lua_rawset(L, -3);
  }
}

struct GlobalsInput {
  const Variables* vars;
  const CallerInfo* caller;
};

int set_globals(lua_State* L) {
  const auto& input = *static_cast<const GlobalsInput*>(lua_touserdata(L, 1));
  push_strings(L, *input.vars);
  lua_setglobal(L, "vars");
  const CallerInfo& caller = *input.caller;
  lua_createtable(L, 0, 4);
  lua_pushlstring(L, caller.number.data(), caller.number.size());
  lua_setfield(L, -2, "number");
  lua_pushlstring(L, caller.dialled.data(), caller.dialled.size());
  lua_setfield(L, -2, "dialled");
  lua_pushinteger(L, caller.vip_level);
  lua_setfield(L, -2, "vip_level");
  push_strings(L, caller.customer);
  lua_setfield(L, -2, "customer");
  lua_setglobal(L, "caller");
  return 0;
}

// "lua:3: boom" → line 3, "boom".
LuaError parse_error(LuaError::Kind kind, std::string message) {
  LuaError error{kind, 0, std::move(message)};
  std::string_view text = error.message;
  std::string_view prefix = "lua:";
  if (!text.starts_with(prefix)) return error;
  text.remove_prefix(prefix.size());
  int line = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), line);
  std::string_view rest(end, static_cast<std::size_t>(text.data() + text.size() - end));
  if (ec != std::errc{} || !rest.starts_with(": ")) return error;
  error.line = line;
  error.message = std::string(rest.substr(2));
  return error;
}

LuaError error_at_top(lua_State* L, const RunState& state, int status, LuaError::Kind kind) {
  if (state.killed) return {*state.killed, state.killed_line, kill_message(*state.killed)};
  if (status == LUA_ERRMEM)
    return {LuaError::Kind::MemoryLimit, 0, kill_message(LuaError::Kind::MemoryLimit)};
  if (lua_type(L, -1) != LUA_TSTRING) {
    return {kind, 0, std::string("error object is a ") + luaL_typename(L, -1) + " value"};
  }
  return parse_error(kind, lua_tostring(L, -1));
}

// Reads the `vars` global back once the script is done (limits lifted, so nothing here raises).
std::optional<LuaError> read_vars(lua_State* L, Variables& out) {
  if (lua_getglobal(L, "vars") != LUA_TTABLE)
    return LuaError{LuaError::Kind::Runtime, 0, "vars is not a table"};
  lua_pushnil(L);
  while (lua_next(L, -2) != 0) {
    if (lua_type(L, -2) != LUA_TSTRING) {
      lua_pop(L, 1);
      continue;
    }
    std::string name = lua_tostring(L, -2);
    int type = lua_type(L, -1);
    if (type == LUA_TSTRING) {
      std::size_t length = 0;
      const char* text = lua_tolstring(L, -1, &length);
      out[name] = std::string(text, length);
    } else if (type == LUA_TBOOLEAN) {
      out[name] = lua_toboolean(L, -1) ? "true" : "false";
    } else if (type == LUA_TNUMBER && lua_isinteger(L, -1)) {
      out[name] = std::to_string(lua_tointeger(L, -1));
    } else if (type == LUA_TNUMBER) {
      char text[32];
      std::snprintf(text, sizeof text, "%.14g", lua_tonumber(L, -1));
      out[name] = text;
    } else {
      std::string message = "vars." + name + " holds a " + luaL_typename(L, -1) +
                            "; only strings, numbers and booleans can be kept";
      lua_pop(L, 3);
      return LuaError{LuaError::Kind::Runtime, 0, std::move(message)};
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return std::nullopt;
}

}  // namespace

std::string LuaError::describe() const {
  return line > 0 ? "line " + std::to_string(line) + ": " + message : message;
}

std::optional<LuaError> LuaSandbox::check(std::string_view script) const {
  RunState state;
  state.limits = &limits_;
  StatePtr L(lua_newstate(allocate, &state));
  if (!L) return LuaError{LuaError::Kind::MemoryLimit, 0, "cannot create an interpreter"};
  int status = luaL_loadbufferx(L.get(), script.data(), script.size(), kChunkName, "t");
  if (status == LUA_OK) return std::nullopt;
  return error_at_top(L.get(), state, status, LuaError::Kind::Syntax);
}

LuaOutcome LuaSandbox::run(std::string_view script, const Variables& vars, const CallerInfo& caller) const {
  LuaOutcome outcome;
  RunState state;
  state.limits = &limits_;
  StatePtr owner(lua_newstate(allocate, &state));
  lua_State* L = owner.get();
  if (!L) {
    outcome.error = LuaError{LuaError::Kind::MemoryLimit, 0, "cannot create an interpreter"};
    return outcome;
  }
  lua_pushcfunction(L, open_sandbox);
  int status = lua_pcall(L, 0, 0, 0);
  if (status == LUA_OK) status = luaL_loadbufferx(L, script.data(), script.size(), kChunkName, "t");
  if (status != LUA_OK) {
    outcome.error = error_at_top(L, state, status, LuaError::Kind::Syntax);
    return outcome;
  }
  GlobalsInput input{&vars, &caller};
  lua_pushcfunction(L, set_globals);
  lua_pushlightuserdata(L, &input);
  status = lua_pcall(L, 1, 0, 0);
  if (status == LUA_OK) {
    state.started_ms = limits_.clock ? limits_.clock->now_ms() : 0;
    lua_sethook(L, limit_hook, LUA_MASKCOUNT, kHookEveryInstructions);
    status = lua_pcall(L, 0, 1, 0);
    lua_sethook(L, nullptr, 0, 0);
  }
  state.enforce_memory = false;
  outcome.output = std::move(state.output);
  if (status != LUA_OK || state.killed) {
    outcome.error = error_at_top(L, state, status, LuaError::Kind::Runtime);
    return outcome;
  }
  int type = lua_type(L, -1);
  if (type == LUA_TSTRING) {
    outcome.branch = lua_tostring(L, -1);
  } else if (type != LUA_TNIL) {
    outcome.error = LuaError{LuaError::Kind::Runtime, 0,
                             std::string("the script returned a ") + luaL_typename(L, -1) +
                                 "; return a branch name (a string) or nothing"};
    return outcome;
  }
  lua_pop(L, 1);
  Variables after;
  if (auto error = read_vars(L, after)) {
    outcome.error = std::move(error);
    return outcome;
  }
  outcome.vars = std::move(after);
  return outcome;
}

}  // namespace hotline::ivr
