// What the hub's tests share: a real SQLite store in a fresh folder with two tenants, the hub on
// its thread, and fake subscribers that keep every frame they are given.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <map>
#include <mutex>

#include "cti/event_hub.hpp"

namespace hotline::cti::testing {

constexpr UnixMs kT0 = 1'700'000'000'000;

// Thread: the hub's (greet, deliver, end) and the test's (frames()).
class FakeSubscriber final : public Subscriber {
 public:
  void greet(Frame hello) override { record(hello); }
  void deliver(Frame event) override { record(event); }
  void end(const std::string& why) override {
    std::lock_guard lock(mutex_);
    ended_ = why;
  }
  std::vector<Frame> frames() {
    std::lock_guard lock(mutex_);
    return frames_;
  }
  std::vector<nlohmann::json> json() {
    std::vector<nlohmann::json> out;
    for (const auto& frame : frames()) out.push_back(nlohmann::json::parse(*frame));
    return out;
  }
  std::vector<std::string> names() {
    std::vector<std::string> out;
    for (const auto& frame : json()) out.push_back(frame["event"]);
    return out;
  }
  std::string ended() {
    std::lock_guard lock(mutex_);
    return ended_;
  }

 private:
  void record(const Frame& frame) {
    std::lock_guard lock(mutex_);
    frames_.push_back(frame);
  }
  std::mutex mutex_;
  std::vector<Frame> frames_;
  std::string ended_;
};

class HubTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "hotline-cti-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto opened =
        store::open_sqlite({.path = dir_ / "hotline.db", .heartbeat_interval_ms = 3'600'000}, clock_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
    acme_ = *store_->tenants().create({0, "acme", "acme.test", false, kT0});
    globex_ = *store_->tenants().create({0, "globex", "globex.test", false, kT0});
    hub_ = std::make_unique<EventHub>(*store_, clock_);
  }

  void TearDown() override {
    hub_.reset();
    store_->close();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Waits until the hub has done everything posted so far.
  void settle() {
    std::promise<void> done;
    hub_->after_pending([&] { done.set_value(); });
    ASSERT_EQ(done.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
  }

  std::shared_ptr<FakeSubscriber> subscribe(store::TenantId tenant, std::int64_t user,
                                            std::optional<std::string> extension = std::nullopt,
                                            std::vector<std::int64_t> queues = {}, std::string token = "t") {
    auto sink = std::make_shared<FakeSubscriber>();
    Subscription s{hub_->next_id(), tenant, user, std::move(extension), std::move(queues), std::move(token)};
    ids_[sink.get()] = s.id;
    hub_->subscribe(std::move(s), sink, {{"user", user}});
    return sink;
  }

  Event event(store::TenantId tenant, const char* name) {
    Event e;
    e.name = name;
    e.at = kT0;
    e.tenant_id = tenant;
    e.data = nlohmann::json::object();
    return e;
  }

  std::filesystem::path dir_;
  ManualClock clock_{kT0};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<EventHub> hub_;
  store::TenantId acme_ = 0;
  store::TenantId globex_ = 0;
  std::map<const FakeSubscriber*, SubscriberId> ids_;
};

}  // namespace hotline::cti::testing
