#include "cti/event_json.hpp"

#include <gtest/gtest.h>

namespace hotline::cti {
namespace {

TEST(EventJson, Iso8601IsUtcWithMilliseconds) {
  EXPECT_EQ(iso8601(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(iso8601(1'700'000'000'250), "2023-11-14T22:13:20.250Z");
}

TEST(EventJson, AFrameHasTheEventItsTimeAndData) {
  auto frame = nlohmann::json::parse(event_frame("agent.state", 1'700'000'000'000, {{"state", "ready"}}));
  EXPECT_EQ(frame["event"], "agent.state");
  EXPECT_EQ(frame["at"], "2023-11-14T22:13:20.000Z");
  EXPECT_EQ(frame["data"]["state"], "ready");
}

TEST(EventJson, InvalidUtf8FromACallerIsReplacedNotThrown) {
  std::string frame;
  ASSERT_NO_THROW(frame = event_frame("call.offered", 0, {{"caller", std::string("\xff\xfe bad", 6)}}));
  EXPECT_FALSE(nlohmann::json::parse(frame, nullptr, false).is_discarded());
}

TEST(EventJson, AnEndedPhoneCallSaysHowAndWhy) {
  pbx::PhoneCallEvent event;
  event.kind = pbx::PhoneCallEvent::Kind::Ended;
  event.call_id = "c1";
  event.extension = "1001";
  event.disposition = "answered";
  event.cause = "BYE";
  event.side = "caller";
  auto data = phone_call_json(event);
  EXPECT_EQ(data, (nlohmann::json{{"call_id", "c1"},
                                  {"extension", "1001"},
                                  {"disposition", "answered"},
                                  {"cause", "BYE"},
                                  {"side", "caller"}}));
  event.side.clear();
  EXPECT_TRUE(phone_call_json(event)["side"].is_null());
}

TEST(EventJson, HeldSaysWhoHeld) {
  pbx::PhoneCallEvent event;
  event.kind = pbx::PhoneCallEvent::Kind::Held;
  event.call_id = "c1";
  event.extension = "1001";
  event.side = "callee";
  EXPECT_EQ(phone_call_json(event)["by"], "callee");
}

TEST(EventJson, ParkedSaysTheSlot) {
  pbx::PhoneCallEvent event;
  event.kind = pbx::PhoneCallEvent::Kind::Parked;
  event.call_id = "c1";
  event.extension = "1001";
  event.slot = 3;
  EXPECT_EQ(phone_call_json(event), (nlohmann::json{{"call_id", "c1"}, {"extension", "1001"}, {"slot", 3}}));
}

TEST(EventJson, AParkingChangeIsTheParkedCallWithItsStateAndWhyItLeft) {
  pbx::ParkingEvent event;
  event.kind = pbx::ParkingEvent::Kind::Left;
  event.call.slot = 2;
  event.call.call_id = "c1";
  event.call.caller = "0612345678";
  event.call.parked_by = "1001";
  event.call.parked_by_user = "ann";
  event.call.parked_at = 1000;
  event.call.ring_back_at = 121'000;
  event.call.retrieving_by = "1003";
  event.cause = "retrieved by 1003";
  EXPECT_EQ(parking_event_json(event), (nlohmann::json{{"slot", 2},
                                                       {"call_id", "c1"},
                                                       {"caller", "0612345678"},
                                                       {"parked_by", "1001"},
                                                       {"parked_by_user", "ann"},
                                                       {"parked_at", 1000},
                                                       {"ring_back_at", 121'000},
                                                       {"retrieving_by", "1003"},
                                                       {"state", "left"},
                                                       {"cause", "retrieved by 1003"}}));
  event.kind = pbx::ParkingEvent::Kind::Parked;
  event.call.retrieving_by.clear();
  event.cause.clear();
  auto parked = parking_event_json(event);
  EXPECT_EQ(parked["state"], "parked");
  EXPECT_TRUE(parked["cause"].is_null());
  EXPECT_TRUE(parked["retrieving_by"].is_null());
}

}  // namespace
}  // namespace hotline::cti
