#include <gtest/gtest.h>

#include <ctime>

#include "session_fixture.hpp"

namespace hotline::ivr {
namespace {

using testing::compile_ok;
using testing::find_action;

constexpr const char* kHoursFlow = R"json({
  "name": "hours", "start": "hours",
  "nodes": {
    "hours": {"type": "condition", "branches": [
        {"holiday": "cn_public", "next": "closed"},
        {"when": "caller.vip_level >= 3 || customer.tier == 'gold'", "next": "vip"},
        {"weekdays": [1, 2, 3, 4, 5], "time": [{"from": "09:00", "to": "12:00"}, {"from": "13:30", "to": "18:00"}],
         "next": "language"},
        {"holiday": "cn_workday", "time": [{"from": "09:00", "to": "18:00"}], "next": "language"},
        {"weekdays": [6, 7], "time": [{"from": "22:00", "to": "06:00"}], "next": "night"}
      ], "default": "closed"},
    "language": {"type": "condition", "branches": [{"when": "lang == 'en'", "next": "open_en"}], "default": "open_zh"},
    "closed": {"type": "queue", "queue": "closed"},
    "vip": {"type": "queue", "queue": "vip"},
    "open_en": {"type": "queue", "queue": "open_en"},
    "open_zh": {"type": "queue", "queue": "open_zh"},
    "night": {"type": "queue", "queue": "night"}
  }
})json";

// Unix ms of a local time at UTC+8.
UnixMs beijing(int year, int month, int day, int hour, int minute) {
  std::tm t{};
  t.tm_year = year - 1900;
  t.tm_mon = month - 1;
  t.tm_mday = day;
  t.tm_hour = hour;
  t.tm_min = minute;
  return (static_cast<UnixMs>(timegm(&t)) - 8 * 3600) * 1000;
}

class IvrSessionCondition : public ::testing::Test {
 protected:
  FlowPtr flow_ = compile_ok(kHoursFlow);
  std::shared_ptr<const HolidayCalendars> holidays_ = std::make_shared<HolidayCalendars>(HolidayCalendars{
      {"cn_public", {"2024-10-01", "2024-10-02"}},
      {"cn_workday", {"2024-10-12"}},  // a Saturday worked in exchange for the National Day week
  });

  std::string queue_at(UnixMs now, CallerInfo caller = {}, Variables variables = {}) {
    ManualClock clock(now);
    CallContext context{std::move(caller), std::move(variables), holidays_, 480};
    Session session(flow_, context, clock);
    Actions actions = session.start();
    const Enqueue* enqueue = find_action<Enqueue>(actions);
    return enqueue ? enqueue->queue : "<none>";
  }
};

TEST_F(IvrSessionCondition, TimeOfDayAndWeekday) {
  EXPECT_EQ(queue_at(beijing(2024, 3, 4, 10, 0)), "open_zh");   // Monday morning
  EXPECT_EQ(queue_at(beijing(2024, 3, 4, 12, 30)), "closed");   // lunch
  EXPECT_EQ(queue_at(beijing(2024, 3, 4, 13, 30)), "open_zh");  // from 13:30
  EXPECT_EQ(queue_at(beijing(2024, 3, 8, 17, 59)), "open_zh");  // Friday
  EXPECT_EQ(queue_at(beijing(2024, 3, 8, 18, 0)), "closed");    // until 18:00
  EXPECT_EQ(queue_at(beijing(2024, 3, 9, 10, 0)), "closed");    // Saturday
  EXPECT_EQ(queue_at(beijing(2024, 3, 9, 23, 0)), "night");     // across midnight
  EXPECT_EQ(queue_at(beijing(2024, 3, 10, 5, 59)), "night");
}

TEST_F(IvrSessionCondition, HolidayCalendars) {
  EXPECT_EQ(queue_at(beijing(2024, 10, 1, 10, 0)), "closed");    // a Tuesday, but National Day
  EXPECT_EQ(queue_at(beijing(2024, 10, 12, 10, 0)), "open_zh");  // a Saturday worked
  EXPECT_EQ(queue_at(beijing(2024, 10, 13, 10, 0)), "closed");   // an ordinary Sunday
  // Holidays win over VIP because their branch comes first.
  EXPECT_EQ(queue_at(beijing(2024, 10, 1, 10, 0), {"1", "2", 5, {}}), "closed");
}

TEST_F(IvrSessionCondition, VipLevelAndCustomerFields) {
  UnixMs saturday = beijing(2024, 3, 9, 10, 0);
  EXPECT_EQ(queue_at(saturday, {"13800138000", "4000", 3, {}}), "vip");
  EXPECT_EQ(queue_at(saturday, {"13800138000", "4000", 2, {}}), "closed");
  EXPECT_EQ(queue_at(saturday, {"13800138000", "4000", 0, {{"tier", "gold"}}}), "vip");
}

TEST_F(IvrSessionCondition, Variables) {
  UnixMs monday = beijing(2024, 3, 4, 10, 0);
  EXPECT_EQ(queue_at(monday, {}, {{"lang", "en"}}), "open_en");
  EXPECT_EQ(queue_at(monday, {}, {{"lang", "zh"}}), "open_zh");
}

TEST_F(IvrSessionCondition, WithoutCalendarsNoDayIsAHoliday) {
  ManualClock clock(beijing(2024, 10, 1, 10, 0));
  Session session(flow_, CallContext{{}, {}, nullptr, 480}, clock);
  EXPECT_EQ(find_action<Enqueue>(session.start())->queue, "open_zh");
}

TEST(IvrSessionSet, ValuesExpressionsAndTimeNames) {
  ManualClock clock(beijing(2024, 3, 4, 9, 5));
  Session session(compile_ok(R"json({
    "name": "set", "start": "a",
    "nodes": {
      "a": {"type": "set", "variable": "greeting", "value": "hello {{caller.number}} at {{now.time}}", "next": "b"},
      "b": {"type": "set", "variable": "priority", "expression": "caller.vip_level * 10 + 1", "next": "c"},
      "c": {"type": "set", "variable": "flag", "value": true, "next": "d"},
      "d": {"type": "queue", "queue": "q", "priority": "priority", "carry": ["greeting", "flag"]}
    }
  })json"),
                  CallContext{{"1001", "4000", 2, {}}, {}, nullptr, 480}, clock);
  Actions actions = session.start();
  const Enqueue* enqueue = find_action<Enqueue>(actions);
  ASSERT_NE(enqueue, nullptr);
  EXPECT_EQ(enqueue->priority, 21);
  EXPECT_EQ(enqueue->variables, (Variables{{"flag", "true"}, {"greeting", "hello 1001 at 09:05"}}));
  EXPECT_EQ(session.variables().at("priority"), "21");
}

}  // namespace
}  // namespace hotline::ivr
