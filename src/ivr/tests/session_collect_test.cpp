#include <gtest/gtest.h>

#include "session_fixture.hpp"

namespace hotline::ivr {
namespace {

using testing::compile_ok;
using testing::find_action;
using testing::has_action;
using testing::heard;

constexpr const char* kCollectFlow = R"json({
  "name": "collect", "start": "card",
  "nodes": {
    "card": {"type": "collect", "prompt": [{"type": "tts", "text": "card number"}],
             "min_digits": 4, "max_digits": 6, "terminator": "#", "timeout_ms": 6000,
             "inter_digit_timeout_ms": 2000, "validation": "^6[0-9]+$", "variable": "card",
             "max_retries": 1, "invalid_prompt": [{"type": "tts", "text": "wrong"}],
             "timeout_prompt": [{"type": "tts", "text": "nothing"}],
             "next": "thanks", "on_failure": "agent"},
    "thanks": {"type": "play", "items": [{"type": "tts", "text": "card {{card}}"}], "next": "bye"},
    "agent": {"type": "queue", "queue": "cards"},
    "bye": {"type": "hangup"}
  }
})json";

class IvrSessionCollect : public ::testing::Test {
 protected:
  ManualClock clock_;
  Session session_{compile_ok(kCollectFlow), CallContext{}, clock_};

  WaitDigits prompt_played() {
    Actions actions = session_.start();
    EXPECT_EQ(heard(actions), "card number");
    actions = session_.on_event(PlayFinished{find_action<Play>(actions)->token});
    EXPECT_TRUE(has_action<WaitDigits>(actions));
    return has_action<WaitDigits>(actions) ? *find_action<WaitDigits>(actions) : WaitDigits{};
  }

  Actions press(std::string_view keys) {
    Actions last;
    for (char key : keys) last = session_.on_event(Digit{key});
    return last;
  }
};

TEST_F(IvrSessionCollect, DigitsUpToTheTerminatorAreStored) {
  WaitDigits first = prompt_played();
  EXPECT_EQ(first.timeout_ms, 6000);
  Actions actions = session_.on_event(Digit{'6'});
  const WaitDigits* between = find_action<WaitDigits>(actions);
  ASSERT_NE(between, nullptr);
  EXPECT_EQ(between->timeout_ms, 2000);
  actions = press("123#");
  EXPECT_EQ(heard(actions), "card 6123");
  EXPECT_EQ(session_.variables().at("card"), "6123");
  EXPECT_EQ(session_.trail().keys, "6123#");
}

TEST_F(IvrSessionCollect, MaxDigitsEndsTheEntryWithoutTerminator) {
  prompt_played();
  Actions actions = press("612345");
  EXPECT_EQ(heard(actions), "card 612345");
}

TEST_F(IvrSessionCollect, TheInterDigitTimeoutEndsTheEntry) {
  prompt_played();
  Actions actions = press("61234");
  WaitDigits between = *find_action<WaitDigits>(actions);
  actions = session_.on_event(Timeout{between.token});
  EXPECT_EQ(heard(actions), "card 61234");
}

TEST_F(IvrSessionCollect, AnInvalidEntryIsAskedAgainThenFails) {
  prompt_played();
  Actions actions = press("7123#");  // fails the validation regex
  EXPECT_EQ(heard(actions), "wrong|card number");
  actions = press("61#");  // too short; the key interrupts the prompt
  EXPECT_TRUE(has_action<Enqueue>(actions)) << "max_retries 1: the second wrong entry goes to on_failure";
  EXPECT_FALSE(session_.variables().contains("card"));
  EXPECT_EQ(session_.trail().path, (std::vector<std::string>{"card", "agent"}));
}

TEST_F(IvrSessionCollect, SilenceIsATimeoutRetry) {
  WaitDigits wait = prompt_played();
  Actions actions = session_.on_event(Timeout{wait.token});
  EXPECT_EQ(heard(actions), "nothing|card number");
  actions = session_.on_event(PlayFinished{find_action<Play>(actions)->token});
  actions = press("6000#");
  EXPECT_EQ(heard(actions), "card 6000");
}

TEST_F(IvrSessionCollect, KeysTypedDuringThePromptCount) {
  Actions actions = session_.start();
  actions = session_.on_event(Digit{'6'});
  EXPECT_TRUE(has_action<StopPlay>(actions));
  EXPECT_TRUE(has_action<WaitDigits>(actions));
  actions = press("999#");
  EXPECT_EQ(heard(actions), "card 6999");
}

TEST(IvrSessionCollectTypeAhead, KeysFromAnEarlierPromptFillTheEntry) {
  ManualClock clock;
  Session session(compile_ok(R"json({
    "name": "typeahead", "start": "hello",
    "nodes": {
      "hello": {"type": "play", "items": [{"type": "tts", "text": "hello"}], "next": "pin"},
      "pin": {"type": "collect", "prompt": [{"type": "tts", "text": "pin"}], "max_digits": 4,
              "variable": "pin", "next": "bye"},
      "bye": {"type": "hangup"}
    }
  })json"),
                  CallContext{}, clock);
  session.start();
  Actions actions = session.on_event(Digit{'1'});
  EXPECT_TRUE(has_action<StopPlay>(actions));
  EXPECT_FALSE(has_action<Play>(actions));
  EXPECT_TRUE(has_action<WaitDigits>(actions));
  for (char key : std::string("234")) actions = session.on_event(Digit{key});
  EXPECT_TRUE(has_action<Finished>(actions));
  EXPECT_EQ(session.variables().at("pin"), "1234");
}

}  // namespace
}  // namespace hotline::ivr
