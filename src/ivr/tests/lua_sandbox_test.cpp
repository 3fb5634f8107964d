#include "ivr/lua_sandbox.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hotline::ivr {
namespace {

// A clock that moves on by step_ms every time it is read: a script that runs long sees time pass
// without the test sleeping.
class SteppingClock final : public Clock {
 public:
  explicit SteppingClock(UnixMs step_ms) : step_ms_(step_ms) {}
  UnixMs now_ms() const override { return now_ += step_ms_; }

 private:
  UnixMs step_ms_;
  mutable UnixMs now_ = 1'700'000'000'000;
};

LuaOutcome run(std::string_view script, LuaLimits limits = {}, Variables vars = {}) {
  CallerInfo caller{"13800138000", "4000", 3, {{"name", "王"}}};
  return LuaSandbox(limits).run(script, vars, caller);
}

TEST(IvrLuaSandbox, ReturnsABranchAndUpdatesVariables) {
  auto out = run(R"(
    vars.count = tonumber(vars.count) + 1
    vars.vip = caller.vip_level >= 3
    vars.ratio = 1 / 4
    vars.gone = nil
    vars.greeting = string.format("%s %s", caller.customer.name, caller.number:sub(1, 3))
    print("count", vars.count)
    return "gold"
  )",
                 {}, {{"count", "41"}, {"gone", "x"}});
  ASSERT_FALSE(out.error) << out.error->describe();
  EXPECT_EQ(out.branch, "gold");
  EXPECT_EQ(out.vars,
            (Variables{{"count", "42"}, {"greeting", "王 138"}, {"ratio", "0.25"}, {"vip", "true"}}));
  EXPECT_EQ(out.output, std::vector<std::string>{"count\t42"});
}

TEST(IvrLuaSandbox, NothingReturnedIsNoBranch) {
  auto out = run("local x = 1");
  ASSERT_FALSE(out.error);
  EXPECT_FALSE(out.branch);
  auto bad = run("return 42");
  ASSERT_TRUE(bad.error);
  EXPECT_NE(bad.error->message.find("returned a number"), std::string::npos);
}

TEST(IvrLuaSandbox, AnInfiniteLoopIsStoppedByTheInstructionLimit) {
  LuaLimits limits;
  limits.max_instructions = 100'000;
  auto out = run("local n = 0\nwhile true do\n  n = n + 1\nend", limits);
  ASSERT_TRUE(out.error);
  EXPECT_EQ(out.error->kind, LuaError::Kind::InstructionLimit);
  EXPECT_GE(out.error->line, 2);
  EXPECT_LE(out.error->line, 4);
}

TEST(IvrLuaSandbox, AnInfiniteLoopIsStoppedByTheTimeLimit) {
  SteppingClock clock(5);
  LuaLimits limits;
  limits.max_instructions = 1'000'000'000'000;
  limits.max_wall_ms = 50;
  limits.clock = &clock;
  auto out = run("while true do end", limits);
  ASSERT_TRUE(out.error);
  EXPECT_EQ(out.error->kind, LuaError::Kind::TimeLimit);
  EXPECT_EQ(out.error->describe(), "line 1: time limit exceeded");
}

TEST(IvrLuaSandbox, PcallCannotSwallowALimit) {
  LuaLimits limits;
  limits.max_instructions = 50'000;
  auto out = run("while true do pcall(function() while true do end end) end", limits);
  ASSERT_TRUE(out.error);
  EXPECT_EQ(out.error->kind, LuaError::Kind::InstructionLimit);
  // An ordinary error is still caught.
  auto caught = run("local ok, err = pcall(error, 'boom', 0)\nvars.ok = ok\nvars.err = err");
  ASSERT_FALSE(caught.error);
  EXPECT_EQ(caught.vars, (Variables{{"err", "boom"}, {"ok", "false"}}));
}

TEST(IvrLuaSandbox, MemoryIsLimited) {
  LuaLimits limits;
  limits.max_memory_bytes = 1 << 20;
  auto tables = run("local t = {}\nfor i = 1, 1e8 do t[i] = {i} end", limits);
  ASSERT_TRUE(tables.error);
  EXPECT_EQ(tables.error->kind, LuaError::Kind::MemoryLimit);
  auto string = run("local s = string.rep('x', 64 * 1024 * 1024)", limits);
  ASSERT_TRUE(string.error);
  EXPECT_EQ(string.error->kind, LuaError::Kind::MemoryLimit);
  auto caught = run("while true do pcall(string.rep, 'x', 1e8) end", limits);
  ASSERT_TRUE(caught.error);
  EXPECT_EQ(caught.error->kind, LuaError::Kind::MemoryLimit);
}

TEST(IvrLuaSandbox, NoOsIoRequireLoadOrDebug) {
  auto out = run(R"(
    local present = {}
    for _, name in ipairs({"os", "io", "require", "package", "debug", "load", "loadfile", "dofile",
                           "loadstring", "collectgarbage", "setmetatable", "getmetatable", "coroutine",
                           "xpcall", "utf8"}) do
      if _G[name] ~= nil then present[#present + 1] = name end
    end
    if string.dump ~= nil then present[#present + 1] = "string.dump" end
    vars.present = table.concat(present, ",")
  )");
  ASSERT_FALSE(out.error) << out.error->describe();
  EXPECT_EQ(out.vars.at("present"), "");

  auto execute = run("local x = 1\nos.execute('touch /tmp/hotline-pwned')");
  ASSERT_TRUE(execute.error);
  EXPECT_EQ(execute.error->line, 2);
  EXPECT_NE(execute.error->message.find("global 'os'"), std::string::npos) << execute.error->message;
  EXPECT_TRUE(run("io.open('/etc/passwd')").error);
  EXPECT_TRUE(run("require('os')").error);
  EXPECT_TRUE(run("load('return 1')").error);
}

TEST(IvrLuaSandbox, BytecodeIsRefused) {
  std::string bytecode("\x1bLua\x54\x00\x19\x93\r\n\x1a\n", 12);
  auto out = run(bytecode);
  ASSERT_TRUE(out.error);
  EXPECT_EQ(out.error->kind, LuaError::Kind::Syntax);
  EXPECT_NE(out.error->message.find("binary"), std::string::npos) << out.error->message;
  EXPECT_TRUE(LuaSandbox().check(bytecode));
}

TEST(IvrLuaSandbox, ErrorsNameTheLine) {
  auto runtime = run("local a = 1\nlocal b = nil\nreturn b.field");
  ASSERT_TRUE(runtime.error);
  EXPECT_EQ(runtime.error->kind, LuaError::Kind::Runtime);
  EXPECT_EQ(runtime.error->line, 3);
  auto raised = run("\nerror('no such account')");
  ASSERT_TRUE(raised.error);
  EXPECT_EQ(raised.error->describe(), "line 2: no such account");
  auto syntax = LuaSandbox().check("local x = 1\nif x then\n  x = 2\n");
  ASSERT_TRUE(syntax);
  EXPECT_EQ(syntax->kind, LuaError::Kind::Syntax);
  EXPECT_EQ(syntax->line, 4);
  EXPECT_FALSE(LuaSandbox().check("return vars.x"));
  auto table_error = run("error({})");
  ASSERT_TRUE(table_error.error);
  EXPECT_EQ(table_error.error->message, "error object is a table value");
  auto kept_table = run("vars.t = {}");
  ASSERT_TRUE(kept_table.error);
  EXPECT_NE(kept_table.error->message.find("vars.t"), std::string::npos);
}

}  // namespace
}  // namespace hotline::ivr
