// Local calendar time for IVR conditions and outbound route windows: the date, weekday and minute
// of day at a fixed UTC offset (the tenant's), and "HH:MM" ranges that may cross midnight.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.hpp"

namespace hotline {

struct LocalTime {
  int year = 1970;
  int month = 1;    // 1-12
  int day = 1;      // 1-31
  int weekday = 4;  // ISO: 1 Monday .. 7 Sunday
  int minute_of_day = 0;

  std::string date() const;  // YYYY-MM-DD
};

LocalTime local_time(UnixMs now, int utc_offset_minutes);
// The local midnight that began the day `now` falls in, as Unix milliseconds (the start of
// "today" for daily figures).
UnixMs local_day_start(UnixMs now, int utc_offset_minutes);

// "HH:MM" (00:00-24:00) as minutes since midnight.
std::optional<int> parse_hh_mm(std::string_view text);
// "YYYY-MM-DD" with a month 1-12 and a day that exists in that month.
bool is_iso_date(std::string_view text);

// [from, to) in minutes of the day; from > to wraps past midnight (22:00-06:00); from == to is
// the whole day.
struct TimeRange {
  int from_minute = 0;
  int to_minute = 0;

  bool contains(int minute_of_day) const;
};

}  // namespace hotline
