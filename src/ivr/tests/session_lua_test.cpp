#include <gtest/gtest.h>

#include "session_fixture.hpp"

namespace hotline::ivr {
namespace {

using testing::compile_ok;
using testing::find_action;

std::string flow_with_script(std::string_view script) {
  return std::string(R"json({
    "name": "lua", "start": "score",
    "nodes": {
      "score": {"type": "lua", "script": )json") +
         script.data() + R"json(,
                "branches": {"gold": "gold", "silver": "silver"}, "next": "normal", "on_error": "fallback"},
      "gold": {"type": "queue", "queue": "gold"},
      "silver": {"type": "queue", "queue": "silver"},
      "normal": {"type": "queue", "queue": "normal"},
      "fallback": {"type": "queue", "queue": "fallback"}
    }
  })json";
}

std::string run_queue(std::string_view script, CallContext context, Session** keep = nullptr) {
  static ManualClock clock;
  static std::unique_ptr<Session> last;
  last = std::make_unique<Session>(compile_ok(flow_with_script(script)), std::move(context), clock);
  if (keep) *keep = last.get();
  Actions actions = last->start();
  const Enqueue* enqueue = find_action<Enqueue>(actions);
  return enqueue ? enqueue->queue : "<none>";
}

TEST(IvrSessionLua, TheScriptChoosesABranchAndSetsVariables) {
  const char* script =
      R"lua("local spent = tonumber(vars.spent) or 0\nvars.segment = spent > 1000 and 'big' or 'small'\nif caller.vip_level >= 3 or spent > 1000 then return 'gold' end\nif caller.customer.tier == 'silver' then return 'silver' end")lua";
  Session* session = nullptr;
  EXPECT_EQ(run_queue(script, CallContext{{"1001", "4000", 0, {}}, {{"spent", "5000"}}}, &session), "gold");
  EXPECT_EQ(session->variables().at("segment"), "big");
  EXPECT_EQ(run_queue(script, CallContext{{"1001", "4000", 0, {{"tier", "silver"}}}}, &session), "silver");
  EXPECT_EQ(session->variables().at("segment"), "small");
  EXPECT_EQ(run_queue(script, CallContext{{"1001", "4000", 0, {}}}), "normal");
}

TEST(IvrSessionLua, ALoopingScriptIsStoppedAndTakesTheErrorBranch) {
  Session* session = nullptr;
  EXPECT_EQ(run_queue(R"lua("vars.touched = 'yes'\nwhile true do end")lua", CallContext{{}, {{"kept", "1"}}},
                      &session),
            "fallback");
  ASSERT_EQ(session->trail().errors.size(), 1u);
  EXPECT_EQ(session->trail().errors[0], "nodes.score: script: line 2: instruction limit exceeded");
  EXPECT_EQ(session->variables(), (Variables{{"kept", "1"}})) << "a failed script changes nothing";
}

TEST(IvrSessionLua, AnUnknownBranchOrARuntimeErrorTakesTheErrorBranch) {
  Session* session = nullptr;
  EXPECT_EQ(run_queue(R"lua("return 'platinum'")lua", CallContext{}, &session), "fallback");
  EXPECT_EQ(session->trail().errors.at(0),
            "nodes.score: the script chose branch 'platinum', which the node does not have");
  EXPECT_EQ(run_queue(R"lua("os.exit(1)")lua", CallContext{}, &session), "fallback");
  EXPECT_NE(session->trail().errors.at(0).find("line 1: attempt to index a nil value (global 'os')"),
            std::string::npos)
      << session->trail().errors.at(0);
}

TEST(IvrSessionLua, TheSessionsLimitsApply) {
  ManualClock clock;
  SessionLimits limits;
  limits.lua.max_memory_bytes = 256 * 1024;
  Session session(compile_ok(flow_with_script(R"lua("local t = {} for i = 1, 1e6 do t[i] = i end")lua")),
                  CallContext{}, clock, limits);
  EXPECT_EQ(find_action<Enqueue>(session.start())->queue, "fallback");
  EXPECT_EQ(session.trail().errors.at(0), "nodes.score: script: memory limit exceeded");
}

}  // namespace
}  // namespace hotline::ivr
