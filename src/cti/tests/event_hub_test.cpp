// The hub on its own thread with a real SQLite store and fake subscribers: hello first, routing by
// user, phone, queue and tenant, watchers, messages, logouts, and what it adds from the store.
#include "cti/event_hub.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <mutex>

#include "cti/tests/hub_fixture.hpp"

namespace hotline::cti {
namespace {

using testing::FakeSubscriber;
using testing::kT0;

class EventHubTest : public testing::HubTest {};

TEST_F(EventHubTest, TheHelloComesFirstThenOnlyTheSubscribersOwnEvents) {
  auto ann = subscribe(acme_, 11, "1001", {5});
  auto bob = subscribe(acme_, 12, "1002");
  auto other = subscribe(globex_, 11, "1001", {5});  // the same ids in another tenant
  auto state = event(acme_, "agent.state");
  state.user_id = 11;
  hub_->publish(state);
  auto ringing = event(acme_, "call.offered");
  ringing.extension = "1002";
  hub_->publish(ringing);
  auto queue = event(acme_, "queue.update");
  queue.queue_id = 5;
  hub_->publish(queue);
  settle();
  EXPECT_EQ(ann->names(), (std::vector<std::string>{"hello", "agent.state", "queue.update"}));
  EXPECT_EQ(ann->json()[0]["data"]["user"], 11);
  EXPECT_EQ(bob->names(), (std::vector<std::string>{"hello", "call.offered"}));
  EXPECT_EQ(other->names(), std::vector<std::string>{"hello"}) << "another tenant's events";
  EXPECT_EQ(hub_->subscribers(), 3u);
}

TEST_F(EventHubTest, AnEventIsSerializedOnceForAllItsSubscribers) {
  auto first = subscribe(acme_, 11, "1001");
  auto second = subscribe(acme_, 11, "1001");  // the same agent on two screens
  auto ringing = event(acme_, "call.offered");
  ringing.extension = "1001";
  hub_->publish(ringing);
  settle();
  ASSERT_EQ(first->frames().size(), 2u);
  ASSERT_EQ(second->frames().size(), 2u);
  EXPECT_EQ(first->frames()[1].get(), second->frames()[1].get()) << "one shared buffer";
}

TEST_F(EventHubTest, WatchersGetEveryAgentAndQueueOfTheirTenant) {
  auto supervisor = subscribe(acme_, 1);
  auto stranger = subscribe(globex_, 2);
  hub_->watch(ids_[supervisor.get()], true, false);
  hub_->watch(ids_[stranger.get()], true, true);
  auto state = event(acme_, "agent.state");
  state.user_id = 11;
  state.to_agent_watchers = true;
  hub_->publish(state);
  auto queue = event(acme_, "queue.update");
  queue.queue_id = 5;
  queue.to_queue_watchers = true;
  hub_->publish(queue);
  settle();
  EXPECT_EQ(supervisor->names(), (std::vector<std::string>{"hello", "agent.state"}));
  EXPECT_EQ(stranger->names(), std::vector<std::string>{"hello"});
}

TEST_F(EventHubTest, MessagesReachOneUserOrTheWholeTenant) {
  auto ann = subscribe(acme_, 11);
  auto bob = subscribe(acme_, 12);
  auto other = subscribe(globex_, 11);
  std::promise<std::size_t> direct, broadcast;
  hub_->send_message({acme_, 1, "lead", 11, "call me", kT0}, [&](std::size_t n) { direct.set_value(n); });
  hub_->send_message({acme_, 1, "lead", std::nullopt, "team meeting", kT0},
                     [&](std::size_t n) { broadcast.set_value(n); });
  EXPECT_EQ(direct.get_future().get(), 1u);
  EXPECT_EQ(broadcast.get_future().get(), 2u);
  auto frames = ann->json();
  ASSERT_EQ(frames.size(), 3u);
  EXPECT_EQ(frames[1]["event"], "message");
  EXPECT_EQ(frames[1]["data"]["text"], "call me");
  EXPECT_EQ(frames[1]["data"]["to"], 11);
  EXPECT_EQ(frames[1]["data"]["from"]["username"], "lead");
  EXPECT_EQ(frames[2]["data"]["to"], "all");
  EXPECT_EQ(bob->names(), (std::vector<std::string>{"hello", "message"}));
  EXPECT_EQ(other->names(), std::vector<std::string>{"hello"});
}

TEST_F(EventHubTest, ALogoutEndsTheSubscribersOfItsTokenOnly) {
  auto phone = subscribe(acme_, 11, "1001", {}, "token-a");
  auto laptop = subscribe(acme_, 11, "1001", {}, "token-b");
  std::promise<std::size_t> ended;
  hub_->end_sessions("token-a", "logged out", [&](std::size_t n) { ended.set_value(n); });
  EXPECT_EQ(ended.get_future().get(), 1u);
  EXPECT_EQ(phone->ended(), "logged out");
  EXPECT_EQ(laptop->ended(), "");
  auto ringing = event(acme_, "call.offered");
  ringing.extension = "1001";
  hub_->publish(ringing);
  settle();
  EXPECT_EQ(phone->frames().size(), 1u) << "an ended subscriber gets nothing more";
  EXPECT_EQ(laptop->frames().size(), 2u);
}

TEST_F(EventHubTest, UnsubscribedOrGoneSubscribersGetNothing) {
  auto ann = subscribe(acme_, 11);
  auto gone = subscribe(acme_, 11);
  hub_->unsubscribe(ids_[ann.get()]);
  gone.reset();  // the WebSocket was destroyed: the hub holds it weakly
  auto state = event(acme_, "agent.state");
  state.user_id = 11;
  hub_->publish(state);
  settle();
  EXPECT_EQ(ann->names(), std::vector<std::string>{"hello"});
  EXPECT_EQ(hub_->subscribers(), 0u) << "the gone one is forgotten at its first event";
}

store::CallRecord call(store::TenantId tenant, const std::string& id, const std::string& caller, UnixMs at) {
  store::CallRecord c;
  c.id = id;
  c.tenant_id = tenant;
  c.direction = "inbound";
  c.caller = caller;
  c.callee = "4000";
  c.started_at = at;
  c.ended_at = at + 1000;
  c.disposition = "answered";
  return c;
}

TEST_F(EventHubTest, AnOfferCarriesTheCallersLastFiveCallsFromTheRecords) {
  for (int i = 0; i < 7; ++i)
    store_->calls().save_call_async(call(acme_, "old" + std::to_string(i), "0612345678", kT0 + i));
  store_->calls().save_call_async(call(acme_, "longer", "06123456789", kT0 + 10));  // contains the number
  store_->calls().save_call_async(call(globex_, "theirs", "0612345678", kT0 + 11));
  store_->calls().save_call_async(call(acme_, "now", "0612345678", kT0 + 12));  // the call ringing
  store_->flush();
  auto ann = subscribe(acme_, 11, "1001");
  auto ringing = event(acme_, "call.offered");
  ringing.extension = "1001";
  ringing.data = {{"call_id", "now"}, {"caller", "0612345678"}};
  ringing.recent_calls_of = "0612345678";
  hub_->publish(ringing);
  settle();
  auto frames = ann->json();
  ASSERT_EQ(frames.size(), 2u);
  const auto& recent = frames[1]["data"]["recent_calls"];
  ASSERT_EQ(recent.size(), 5u) << recent.dump();
  EXPECT_EQ(recent[0]["id"], "old6") << "newest first, without the call ringing";
  for (const auto& c : recent) EXPECT_EQ(c["caller"], "0612345678");
}

TEST_F(EventHubTest, AHellosCallsCarryTheirLastCallsAsTheOfferDid) {
  store_->calls().save_call_async(call(acme_, "old", "0612345678", kT0));
  store_->calls().save_call_async(call(acme_, "now", "0612345678", kT0 + 1));
  store_->flush();
  nlohmann::json ringing = {{"call_id", "now"}, {"caller", "0612345678"}, {"recent_calls_of", "0612345678"}};
  auto sink = std::make_shared<FakeSubscriber>();
  Subscription s{hub_->next_id(), acme_, 11, "1001", {}, "t"};
  hub_->subscribe(std::move(s), sink, {{"call", ringing}, {"calls", {ringing}}});
  settle();
  auto hello = sink->json().at(0)["data"];
  for (const auto& call : {hello["call"], hello["calls"][0]}) {
    EXPECT_FALSE(call.contains("recent_calls_of")) << "the publisher's note is not sent";
    ASSERT_EQ(call["recent_calls"].size(), 1u) << call.dump();
    EXPECT_EQ(call["recent_calls"][0]["id"], "old");
  }
}

TEST_F(EventHubTest, ANotReadyStateCarriesTheReasonsNames) {
  store::NotReadyReason lunch{0, acme_, "lunch", "就餐", "Lunch", false, 60, true, 1, kT0};
  ASSERT_TRUE(store_->not_ready_reasons().create(lunch));
  auto ann = subscribe(acme_, 11);
  auto state = event(acme_, "agent.state");
  state.user_id = 11;
  state.name_reason = true;
  state.data = {
      {"state", "not_ready"}, {"reason", "lunch"}, {"reason_name_zh", nullptr}, {"reason_name_en", nullptr}};
  hub_->publish(state);
  settle();
  auto frames = ann->json();
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[1]["data"]["reason_name_en"], "Lunch");
  EXPECT_EQ(frames[1]["data"]["reason_name_zh"], "就餐");
}

}  // namespace
}  // namespace hotline::cti
