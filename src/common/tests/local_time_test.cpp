#include "common/local_time.hpp"

#include <gtest/gtest.h>

namespace hotline {
namespace {

TEST(LocalTime, DateWeekdayAndRangesAcrossMidnight) {
  // 2024-10-01T00:30:00+08:00 is 2024-09-30T16:30:00Z, 1727713800 s.
  LocalTime t = local_time(1'727'713'800'000, 480);
  EXPECT_EQ(t.date(), "2024-10-01");
  EXPECT_EQ(t.weekday, 2);  // Tuesday
  EXPECT_EQ(t.minute_of_day, 30);
  LocalTime utc = local_time(1'727'713'800'000, 0);
  EXPECT_EQ(utc.date(), "2024-09-30");
  EXPECT_EQ(utc.weekday, 1);
  EXPECT_EQ(local_time(-60'000, 0).date(), "1969-12-31");
  EXPECT_EQ(parse_hh_mm("09:30"), 570);
  EXPECT_EQ(parse_hh_mm("24:00"), 1440);
  EXPECT_FALSE(parse_hh_mm("24:01"));
  EXPECT_FALSE(parse_hh_mm("9:30"));
  EXPECT_TRUE(is_iso_date("2024-02-29"));
  EXPECT_FALSE(is_iso_date("2023-02-29"));
  TimeRange night{22 * 60, 6 * 60};
  EXPECT_TRUE(night.contains(23 * 60));
  EXPECT_TRUE(night.contains(60));
  EXPECT_FALSE(night.contains(12 * 60));
  TimeRange day{9 * 60, 18 * 60};
  EXPECT_TRUE(day.contains(9 * 60));
  EXPECT_FALSE(day.contains(18 * 60));
}

TEST(LocalTime, DayStartIsTheLocalMidnightBefore) {
  // 2024-10-01T00:30:00.250+08:00: the day began at 2024-10-01T00:00+08:00 = 2024-09-30T16:00Z.
  const UnixMs now = 1'727'713'800'250;
  EXPECT_EQ(local_day_start(now, 480), 1'727'712'000'000);
  EXPECT_EQ(local_day_start(now, 0), 1'727'654'400'000);         // 2024-09-30T00:00Z
  EXPECT_EQ(local_day_start(now, -300), 1'727'672'400'000);      // 2024-09-30T00:00-05:00
  EXPECT_EQ(local_day_start(1'727'712'000'000, 480), 1'727'712'000'000);  // midnight itself
  EXPECT_EQ(local_day_start(1'727'711'999'999, 480), 1'727'625'600'000);  // a millisecond before
}

}  // namespace
}  // namespace hotline
