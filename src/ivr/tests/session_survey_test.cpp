// The survey node records each answer in the trail (IVR-9), which the runtime stores against the
// call and its agent; an invalid key is not an answer.
#include <gtest/gtest.h>

#include "example_flows.hpp"
#include "session_fixture.hpp"

namespace hotline::ivr {
namespace {

using testing::compile_ok;
using testing::find_action;
using testing::finish_plays;
using testing::heard;

TEST(IvrSessionSurvey, TheKeyPressedIsAnAnswerInTheTrail) {
  ManualClock clock;
  Session session(compile_ok(testing::kSurveyFlow),
                  CallContext{{"13800138000", "4000"}, {{"agent_extension", "1001"}}}, clock);
  Actions actions = session.start();
  const AnnounceAgent* announce = find_action<AnnounceAgent>(actions);
  ASSERT_NE(announce, nullptr);
  actions = finish_plays(session, session.on_event(PlayFinished{announce->token}));
  ASSERT_NE(find_action<WaitDigits>(actions), nullptr);

  actions = session.on_event(Digit{'9'});  // not one of "123"
  EXPECT_EQ(heard(actions), "输入有误|满意请按1，一般请按2，不满意请按3");
  EXPECT_TRUE(session.trail().survey_answers.empty());
  finish_plays(session, actions);
  actions = session.on_event(Digit{'2'});
  EXPECT_EQ(heard(actions), "谢谢");

  ASSERT_EQ(session.trail().survey_answers.size(), 1u);
  const SurveyAnswer& answer = session.trail().survey_answers[0];
  EXPECT_EQ(answer.node, "ask");
  EXPECT_EQ(answer.variable, "satisfaction");
  EXPECT_EQ(answer.key, '2');
  EXPECT_EQ(session.variables().at("satisfaction"), "2");
  EXPECT_EQ(session.variables().at("agent_extension"), "1001") << "the runtime's variables are kept";
}

}  // namespace
}  // namespace hotline::ivr
