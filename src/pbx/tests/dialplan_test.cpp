#include "pbx/dialplan.hpp"

#include <gtest/gtest.h>

namespace hotline::pbx {
namespace {

TEST(PatternMatches, DigitsWildcardsAndRest) {
  EXPECT_TRUE(pattern_matches("4000", "4000"));
  EXPECT_FALSE(pattern_matches("4000", "40001"));
  EXPECT_FALSE(pattern_matches("4000", "400"));
  EXPECT_TRUE(pattern_matches("0105550XXX", "0105550123"));
  EXPECT_FALSE(pattern_matches("0105550XXX", "010555012a"));
  EXPECT_TRUE(pattern_matches("9.", "913800138000"));
  EXPECT_FALSE(pattern_matches("9.", "9"));
  EXPECT_TRUE(pattern_matches("1N", "12"));
  EXPECT_FALSE(pattern_matches("1N", "11"));
  EXPECT_GT(pattern_specificity("0105550123"), pattern_specificity("0105550XXX"));
  EXPECT_GT(pattern_specificity("0105550XXX"), pattern_specificity("010."));
}

const LocalTime kTuesdayNoon{2024, 10, 1, 2, 12 * 60};

TenantDialplan demo_plan() {
  TenantDialplan plan;
  plan.extensions = {"1001", "1002", "1003"};
  plan.numbers.push_back({1, 1, std::nullopt, "4000", "ring_all", "1001, 1002,1003", 0});
  plan.numbers.push_back({2, 1, 7, "0105550XXX", "extension", "1001", 0});
  plan.numbers.push_back({3, 1, 7, "0105550100", "extension", "1002", 0});
  plan.routes.push_back({1, 1, "9.", 7, 100, 1, "", 0});
  return plan;
}

TEST(IsDialPattern, WhatPatternMatchesReads) {
  for (const char* good : {"4000", "0105550XXX", "9.", "NXXXXXX", "+86.", "*72", "."})
    EXPECT_TRUE(is_dial_pattern(good)) << good;
  for (const char* bad : {"", "40 00", "4.0", "1001a", "9..", "abc"})
    EXPECT_FALSE(is_dial_pattern(bad)) << bad;
}

TEST(Route, ExtensionToExtensionAndAccessNumber) {
  auto plan = demo_plan();
  auto t = route(plan, Origin::Extension, std::nullopt, "1002", kTuesdayNoon);
  EXPECT_EQ(t.kind, RouteTarget::Kind::Extensions);
  EXPECT_EQ(t.extensions, std::vector<std::string>{"1002"});
  EXPECT_EQ(t.direction, "internal");
  t = route(plan, Origin::Extension, std::nullopt, "4000", kTuesdayNoon);
  EXPECT_EQ(t.extensions, (std::vector<std::string>{"1001", "1002", "1003"}));
}

TEST(Route, TrunkReachesOnlyItsNumbersMostSpecificFirst) {
  auto plan = demo_plan();
  auto t = route(plan, Origin::Trunk, 7, "0105550123", kTuesdayNoon);
  EXPECT_EQ(t.kind, RouteTarget::Kind::Extensions);
  EXPECT_EQ(t.extensions, std::vector<std::string>{"1001"});
  EXPECT_EQ(t.direction, "inbound");
  EXPECT_EQ(route(plan, Origin::Trunk, 7, "0105550100", kTuesdayNoon).extensions,
            std::vector<std::string>{"1002"});
  EXPECT_EQ(route(plan, Origin::Trunk, 7, "1002", kTuesdayNoon).kind,
            RouteTarget::Kind::NotFound);  // no DID: not reachable
  EXPECT_EQ(route(plan, Origin::Trunk, 8, "0105550123", kTuesdayNoon).kind, RouteTarget::Kind::NotFound);
  EXPECT_EQ(route(plan, Origin::Extension, std::nullopt, "0105550123", kTuesdayNoon).kind,
            RouteTarget::Kind::NotFound);
}

TEST(Route, AnAnonymousCallerReachesOnlyPublicNumbers) {
  auto plan = demo_plan();
  plan.numbers.push_back({4, 1, std::nullopt, "4100", "flow", "welcome", 0, true});
  plan.numbers.push_back({5, 1, 7, "4200", "extension", "1001", 0, true});  // one trunk's DID
  auto t = route(plan, Origin::Anonymous, std::nullopt, "4100", kTuesdayNoon);
  EXPECT_EQ(t.kind, RouteTarget::Kind::Service);
  EXPECT_EQ(t.service_name, "welcome");
  EXPECT_EQ(t.direction, "inbound");
  for (const char* dialled : {"4000", "1002", "4200", "9012345", "0105550100"})
    EXPECT_EQ(route(plan, Origin::Anonymous, std::nullopt, dialled, kTuesdayNoon).kind,
              RouteTarget::Kind::NotFound)
        << dialled;
}

TEST(Route, OutboundStripsAndPrepends) {
  auto plan = demo_plan();
  plan.routes[0].prepend = "0";
  auto t = route(plan, Origin::Extension, std::nullopt, "913800138000", kTuesdayNoon);
  EXPECT_EQ(t.kind, RouteTarget::Kind::Trunk);
  ASSERT_EQ(t.trunks.size(), 1u);
  EXPECT_EQ(t.trunks[0].trunk_id, 7);
  EXPECT_EQ(t.trunks[0].number, "013800138000");
  EXPECT_EQ(t.direction, "outbound");
  EXPECT_EQ(route(plan, Origin::Trunk, 7, "913800138000", kTuesdayNoon).kind, RouteTarget::Kind::NotFound);
  EXPECT_EQ(route(plan, Origin::Extension, std::nullopt, "5555", kTuesdayNoon).kind,
            RouteTarget::Kind::NotFound);
}

}  // namespace
}  // namespace hotline::pbx

