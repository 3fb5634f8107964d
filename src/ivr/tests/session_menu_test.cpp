#include <gtest/gtest.h>

#include "example_flows.hpp"
#include "session_fixture.hpp"

namespace hotline::ivr {
namespace {

using testing::compile_ok;
using testing::find_action;
using testing::finish_plays;
using testing::has_action;
using testing::heard;

constexpr const char* kMenuFlow = R"json({
  "name": "menu", "start": "welcome",
  "nodes": {
    "welcome": {"type": "play", "items": [{"type": "tts", "text": "welcome"}], "next": "main"},
    "main": {"type": "menu", "prompt": [{"type": "tts", "text": "sales 1, support 2"}],
             "keys": {"1": "sales", "2": "support", "9": "main"}, "variable": "choice",
             "timeout_ms": 4000, "max_retries": 2,
             "invalid_prompt": [{"type": "tts", "text": "invalid"}],
             "timeout_prompt": [{"type": "tts", "text": "no input"}],
             "on_failure": "goodbye"},
    "sales": {"type": "queue", "queue": "sales", "priority": 5, "on_failure": "busy"},
    "support": {"type": "transfer", "target": "8001", "on_failure": "goodbye"},
    "busy": {"type": "voicemail", "box": "sales-{{choice}}", "on_failure": "goodbye"},
    "goodbye": {"type": "play", "items": [{"type": "tts", "text": "goodbye"}], "interruptible": false,
                "next": "bye"},
    "bye": {"type": "hangup", "cause": "no_choice"}
  }
})json";

class IvrSessionMenu : public ::testing::Test {
 protected:
  ManualClock clock_;
  FlowPtr flow_ = compile_ok(kMenuFlow);
  Session session_{flow_, CallContext{{"13800138000", "4000"}}, clock_};

  // Starts the call and lets the welcome and menu prompts play out; returns the WaitDigits.
  WaitDigits reach_menu() {
    Actions actions = session_.start();
    EXPECT_EQ(heard(actions), "welcome");
    actions = session_.on_event(PlayFinished{find_action<Play>(actions)->token});
    EXPECT_EQ(heard(actions), "sales 1, support 2");
    actions = session_.on_event(PlayFinished{find_action<Play>(actions)->token});
    const WaitDigits* wait = find_action<WaitDigits>(actions);
    EXPECT_NE(wait, nullptr);
    return wait ? *wait : WaitDigits{};
  }
};

TEST_F(IvrSessionMenu, PressingOneQueuesForSales) {
  WaitDigits wait = reach_menu();
  EXPECT_EQ(wait.timeout_ms, 4000);
  Actions actions = session_.on_event(Digit{'1'});
  const Enqueue* enqueue = find_action<Enqueue>(actions);
  ASSERT_NE(enqueue, nullptr);
  EXPECT_EQ(enqueue->queue, "sales");
  EXPECT_EQ(enqueue->priority, 5);
  EXPECT_EQ(enqueue->variables.at("choice"), "1");
  EXPECT_EQ(session_.state(), Session::State::HandedOff);
  EXPECT_EQ(session_.trail().path, (std::vector<std::string>{"welcome", "main", "sales"}));
  EXPECT_EQ(session_.trail().keys, "1");
  EXPECT_EQ(session_.trail().end, "queue");
  // The timer the menu armed fires late: ignored.
  EXPECT_TRUE(session_.on_event(Timeout{wait.token}).empty());
}

TEST_F(IvrSessionMenu, AWrongKeyPlaysTheInvalidPromptAndAsksAgain) {
  reach_menu();
  Actions actions = session_.on_event(Digit{'7'});
  EXPECT_EQ(heard(actions), "invalid|sales 1, support 2");
  actions = session_.on_event(PlayFinished{find_action<Play>(actions)->token});
  ASSERT_TRUE(has_action<WaitDigits>(actions));
  actions = session_.on_event(Digit{'2'});
  const Transfer* transfer = find_action<Transfer>(actions);
  ASSERT_NE(transfer, nullptr);
  EXPECT_EQ(transfer->target, "8001");
  EXPECT_FALSE(transfer->external);
  EXPECT_EQ(session_.trail().keys, "72");
}

