// A waiting caller's announcement in each language: the place, the wait in whole minutes once
// there is an estimate, and the plural in English.
#include "acd/runtime/queue_announcement.hpp"

#include <gtest/gtest.h>

namespace hotline::acd {
namespace {

TEST(QueueAnnouncement, Chinese) {
  EXPECT_EQ(queue_position_text(1, std::nullopt, "zh-CN"), "您是下一位，请稍候。");
  EXPECT_EQ(queue_position_text(4, 61'000, "zh-CN"), "您前面还有3位客户在等候，预计等待2分钟，请稍候。");
  EXPECT_EQ(queue_position_text(2, 5'000, "zh-CN"), "您前面还有1位客户在等候，预计等待1分钟，请稍候。");
}

TEST(QueueAnnouncement, English) {
  EXPECT_EQ(queue_position_text(1, std::nullopt, "en"), "You are next in line. Please hold.");
  EXPECT_EQ(queue_position_text(2, 60'000, "en"),
            "There is 1 caller ahead of you. The expected wait is about 1 minute. Please hold.");
  EXPECT_EQ(queue_position_text(5, 150'000, "en"),
            "There are 4 callers ahead of you. The expected wait is about 3 minutes. Please hold.");
}

}  // namespace
}  // namespace hotline::acd
