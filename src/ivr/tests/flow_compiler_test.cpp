#include "ivr/flow_compiler.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "example_flows.hpp"

namespace hotline::ivr {
namespace {

using testing::kHotlineFlow;
using testing::kSurveyFlow;

std::string listed(const std::vector<Error>& errors) {
  std::string out;
  for (const auto& error : errors) out += "\n  " + error.field + ": " + error.message;
  return out;
}

// Whether one of the errors is about `field` and says `says`.
bool has_error(const std::vector<Error>& errors, std::string_view field, std::string_view says) {
  for (const auto& error : errors) {
    if (error.code == ErrorCode::InvalidArgument && error.field == field &&
        error.message.find(says) != std::string::npos) {
      return true;
    }
  }
  return false;
}

FlowCompilation compile(std::string_view json) {
  CompileOptions options;
  options.resolve_prompt = [](std::string_view prompt) -> std::optional<std::string> {
    static const std::set<std::string, std::less<>> known = {"welcome.wav"};
    if (!known.contains(prompt)) return std::nullopt;
    return "/var/lib/hotline/prompts/" + std::string(prompt);
  };
  return compile_flow(json, options);
}

TEST(IvrFlowCompiler, TheDocumentedExampleCompiles) {
  FlowCompilation compiled = compile(kHotlineFlow);
  ASSERT_TRUE(compiled.ok()) << listed(compiled.errors);
  const FlowVersion& flow = *compiled.flow;
  EXPECT_EQ(flow.name, "Service hotline");
  EXPECT_EQ(flow.nodes.size(), 13u);
  EXPECT_EQ(flow.nodes[flow.start].id, "hours");
  const Node* menu = flow.find("main");
  ASSERT_NE(menu, nullptr);
  EXPECT_STREQ(node_type_name(menu->body), "menu");
  const auto& keys = std::get<MenuNode>(menu->body).keys;
  EXPECT_EQ(flow.nodes[keys.at('1').index].id, "account");
  // The prompt file is played from where the prompt store says it is.
  const auto& welcome = std::get<PlayNode>(flow.find("welcome")->body);
  EXPECT_EQ(welcome.prompt.items[0].spec.value, "/var/lib/hotline/prompts/welcome.wav");
  EXPECT_EQ(welcome.prompt.items[1].spec.kind, media::PlayItemSpec::Kind::Speech);

  FlowCompilation survey = compile(kSurveyFlow);
  ASSERT_TRUE(survey.ok()) << listed(survey.errors);
}

TEST(IvrFlowCompiler, ReportsEveryErrorWithNodeAndField) {
  FlowCompilation compiled = compile(R"json({
    "name": "broken",
    "start": "menu1",
    "nodes": {
      "menu1": {"type": "menu", "prompt": [{"type": "file", "path": "nosuch.wav"}],
                "keys": {"1": "sales", "2": "cond", "3": "sales2", "4": "script", "x": "sales"},
                "timeout_ms": "5s", "on_failure": "bye"},
      "cond": {"type": "condition", "branches": [{"when": "caller.vip_level >=", "next": "sales"}]},
      "script": {"type": "lua", "script": "local x = 1\nif then end", "next": "sales"},
      "sales": {"type": "queue", "queue": "sales", "colour": "red"},
      "empty_menu": {"type": "menu", "keys": {}},
      "bye": {"type": "hangup"},
      "orphan": {"type": "hangup"}
    }
  })json");
  ASSERT_FALSE(compiled.ok());
  EXPECT_FALSE(compiled.flow);
  const auto& e = compiled.errors;
  EXPECT_TRUE(has_error(e, "nodes.menu1.prompt.0.path", "unknown prompt file 'nosuch.wav'")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.menu1.keys.3", "unknown node 'sales2'")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.menu1.keys.x", "is not a key")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.menu1.timeout_ms", "must be an integer")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.cond.branches.0.when", "ends too soon")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.cond.default", "missing")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.script.script", "line 2:")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.sales.colour", "unknown field")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.empty_menu.keys", "at least one key")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.empty_menu", "unreachable from start node 'menu1'")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.orphan", "unreachable")) << listed(e);
  EXPECT_EQ(e.size(), 11u) << listed(e);

  Error summary = summarize_errors(e);
  EXPECT_EQ(summary.code, ErrorCode::InvalidArgument);
  EXPECT_EQ(summary.field, e.front().field);
  EXPECT_NE(summary.message.find("nodes.menu1.keys.3: unknown node 'sales2'"), std::string::npos);
}