namespace hotline::pbx {
namespace {

TEST(Route, ANumberCanNameAServiceTheServerAnswers) {
  auto plan = demo_plan();
  plan.numbers.push_back({4, 1, std::nullopt, "8000", "conference", "demo", 0});
  plan.numbers.push_back({5, 1, 7, "0105550999", "flow", "main", 0});
  auto t = route(plan, Origin::Extension, std::nullopt, "8000", kTuesdayNoon);
  EXPECT_EQ(t.kind, RouteTarget::Kind::Service);
  EXPECT_EQ(t.service_kind, "conference");
  EXPECT_EQ(t.service_name, "demo");
  t = route(plan, Origin::Trunk, 7, "0105550999", kTuesdayNoon);
  EXPECT_EQ(t.kind, RouteTarget::Kind::Service);
  EXPECT_EQ(t.service_kind, "flow");
  EXPECT_EQ(t.direction, "inbound");
  EXPECT_FALSE(is_service_target("ring_all"));
}

TEST(Route, ANumberCanNameAVoicemailBox) {
  auto plan = demo_plan();
  plan.numbers.push_back({6, 1, std::nullopt, "5000", "voicemail", "sales", 0});
  EXPECT_TRUE(is_service_target("voicemail"));
  auto t = route(plan, Origin::Extension, std::nullopt, "5000", kTuesdayNoon);
  EXPECT_EQ(t.kind, RouteTarget::Kind::Service);
  EXPECT_EQ(t.service_kind, "voicemail");
  EXPECT_EQ(t.service_name, "sales");
}

}  // namespace
}  // namespace hotline::pbx

namespace hotline::pbx {
namespace {

TEST(CallerLists, TheMostSpecificEntryOfTheKindMatches) {
  TenantDialplan plan;
  plan.caller_lists.push_back({1, 1, "vip", "138XXXXXXXX", 5, "", 0});
  plan.caller_lists.push_back({2, 1, "vip", "13800138000", 9, "", 0});
  plan.caller_lists.push_back({3, 1, "blacklist", "0105550.", 0, "", 0});
  EXPECT_EQ(caller_list_match(plan, "vip", "13800138000")->priority, 9);
  EXPECT_EQ(caller_list_match(plan, "vip", "13912345678"), nullptr);
  EXPECT_EQ(caller_list_match(plan, "vip", "13811112222")->priority, 5);
  EXPECT_NE(caller_list_match(plan, "blacklist", "0105550123"), nullptr);
  EXPECT_EQ(caller_list_match(plan, "whitelist", "0105550123"), nullptr);
}

}  // namespace
}  // namespace hotline::pbx
