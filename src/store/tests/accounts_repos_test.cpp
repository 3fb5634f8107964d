// The accounts tables of migration 015: the append-only audit log and its tenant-scoped search,
// API tokens, and sessions' last use.
#include <gtest/gtest.h>

#include "store/tests/store_fixture.hpp"

namespace hotline::store::testing {
namespace {

class AccountsReposTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    acme = make_tenant("acme");
    globex = make_tenant("globex");
    alice = *store_->users().create(
        {.tenant_id = acme, .username = "alice", .password_hash = "h", .role = "admin"});
  }

  void audit(std::optional<TenantId> tenant, UnixMs at, const std::string& action, int status) {
    store_->audit().add_async({.tenant_id = tenant,
                               .at = at,
                               .username = "alice",
                               .action = action,
                               .object_type = "queues",
                               .object_id = "7",
                               .status = status,
                               .before_json = R"({"name":"a"})"});
  }

  TenantId acme = 0;
  TenantId globex = 0;
  std::int64_t alice = 0;
};

TEST_F(AccountsReposTest, AuditLogRefusesUpdateAndDelete) {
  audit(acme, kT0, "PUT /api/v1/queues/{id}", 200);
  store_->flush();
  auto conn = side_connection();
  auto updated = conn->exec("UPDATE audit_log SET status = 500");
  ASSERT_FALSE(updated.ok());
  EXPECT_NE(updated.error().message.find("append-only"), std::string::npos) << updated.error().message;
  EXPECT_FALSE(conn->exec("DELETE FROM audit_log").ok());
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE status = 200"), 1);
}

TEST_F(AccountsReposTest, AuditSearchIsScopedByTenantAndFiltered) {
  audit(acme, kT0, "PUT /api/v1/queues/{id}", 200);
  audit(acme, kT0 + 10, "DELETE /api/v1/queues/{id}", 403);
  audit(globex, kT0 + 20, "PUT /api/v1/queues/{id}", 200);
  audit(std::nullopt, kT0 + 30, "POST /api/v1/auth/login", 401);
  store_->flush();

  auto acme_rows = store_->audit().query({.tenant_id = acme});
  ASSERT_EQ(acme_rows.size(), 2u);
  EXPECT_EQ(acme_rows[0].action, "DELETE /api/v1/queues/{id}") << "newest first";
  EXPECT_EQ(acme_rows[1].before_json, R"({"name":"a"})");
  EXPECT_EQ(store_->audit().count({.tenant_id = acme}), 2);
  EXPECT_EQ(store_->audit().count({.tenant_id = globex}), 1);
  EXPECT_EQ(store_->audit().count({}), 4) << "no tenant: every row";
  EXPECT_EQ(store_->audit().count({.tenant_id = acme, .status = 403}), 1);
  EXPECT_EQ(store_->audit().count({.tenant_id = acme, .from_ms = kT0 + 5}), 1);
  EXPECT_EQ(store_->audit().count({.tenant_id = acme, .action = "PUT /api/v1/queues/{id}"}), 1);
  auto page = store_->audit().query({.tenant_id = acme, .limit = 1, .offset = 1});
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].status, 200);
}

TEST_F(AccountsReposTest, ApiTokensAreFoundByHashListedAndRevokedByTheirOwnerOnly) {
  auto id = store_->api_tokens().create({.tenant_id = acme,
                                         .user_id = alice,
                                         .name = "crm",
                                         .token_sha256 = "abc",
                                         .scopes = {"calls.read", "live.read"},
                                         .expires_at = kT0 + 1000});
  ASSERT_TRUE(id.ok()) << id.error().message;
  auto found = store_->api_tokens().find("abc");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->scopes, (std::vector<std::string>{"calls.read", "live.read"}));
  EXPECT_EQ(found->expires_at, kT0 + 1000);
  EXPECT_FALSE(found->last_used_at);
  store_->api_tokens().touch_async(*id, kT0 + 5);
  store_->flush();
  EXPECT_EQ(store_->api_tokens().list(acme, alice).at(0).last_used_at, kT0 + 5);

  EXPECT_EQ(store_->api_tokens().revoke(globex, alice, *id, kT0).error().code, ErrorCode::NotFound);
  ASSERT_TRUE(store_->api_tokens().revoke(acme, alice, *id, kT0 + 9).ok());
  EXPECT_TRUE(store_->api_tokens().list(acme, alice).empty());
  EXPECT_EQ(store_->api_tokens().find("abc")->revoked_at, kT0 + 9);
  EXPECT_FALSE(store_->api_tokens()
                   .create({.tenant_id = acme, .user_id = alice, .name = "x", .token_sha256 = "d"})
                   .ok())
      << "a token without scopes";
}

TEST_F(AccountsReposTest, SessionsRecordLastUseAndEndTogetherButOne) {
  for (const char* hash : {"s1", "s2", "s3"})
    ASSERT_TRUE(store_->sessions().create({hash, alice, acme, kT0, kT0 + 1000, 0}).ok());
  EXPECT_EQ(store_->sessions().find("s1")->last_seen_at, kT0) << "a new session was seen at its start";
  store_->sessions().touch_async("s1", kT0 + 60'000);
  store_->flush();
  EXPECT_EQ(store_->sessions().find("s1")->last_seen_at, kT0 + 60'000);
  EXPECT_EQ(*store_->sessions().remove_for_user(globex, alice, ""), 0) << "another tenant's user";
  EXPECT_EQ(*store_->sessions().remove_for_user(acme, alice, "s2"), 2);
  EXPECT_TRUE(store_->sessions().find("s2").ok());
  EXPECT_FALSE(store_->sessions().find("s1").ok());
}

TEST_F(AccountsReposTest, PasswordHashIsChangedWithinTheTenantOnly) {
  EXPECT_EQ(store_->users().set_password_hash(globex, alice, "new").error().code, ErrorCode::NotFound);
  ASSERT_TRUE(store_->users().set_password_hash(acme, alice, "new").ok());
  EXPECT_EQ(store_->users().get(acme, alice)->password_hash, "new");
}

}  // namespace
}  // namespace hotline::store::testing