TEST(IvrFlowCompiler, UnreachableNodesAreReported) {
  FlowCompilation compiled = compile(R"json({
    "name": "leftovers", "start": "a",
    "nodes": {
      "a": {"type": "play", "items": [{"type": "silence", "duration_ms": 100}], "next": "b"},
      "b": {"type": "hangup"},
      "c": {"type": "play", "items": [{"type": "silence", "duration_ms": 100}], "next": "d"},
      "d": {"type": "hangup"}
    }
  })json");
  ASSERT_EQ(compiled.errors.size(), 2u) << listed(compiled.errors);
  EXPECT_TRUE(has_error(compiled.errors, "nodes.c", "unreachable"));
  EXPECT_TRUE(has_error(compiled.errors, "nodes.d", "unreachable"));
}

TEST(IvrFlowCompiler, BadJsonAndBadShape) {
  auto not_json = compile("{\"name\": \"x\", ");
  ASSERT_EQ(not_json.errors.size(), 1u);
  EXPECT_EQ(not_json.errors[0].field, "flow");
  EXPECT_NE(not_json.errors[0].message.find("not valid JSON"), std::string::npos);
  EXPECT_TRUE(has_error(compile("[1]").errors, "flow", "must be a JSON object"));

  auto empty = compile("{}");
  EXPECT_TRUE(has_error(empty.errors, "name", "missing")) << listed(empty.errors);
  EXPECT_TRUE(has_error(empty.errors, "nodes", "missing"));
  EXPECT_TRUE(has_error(empty.errors, "start", "missing"));

  auto unknown_start =
      compile(R"({"name": "x", "start": "nope", "nodes": {"a": {"type": "hangup"}}, "zoom": 2})");
  EXPECT_TRUE(has_error(unknown_start.errors, "start", "unknown node 'nope'"))
      << listed(unknown_start.errors);
  EXPECT_TRUE(has_error(unknown_start.errors, "zoom", "unknown field"));
}

TEST(IvrFlowCompiler, FieldChecksPerNodeType) {
  auto compiled = compile(R"json({
    "name": "fields", "start": "p",
    "nodes": {
      "p": {"type": "play", "items": [{"type": "tts", "text": "hi {{", "language": "fr"},
                                       {"type": "tone", "tone": "siren"}, {"type": "video"}], "next": "c"},
      "c": {"type": "collect", "max_digits": 4, "min_digits": 6, "terminator": "##", "validation": "([0-9]",
            "variable": "9lives", "next": "t"},
      "t": {"type": "condition", "branches": [{"time": [{"from": "9:00", "to": "18:00"}], "weekdays": [0],
                                              "next": "s"}, {"next": "s"}], "default": "s"},
      "s": {"type": "set", "variable": "x", "next": "h"},
      "h": {"type": "http", "method": "FETCH", "url": "https://{{host}}/x", "timeout_ms": 60000,
            "response": {"a-b": "x"}, "next": "l"},
      "l": {"type": "lua", "script": "return 1"},
      "bad id!": {"type": "hangup"},
      "w": {"type": "warp"}
    }
  })json");
  const auto& e = compiled.errors;
  EXPECT_TRUE(has_error(e, "nodes.p.items.0.text", "not closed")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.p.items.0.language", "zh-CN or en")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.p.items.1.tone", "must be dial")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.p.items.2.type", "unknown prompt item type 'video'")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.c.min_digits", "must not exceed max_digits")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.c.terminator", "one key")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.c.validation", "not a regular expression")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.c.variable", "not a variable name")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.t.branches.0.time.0.from", "HH:MM")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.t.branches.0.weekdays", "1 (Monday) to 7")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.t.branches.1", "a branch needs")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.s.value", "missing")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.h.method", "GET, POST")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.h.url", "host written out")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.h.timeout_ms", "between 100 and 30000")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.h.response.a-b", "not a variable name")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.l.next", "missing (or give branches)")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.bad id!", "a node id is")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.w.type", "unknown node type 'warp'")) << listed(e);
  EXPECT_TRUE(has_error(e, "nodes.p.next", "missing") == false) << listed(e);
}

TEST(IvrFlowCompiler, MissingNextIsAMissingBranch) {
  auto compiled = compile(R"json({
    "name": "ends", "start": "p",
    "nodes": {"p": {"type": "play", "items": [{"type": "silence", "duration_ms": 100}]}}
  })json");
  EXPECT_TRUE(has_error(compiled.errors, "nodes.p.next", "missing")) << listed(compiled.errors);
}

}  // namespace
}  // namespace hotline::ivr
