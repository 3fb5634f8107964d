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

}  // namespace
}  // namespace hotline::cti
