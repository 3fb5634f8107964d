#include "pbx/agent_announcement.hpp"

#include <gtest/gtest.h>

namespace hotline::pbx {
namespace {

TEST(AgentAnnouncementTest, TheWorkNumberIsSpokenDigitByDigitInChinese) {
  auto spec = agent_announcement("1001", "zh-CN");
  ASSERT_EQ(spec.items.size(), 1u);
  EXPECT_EQ(spec.items[0].kind, media::PlayItemSpec::Kind::Speech);
  EXPECT_EQ(spec.items[0].language, "zh-CN");
  EXPECT_EQ(spec.items[0].value, "工号 一 零 零 一 为您服务");
  EXPECT_FALSE(spec.interruptible) << "a key must not cut the agent's number short";
}

TEST(AgentAnnouncementTest, EnglishSaysTheDigitsOneByOne) {
  auto spec = agent_announcement("2045", "en");
  EXPECT_EQ(spec.items[0].value, "Agent number 2 0 4 5 at your service.");
  EXPECT_EQ(spec.items[0].language, "en");
}

TEST(AgentAnnouncementTest, SpokenDigitsLeaveOutWhatIsNotADigit) {
  auto item = spoken_digits("+86-7", "zh-CN");
  EXPECT_EQ(item.value, "八 六 七");
  EXPECT_EQ(spoken_digits("", "en").value, "");
}

}  // namespace
}  // namespace hotline::pbx
