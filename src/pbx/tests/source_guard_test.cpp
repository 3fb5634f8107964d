// SourceGuard without SIP: what a failed authentication does to its source address, and that an
// address where a trunk is configured is never banned. (Refusing a banned address's requests goes
// through nua and is covered by tests/integration/test_sip_security.py.) A real store.
#include "pbx/source_guard.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>

namespace hotline::pbx {
namespace {

sip::PeerAddress peer(const std::string& ip, std::uint16_t port = 5070) { return {"udp", ip, port}; }

class SourceGuardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "hotline-guard-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    store::SqliteOptions options;
    options.path = dir_ / "hotline.db";
    options.heartbeat_interval_ms = 3'600'000;
    auto opened = store::open_sqlite(options, clock_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
    auto tenant = *store_->tenants().create({.name = "acme", .sip_realm = "acme.test"});
    ASSERT_TRUE(store_->trunks().create(
        {.tenant_id = tenant, .name = "carrier", .host = "192.0.2.50", .port = 5060}));
    directory_ = std::make_unique<Directory>(*store_, RoleCapabilityCheck{});
    guard_ = std::make_unique<SourceGuard>(*directory_, clock_, sip::AuthBanOptions{3, 10'000, 60'000});
  }

  void TearDown() override {
    guard_.reset();
    directory_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void fail(const sip::PeerAddress& source, int times) {
    for (int i = 0; i < times; ++i) guard_->on_auth_failed(source);
  }

  ManualClock clock_;
  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Directory> directory_;
  std::unique_ptr<SourceGuard> guard_;
};

TEST_F(SourceGuardTest, AnAddressThatFailsTooOftenIsBannedWhateverItsPorts) {
  guard_->on_auth_failed(peer("192.0.2.7", 5070));
  guard_->on_auth_failed(peer("192.0.2.7", 5071));
  EXPECT_TRUE(guard_->bans().empty());
  guard_->on_auth_failed(peer("192.0.2.7", 5072));
  auto bans = guard_->bans();
  ASSERT_EQ(bans.size(), 1u);
  EXPECT_EQ(bans[0].address, "192.0.2.7");
  EXPECT_EQ(bans[0].failures, 3);
  EXPECT_EQ(bans[0].banned_until, clock_.now_ms() + 60'000);
}

TEST_F(SourceGuardTest, ATrunksAddressIsNeverBannedOnAnyPort) {
  fail(peer("192.0.2.50", 5060), 5);
  fail(peer("192.0.2.50", 5099), 5);
  EXPECT_TRUE(guard_->bans().empty());
}

TEST_F(SourceGuardTest, ARequestWithoutAKnownSourceCountsNothing) {
  fail(peer(""), 5);
  EXPECT_TRUE(guard_->bans().empty());
}

TEST_F(SourceGuardTest, ABanIsLiftedEarlyOrRunsOut) {
  fail(peer("192.0.2.7"), 3);
  fail(peer("192.0.2.8"), 3);
  EXPECT_TRUE(guard_->lift("192.0.2.7"));
  EXPECT_FALSE(guard_->lift("192.0.2.7"));
  EXPECT_FALSE(guard_->lift("192.0.2.9"));
  ASSERT_EQ(guard_->bans().size(), 1u);
  clock_.advance_ms(60'000);
  guard_->prune();
  EXPECT_TRUE(guard_->bans().empty());
  fail(peer("192.0.2.8"), 2);  // starts afresh: two failures ban nothing
  EXPECT_TRUE(guard_->bans().empty());
}

}  // namespace
}  // namespace hotline::pbx
