#include "common/local_time.hpp"

#include <cstdio>

namespace hotline {
namespace {

constexpr std::int64_t kMinutesPerDay = 24 * 60;

// Days since 1970-01-01 → proleptic Gregorian date (Howard Hinnant's civil_from_days).
void civil_from_days(std::int64_t days, int& year, int& month, int& day) {
  days += 719468;
  std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  auto doe = static_cast<unsigned>(days - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0));
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

std::optional<int> digits(std::string_view text) {
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return text.empty() ? std::nullopt : std::optional<int>(value);
}

}  // namespace

std::string LocalTime::date() const {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
  return text;
}

LocalTime local_time(UnixMs now, int utc_offset_minutes) {
  std::int64_t minutes = now / 60'000 - (now % 60'000 < 0 ? 1 : 0) + utc_offset_minutes;
  std::int64_t days = minutes / kMinutesPerDay - (minutes % kMinutesPerDay < 0 ? 1 : 0);
  LocalTime local;
  local.minute_of_day = static_cast<int>(minutes - days * kMinutesPerDay);
  civil_from_days(days, local.year, local.month, local.day);
  // 1970-01-01 was a Thursday (ISO 4).
  local.weekday = static_cast<int>(((days % 7) + 7 + 3) % 7) + 1;
  return local;
}

UnixMs local_day_start(UnixMs now, int utc_offset_minutes) {
  const LocalTime local = local_time(now, utc_offset_minutes);
  const UnixMs minute_start = now - (now % 60'000 + 60'000) % 60'000;
  return minute_start - static_cast<UnixMs>(local.minute_of_day) * 60'000;
}

std::optional<int> parse_hh_mm(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  auto hours = digits(text.substr(0, 2));
  auto minutes = digits(text.substr(3, 2));
  if (!hours || !minutes || *minutes > 59 || *hours > 24 || (*hours == 24 && *minutes != 0)) {
    return std::nullopt;
  }
  return *hours * 60 + *minutes;
}

bool is_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  auto year = digits(text.substr(0, 4));
  auto month = digits(text.substr(5, 2));
  auto day = digits(text.substr(8, 2));
  if (!year || !month || !day || *month < 1 || *month > 12 || *day < 1) return false;
  return *day <= days_in_month(*year, *month);
}

bool TimeRange::contains(int minute_of_day) const {
  if (from_minute == to_minute) return true;
  if (from_minute < to_minute) return minute_of_day >= from_minute && minute_of_day < to_minute;
  return minute_of_day >= from_minute || minute_of_day < to_minute;
}

}  // namespace hotline