TEST_F(IvrSessionMenu, TimeoutsEndAtOnFailure) {
  WaitDigits wait = reach_menu();
  for (int retry = 0; retry < 2; ++retry) {
    Actions actions = session_.on_event(Timeout{wait.token});
    EXPECT_EQ(heard(actions), "no input|sales 1, support 2");
    actions = session_.on_event(PlayFinished{find_action<Play>(actions)->token});
    ASSERT_TRUE(has_action<WaitDigits>(actions));
    EXPECT_TRUE(session_.on_event(Timeout{wait.token}).empty()) << "a replaced timer is stale";
    wait = *find_action<WaitDigits>(actions);
  }
  Actions actions = session_.on_event(Timeout{wait.token});
  EXPECT_EQ(heard(actions), "goodbye");
  EXPECT_FALSE(find_action<Play>(actions)->spec.interruptible);
  EXPECT_TRUE(session_.on_event(Digit{'1'}).empty()) << "keys during a non-interruptible prompt are dropped";
  actions = session_.on_event(PlayFinished{find_action<Play>(actions)->token});
  const Hangup* hangup = find_action<Hangup>(actions);
  ASSERT_NE(hangup, nullptr);
  EXPECT_EQ(hangup->cause, "no_choice");
  EXPECT_TRUE(has_action<Finished>(actions));
  EXPECT_EQ(session_.state(), Session::State::Finished);
  EXPECT_EQ(session_.trail().end, "hangup:no_choice");
  ASSERT_EQ(session_.trail().errors.size(), 1u);
  EXPECT_EQ(session_.trail().errors[0], "nodes.main: no valid entry after 3 attempts");
}

TEST_F(IvrSessionMenu, AKeyDuringTheWelcomeSelectsInTheMenu) {
  Actions actions = session_.start();
  std::uint64_t welcome = find_action<Play>(actions)->token;
  actions = session_.on_event(Digit{'1'});
  EXPECT_TRUE(has_action<StopPlay>(actions));
  EXPECT_FALSE(has_action<Play>(actions)) << "the menu prompt is skipped";
  ASSERT_TRUE(has_action<Enqueue>(actions));
  // The prompt's own report of the interruption comes after: nothing more happens.
  EXPECT_TRUE(session_.on_event(PlayInterrupted{welcome, '1'}).empty());
  EXPECT_EQ(session_.trail().keys, "1");
}

TEST_F(IvrSessionMenu, AKeyInterruptsTheMenuPromptWhicheverEventComesFirst) {
  Actions actions = session_.start();
  actions = session_.on_event(PlayFinished{find_action<Play>(actions)->token});
  std::uint64_t menu_prompt = find_action<Play>(actions)->token;
  // The prompt reports its interruption before the key arrives.
  actions = session_.on_event(PlayInterrupted{menu_prompt, '2'});
  ASSERT_TRUE(has_action<WaitDigits>(actions));
  actions = session_.on_event(Digit{'2'});
  ASSERT_TRUE(has_action<Transfer>(actions));
  EXPECT_EQ(session_.trail().keys, "2");
}

TEST_F(IvrSessionMenu, AKeyBackToTheSameMenuPlaysItAgain) {
  reach_menu();
  Actions actions = session_.on_event(Digit{'9'});
  EXPECT_EQ(heard(actions), "sales 1, support 2");
  EXPECT_EQ(session_.trail().path, (std::vector<std::string>{"welcome", "main", "main"}));
}

TEST_F(IvrSessionMenu, AFailedQueueFallsBackToVoicemail) {
  reach_menu();
  session_.on_event(Digit{'1'});
  Actions actions = session_.on_event(HandoffFailed{"no agents logged in"});
  const Voicemail* voicemail = find_action<Voicemail>(actions);
  ASSERT_NE(voicemail, nullptr);
  EXPECT_EQ(voicemail->box, "sales-1");
  EXPECT_EQ(session_.trail().end, "voicemail");
  EXPECT_EQ(session_.trail().errors.back(), "nodes.sales: queue failed: no agents logged in");
}

