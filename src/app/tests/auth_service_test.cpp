#include "app/auth_service.hpp"

#include <gtest/gtest.h>

#include "app/passwords.hpp"
#include "app/tests/app_fixture.hpp"
#include "common/hash.hpp"

namespace hotline::app::testing {
namespace {

constexpr std::int64_t kTtlMs = 60'000;

class AuthServiceTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    auto tenant = store_->tenants().create({.name = "acme", .sip_realm = "acme.test"});
    ASSERT_TRUE(tenant.ok());
    tenant_ = *tenant;
    auto user = store_->users().create({.tenant_id = tenant_,
                                        .username = "alice",
                                        .password_hash = hash_password("s3cret"),
                                        .role = "supervisor"});
    ASSERT_TRUE(user.ok());
    user_id_ = *user;
    auth_ = std::make_unique<AuthService>(*store_, clock_, AuthPolicy{.session_ttl_ms = kTtlMs});
  }

  store::TenantId tenant_ = 0;
  std::int64_t user_id_ = 0;
  std::unique_ptr<AuthService> auth_;
};

TEST_F(AuthServiceTest, LoginReturnsTokenAndPrincipal) {
  auto login = auth_->login("alice", "s3cret");
  ASSERT_TRUE(login.ok()) << login.error().message;
  EXPECT_EQ(login->token.size(), 64u);
  EXPECT_EQ(login->expires_at, kT0 + kTtlMs);
  EXPECT_EQ(login->principal.user_id, user_id_);
  EXPECT_EQ(login->principal.tenant_id, tenant_);
  EXPECT_EQ(login->principal.role, "supervisor");
}

TEST_F(AuthServiceTest, OnlyTheTokensHashIsStored) {
  auto login = auth_->login("alice", "s3cret");
  ASSERT_TRUE(login.ok());
  EXPECT_EQ(store_->sessions().find(login->token).error().code, ErrorCode::NotFound);
  auto session = store_->sessions().find(sha256_hex(login->token));
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->user_id, user_id_);
}

TEST_F(AuthServiceTest, UnknownUserAndWrongPasswordGiveTheSameError) {
  auto wrong = auth_->login("alice", "nope");
  auto unknown = auth_->login("mallory", "s3cret");
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::Unauthenticated);
  EXPECT_EQ(unknown.error().code, ErrorCode::Unauthenticated);
  EXPECT_EQ(wrong.error().message, "invalid username or password");
  EXPECT_EQ(unknown.error().message, wrong.error().message);
}

TEST_F(AuthServiceTest, AuthenticateUntilExpiry) {
  auto login = auth_->login("alice", "s3cret");
  ASSERT_TRUE(login.ok());
  auto principal = auth_->authenticate(login->token);
  ASSERT_TRUE(principal.ok()) << principal.error().message;
  EXPECT_EQ(principal->username, "alice");
  EXPECT_EQ(principal->tenant_id, tenant_);

  clock_.advance_ms(kTtlMs - 1);
  EXPECT_TRUE(auth_->authenticate(login->token).ok());
  clock_.advance_ms(1);
  auto expired = auth_->authenticate(login->token);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, ErrorCode::Unauthenticated);
}

TEST_F(AuthServiceTest, UnknownTokenIsUnauthenticated) {
  EXPECT_EQ(auth_->authenticate("deadbeef").error().code, ErrorCode::Unauthenticated);
  EXPECT_EQ(auth_->authenticate("").error().code, ErrorCode::Unauthenticated);
}

TEST_F(AuthServiceTest, LogoutEndsTheSession) {
  auto login = auth_->login("alice", "s3cret");
  ASSERT_TRUE(login.ok());
  ASSERT_TRUE(auth_->logout(login->token).ok());
  EXPECT_EQ(auth_->authenticate(login->token).error().code, ErrorCode::Unauthenticated);
  EXPECT_TRUE(auth_->logout(login->token).ok()) << "logout is idempotent";
}

}  // namespace
}  // namespace hotline::app::testing
