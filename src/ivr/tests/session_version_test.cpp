#include <gtest/gtest.h>

#include "session_fixture.hpp"

namespace hotline::ivr {
namespace {

using testing::compile_ok;
using testing::find_action;
using testing::heard;

std::string menu_flow(std::string_view greeting, std::string_view queue) {
  return std::string(R"json({"name": "versions", "start": "main", "nodes": {
    "main": {"type": "menu", "prompt": [{"type": "tts", "text": ")json") +
         std::string(greeting) + R"json("}], "keys": {"1": "q"}},
    "q": {"type": "queue", "queue": ")json" +
         std::string(queue) + R"json("}}})json";
}

TEST(IvrSessionVersion, ARunningCallKeepsItsVersionWhenANewOneIsPublished) {
  ManualClock clock;
  FlowPtr published = compile_ok(menu_flow("old greeting", "old_queue"), 1);
  std::weak_ptr<const FlowVersion> first = published;
  Session early(published, CallContext{}, clock);
  Actions actions = early.start();
  EXPECT_EQ(heard(actions), "old greeting");

  // Publishing replaces what new calls get; the store drops its reference to version 1.
  published = compile_ok(menu_flow("new greeting", "new_queue"), 2);
  EXPECT_FALSE(first.expired()) << "the running call holds version 1";

  Session late(published, CallContext{}, clock);
  EXPECT_EQ(heard(late.start()), "new greeting");

  actions = early.on_event(Digit{'1'});
  EXPECT_EQ(find_action<Enqueue>(actions)->queue, "old_queue");
  EXPECT_EQ(early.flow().version, 1);
  EXPECT_EQ(find_action<Enqueue>(late.on_event(Digit{'1'}))->queue, "new_queue");
  EXPECT_EQ(late.flow().version, 2);
}

TEST(IvrSessionVersion, AVersionIsSharedNotCopied) {
  ManualClock clock;
  FlowPtr flow = compile_ok(menu_flow("hi", "q"), 7);
  std::vector<std::unique_ptr<Session>> calls;
  for (int i = 0; i < 100; ++i) calls.push_back(std::make_unique<Session>(flow, CallContext{}, clock));
  EXPECT_EQ(flow.use_count(), 101);
  EXPECT_EQ(&calls[0]->flow(), &calls[99]->flow());
  calls.clear();
  EXPECT_EQ(flow.use_count(), 1);
}

}  // namespace
}  // namespace hotline::ivr
