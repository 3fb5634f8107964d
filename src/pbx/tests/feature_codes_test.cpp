#include "pbx/feature_codes.hpp"

#include <gtest/gtest.h>

#include "pbx/dialplan.hpp"

namespace hotline::pbx {
namespace {

TEST(SupervisionCodes, StarOneToFourThenAnExtension) {
  auto listen = parse_supervision_code("*11002");
  ASSERT_TRUE(listen);
  EXPECT_EQ(listen->mode, SupervisionMode::Listen);
  EXPECT_EQ(listen->extension, "1002");
  EXPECT_EQ(parse_supervision_code("*21002")->mode, SupervisionMode::Whisper);
  EXPECT_EQ(parse_supervision_code("*31002")->mode, SupervisionMode::Barge);
  EXPECT_EQ(parse_supervision_code("*41002")->mode, SupervisionMode::TakeOver);
  for (const char* other : {"*1", "*51002", "11002", "*1100a", "*", "", "*1*1002"})
    EXPECT_FALSE(parse_supervision_code(other)) << other;
}

TEST(SupervisionCodes, TheServiceNameRoundTrips) {
  SupervisionRequest request{SupervisionMode::Whisper, "1002"};
  EXPECT_EQ(supervision_service_name(request), "whisper:1002");
  auto back = parse_supervision_service_name("whisper:1002");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->mode, SupervisionMode::Whisper);
  EXPECT_EQ(back->extension, "1002");
  for (const char* bad : {"whisper", "shout:1002", "listen:", "listen:10a2"})
    EXPECT_FALSE(parse_supervision_service_name(bad)) << bad;
}

TEST(SupervisionCodes, EachModeNeedsItsOwnCapability) {
  EXPECT_EQ(supervision_capability(SupervisionMode::Listen), "calls.listen");
  EXPECT_EQ(supervision_capability(SupervisionMode::Whisper), "calls.whisper");
  EXPECT_EQ(supervision_capability(SupervisionMode::Barge), "calls.barge");
  EXPECT_EQ(supervision_capability(SupervisionMode::TakeOver), "calls.barge");
  EXPECT_EQ(parse_supervision_service_name("take_over:1002")->mode, SupervisionMode::TakeOver);
  DialPrivileges listener;
  listener.listen = true;
  EXPECT_TRUE(may_supervise(listener, SupervisionMode::Listen));
  EXPECT_FALSE(may_supervise(listener, SupervisionMode::Whisper));
  EXPECT_FALSE(may_supervise(listener, SupervisionMode::Barge));
  EXPECT_FALSE(may_supervise(DialPrivileges{}, SupervisionMode::Listen));
}

TEST(PickupCode, StarEightThenTheRingingExtension) {
  EXPECT_EQ(parse_pickup_code("*81002"), "1002");
  for (const char* other : {"*8", "*91002", "81002", "*81a02"})
    EXPECT_FALSE(parse_pickup_code(other)) << other;
}

TEST(DoNotDisturbCode, StarFiftyOneOnStarFiftyOff) {
  EXPECT_EQ(parse_dnd_code("*51"), true);
  EXPECT_EQ(parse_dnd_code("*50"), false);
  for (const char* other : {"*5", "*52", "*510", "51", "*78"}) EXPECT_FALSE(parse_dnd_code(other)) << other;
}

TEST(ParkRetrieveCode, StarSevenThenTheSlot) {
  EXPECT_EQ(parse_park_retrieve_code("*71"), 1);
  EXPECT_EQ(parse_park_retrieve_code("*750"), 50);
  EXPECT_EQ(parse_park_retrieve_code("*79999"), 9999);
  for (const char* other : {"*7", "*70", "*701", "*710000", "71", "*81", "*7a", "*7 1", "*7-1"})
    EXPECT_FALSE(parse_park_retrieve_code(other)) << other;
  EXPECT_EQ(parse_park_slot("12"), 12);
  EXPECT_FALSE(parse_park_slot(""));
  EXPECT_FALSE(parse_park_slot("1:2"));
}

TEST(FeatureCodes, OnlyExtensionsDialThemAndOnlyForTheTenantsExtensions) {
  TenantDialplan plan;
  plan.extensions = {"1001", "1002"};
  const LocalTime noon{2024, 10, 1, 2, 12 * 60};
  auto t = route(plan, Origin::Extension, std::nullopt, "*31002", noon);
  EXPECT_EQ(t.kind, RouteTarget::Kind::Service);
  EXPECT_EQ(t.service_kind, "supervise");
  EXPECT_EQ(t.service_name, "barge:1002");
  EXPECT_EQ(t.direction, "internal");
  EXPECT_EQ(route(plan, Origin::Extension, std::nullopt, "*19999", noon).kind, RouteTarget::Kind::NotFound);
  EXPECT_EQ(route(plan, Origin::Trunk, 7, "*11002", noon).kind, RouteTarget::Kind::NotFound);
  EXPECT_EQ(route(plan, Origin::Anonymous, std::nullopt, "*11002", noon).kind, RouteTarget::Kind::NotFound);
  auto pickup = route(plan, Origin::Extension, std::nullopt, "*81001", noon);
  EXPECT_EQ(pickup.service_kind, "pickup");
  EXPECT_EQ(pickup.service_name, "1001");
  EXPECT_EQ(route(plan, Origin::Extension, std::nullopt, "*89999", noon).kind, RouteTarget::Kind::NotFound);
  auto unpark = route(plan, Origin::Extension, std::nullopt, "*712", noon);
  EXPECT_EQ(unpark.kind, RouteTarget::Kind::Service);
  EXPECT_EQ(unpark.service_kind, "unpark");
  EXPECT_EQ(unpark.service_name, "12");
  EXPECT_EQ(route(plan, Origin::Trunk, 7, "*71", noon).kind, RouteTarget::Kind::NotFound);
  EXPECT_EQ(route(plan, Origin::Anonymous, std::nullopt, "*71", noon).kind, RouteTarget::Kind::NotFound);
}

}  // namespace
}  // namespace hotline::pbx