TEST_F(IvrSessionMenu, TheCallerHangingUpEndsTheSession) {
  reach_menu();
  EXPECT_TRUE(session_.on_event(CallerHangup{}).empty());
  EXPECT_EQ(session_.state(), Session::State::Finished);
  EXPECT_EQ(session_.trail().end, "caller_hangup");
  EXPECT_TRUE(session_.on_event(Digit{'1'}).empty());
}

TEST_F(IvrSessionMenu, AFailedPromptIsNotedAndTheMenuWaits) {
  Actions actions = session_.start();
  actions = session_.on_event(PlayFailed{find_action<Play>(actions)->token, "speech cache unavailable"});
  ASSERT_TRUE(has_action<Play>(actions));
  EXPECT_EQ(session_.trail().errors.at(0), "nodes.welcome: prompt failed: speech cache unavailable");
}

TEST(IvrSessionSurvey, TheKeyIsStoredAfterTheAgentsNumber) {
  ManualClock clock;
  CallContext context{{"13800138000", "4000"}, {{"agent_id", "42"}}};
  Session session(compile_ok(testing::kSurveyFlow), context, clock);
  Actions actions = session.start();
  const AnnounceAgent* announce = find_action<AnnounceAgent>(actions);
  ASSERT_NE(announce, nullptr);
  EXPECT_EQ(heard(announce->before), "工号");
  EXPECT_EQ(heard(announce->after), "为您服务");
  EXPECT_EQ(announce->language, "zh-CN");
  actions = session.on_event(PlayFinished{announce->token});
  EXPECT_EQ(heard(actions), "满意请按1，一般请按2，不满意请按3");
  actions = session.on_event(Digit{'5'});
  EXPECT_EQ(heard(actions), "输入有误|满意请按1，一般请按2，不满意请按3");
  actions = session.on_event(Digit{'1'});
  EXPECT_TRUE(has_action<StopPlay>(actions));
  EXPECT_EQ(heard(actions), "谢谢");
  actions = finish_plays(session, actions);
  EXPECT_TRUE(has_action<Finished>(actions));
  EXPECT_EQ(session.variables().at("satisfaction"), "1");
  EXPECT_EQ(session.variables().at("agent_id"), "42");
}

TEST(IvrSessionTransfer, AnOutsideNumberFromAVariableMustBeANumber) {
  constexpr const char* kDutyFlow = R"json({
    "name": "duty", "start": "forward",
    "nodes": {
      "forward": {"type": "transfer", "target": "{{duty_number}}", "external": true, "on_failure": "mailbox"},
      "mailbox": {"type": "voicemail", "box": "duty"}
    }
  })json";
  ManualClock clock;
  Session good(compile_ok(kDutyFlow), CallContext{{}, {{"duty_number", "+8613900139000"}}}, clock);
  Actions actions = good.start();
  ASSERT_NE(find_action<Transfer>(actions), nullptr);
  EXPECT_EQ(find_action<Transfer>(actions)->target, "+8613900139000");
  EXPECT_TRUE(find_action<Transfer>(actions)->external);

  Session bad(compile_ok(kDutyFlow), CallContext{{}, {{"duty_number", "1@evil.example;transport=tcp"}}},
              clock);
  actions = bad.start();
  EXPECT_FALSE(has_action<Transfer>(actions));
  ASSERT_NE(find_action<Voicemail>(actions), nullptr);
  EXPECT_EQ(bad.trail().errors.at(0).rfind("nodes.forward: transfer target '1@evil.example", 0), 0u)
      << bad.trail().errors.at(0);
}

TEST(IvrSessionLoop, AFlowThatNeverWaitsIsHungUp) {
  ManualClock clock;
  Session session(compile_ok(R"json({
    "name": "loop", "start": "a",
    "nodes": {
      "a": {"type": "set", "variable": "n", "expression": "n + 1", "next": "b"},
      "b": {"type": "condition", "branches": [{"when": "n > 1000000", "next": "c"}], "default": "a"},
      "c": {"type": "hangup"}
    }
  })json"),
                  CallContext{}, clock);
  Actions actions = session.start();
  const Hangup* hangup = find_action<Hangup>(actions);
  ASSERT_NE(hangup, nullptr);
  EXPECT_EQ(hangup->cause, "ivr_loop");
  EXPECT_EQ(session.state(), Session::State::Finished);
}

}  // namespace
}  // namespace hotline::ivr
