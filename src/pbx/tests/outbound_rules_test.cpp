#include "pbx/outbound_rules.hpp"

#include <gtest/gtest.h>

#include "pbx/dialplan.hpp"

namespace hotline::pbx {
namespace {

// ISO weekdays: 1 Monday .. 7 Sunday.
LocalTime at(int weekday, int hour, int minute = 0) { return {2024, 10, 1, weekday, hour * 60 + minute}; }

store::OutboundRoute route_to(std::int64_t id, std::int64_t trunk, const char* pattern, int priority = 100,
                              int cost = 0) {
  store::OutboundRoute r{id, 1, pattern, trunk, priority, 0, "", 0};
  r.cost_per_minute = cost;
  return r;
}

std::vector<std::int64_t> trunks_of(const std::vector<TrunkCandidate>& candidates) {
  std::vector<std::int64_t> out;
  for (const auto& c : candidates) out.push_back(c.trunk_id);
  return out;
}

TEST(TrunkCandidates, OrderedByPriorityThenCostThenSpecificityThenAge) {
  std::vector<store::OutboundRoute> routes = {
      route_to(1, 10, "0.", 100, 9),    // same priority, dearer
      route_to(2, 11, "0.", 100, 3),    // same priority, cheaper
      route_to(3, 12, "0.", 50, 20),    // better priority beats any cost
      route_to(4, 13, "010.", 100, 3),  // as cheap as 2, more specific
      route_to(5, 14, "0.", 100, 3),    // as 2 in every way, newer
      route_to(6, 15, "139.", 1, 0),    // does not match
  };
  EXPECT_EQ(trunks_of(trunk_candidates(routes, "01055501234", at(2, 12))),
            (std::vector<std::int64_t>{12, 13, 11, 14, 10}));
}

TEST(TrunkCandidates, ATrunkIsTriedOnceAndEachCandidateHasItsRoutesDigitsAndCallerId) {
  auto local = route_to(1, 10, "9.", 10);
  local.strip_digits = 1;
  local.caller_id_mode = "fixed";
  local.caller_id = "01055500000";
  auto long_distance = route_to(2, 11, "90.", 20);
  long_distance.strip_digits = 1;
  long_distance.prepend = "+86";
  auto again = route_to(3, 10, "9.", 30);
  auto candidates = trunk_candidates({local, long_distance, again}, "901055501234", at(2, 12));
  ASSERT_EQ(candidates.size(), 2u);
  EXPECT_EQ(candidates[0].route_id, 1);
  EXPECT_EQ(candidates[0].number, "01055501234");
  EXPECT_EQ(candidates[0].caller_id.mode, CallerIdRule::Mode::Fixed);
  EXPECT_EQ(candidates[1].route_id, 2);
  EXPECT_EQ(candidates[1].number, "+8601055501234");
  EXPECT_EQ(candidates[1].caller_id.mode, CallerIdRule::Mode::Keep);
}

TEST(TrunkCandidates, RoutesOutsideTheirWindowAreSkipped) {
  auto office = route_to(1, 10, "0.", 10);
  office.open_days = *parse_days("mon-fri");
  office.open_from_minute = 8 * 60;
  office.open_to_minute = 18 * 60;
  auto always = route_to(2, 11, "0.", 20);
  EXPECT_EQ(trunks_of(trunk_candidates({office, always}, "0105550", at(3, 9))),
            (std::vector<std::int64_t>{10, 11}));
  EXPECT_EQ(trunks_of(trunk_candidates({office, always}, "0105550", at(3, 19))),
            (std::vector<std::int64_t>{11}));
  EXPECT_EQ(trunks_of(trunk_candidates({office, always}, "0105550", at(6, 9))),
            (std::vector<std::int64_t>{11}));
  EXPECT_TRUE(trunk_candidates({office}, "0105550", at(7, 12)).empty());
}

TEST(TrunkFailure, ServerErrorsTimeoutsAndRefusedCredentialsFailOverCalleeAnswersDoNot) {
  for (int status : {500, 502, 503, 504, 408, 401, 407}) EXPECT_TRUE(is_trunk_failure(status)) << status;
  for (int status : {486, 600, 404, 603, 480, 487, 403, 484, 200, 180})
    EXPECT_FALSE(is_trunk_failure(status)) << status;
}

TEST(RouteOpen, DayWindowIncludesItsStartAndExcludesItsEnd) {
  auto r = route_to(1, 10, "0.");
  r.open_from_minute = 8 * 60;
  r.open_to_minute = 18 * 60;
  EXPECT_FALSE(route_open(r, at(1, 7, 59)));
  EXPECT_TRUE(route_open(r, at(1, 8, 0)));
  EXPECT_TRUE(route_open(r, at(1, 17, 59)));
  EXPECT_FALSE(route_open(r, at(1, 18, 0)));
  r.open_from_minute = r.open_to_minute = 0;  // all day
  EXPECT_TRUE(route_open(r, at(7, 23, 59)));
}

TEST(RouteOpen, ANightWindowBelongsToTheDayItStartsOn) {
  auto night = route_to(1, 10, "0.");
  night.open_days = *parse_days("fri");
  night.open_from_minute = 22 * 60;
  night.open_to_minute = 6 * 60;
  EXPECT_TRUE(route_open(night, at(5, 23)));   // Friday night
  EXPECT_TRUE(route_open(night, at(6, 2)));    // Saturday small hours: Friday's night
  EXPECT_FALSE(route_open(night, at(6, 23)));  // Saturday night is not open
  EXPECT_FALSE(route_open(night, at(5, 2)));   // Friday small hours belong to Thursday
  EXPECT_FALSE(route_open(night, at(5, 12)));
  night.open_days = *parse_days("sun");
  EXPECT_TRUE(route_open(night, at(1, 3)));  // Monday 03:00 is Sunday's night
}

TEST(ParseDays, RangesListsAndErrors) {
  EXPECT_EQ(*parse_days("mon-fri"), 0x1F);
  EXPECT_EQ(*parse_days("sat,sun"), 0x60);
  EXPECT_EQ(*parse_days("mon,wed-fri"), 0x1D);
  EXPECT_EQ(*parse_days("all"), 0x7F);
  EXPECT_EQ(days_to_string(0x1F), "mon-fri");
  EXPECT_EQ(days_to_string(0x1D), "mon,wed-fri");
  EXPECT_EQ(days_to_string(0x60), "sat,sun");
  EXPECT_EQ(days_to_string(0x7F), "all");
  for (const char* bad : {"", "fri-mon", "monday", "mon,", "mon-"}) {
    auto parsed = parse_days(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().field, "days");
  }
}

TEST(CallerId, KeepFixedAndPrefix) {
  auto keep = *parse_caller_id_rule("keep");
  auto fixed = *parse_caller_id_rule("fixed:4008001234");
  auto prefix = *parse_caller_id_rule("prefix:0105551");
  EXPECT_EQ(shown_caller(keep, "1001", true), "1001");
  EXPECT_EQ(shown_caller(fixed, "1001", true), "4008001234");
  EXPECT_EQ(shown_caller(fixed, "13800138000", false), "4008001234");
  EXPECT_EQ(shown_caller(prefix, "1001", true), "01055511001");
  EXPECT_EQ(shown_caller(prefix, "13800138000", false), "13800138000");  // a forwarded outside caller
  EXPECT_EQ(to_string(prefix), "prefix:0105551");
  EXPECT_EQ(*parse_caller_id_rule("fixed:+861055500"),
            (CallerIdRule{CallerIdRule::Mode::Fixed, "+861055500"}));
  for (const char* bad : {"fixed", "fixed:", "fixed:main", "prefix:01-55", "hide"}) {
    auto parsed = parse_caller_id_rule(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().field, "caller_id");
  }
}

}  // namespace
}  // namespace hotline::pbx
