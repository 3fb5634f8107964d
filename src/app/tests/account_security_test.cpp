// AuthService's hardening: lock-out, idle sessions, password changes and API tokens, in the test
// clock's time.
#include <gtest/gtest.h>

#include "app/api_tokens.hpp"
#include "app/auth_service.hpp"
#include "app/passwords.hpp"
#include "app/tests/app_fixture.hpp"
#include "common/hash.hpp"

namespace hotline::app::testing {
namespace {

constexpr std::int64_t kMinuteMs = 60'000;

class AccountSecurityTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    tenant_ = *store_->tenants().create({.name = "acme", .sip_realm = "acme.test"});
    user_id_ = *store_->users().create({.tenant_id = tenant_,
                                        .username = "alice",
                                        .password_hash = hash_password("s3cret-pw"),
                                        .role = "manager"});
    AuthPolicy policy;
    policy.throttle = {.max_failures = 3, .lock_ms = 15 * kMinuteMs, .address_max_failures = 50};
    auth_ = std::make_unique<AuthService>(*store_, clock_, policy);
  }

  LoginOutcome attempt(const std::string& password, const std::string& username = "alice") {
    return auth_->attempt_login(username, password, "192.0.2.7");
  }

  static LoginBlock::Reason refusal_of(const LoginOutcome& outcome) {
    auto* refusal = std::get_if<LoginRefusal>(&outcome);
    EXPECT_NE(refusal, nullptr);
    return refusal ? refusal->block.reason : LoginBlock::Reason::None;
  }

  Principal principal() { return *auth_->authenticate(auth_->login("alice", "s3cret-pw")->token); }

  store::TenantId tenant_ = 0;
  std::int64_t user_id_ = 0;
  std::unique_ptr<AuthService> auth_;
};

TEST_F(AccountSecurityTest, WrongPasswordsLockTheAccountAndTheRightOneWorksAfterTheLock) {
  EXPECT_EQ(refusal_of(attempt("wrong")), LoginBlock::Reason::None);
  EXPECT_EQ(refusal_of(attempt("wrong")), LoginBlock::Reason::None);
  LoginOutcome third = attempt("wrong");
  EXPECT_EQ(refusal_of(third), LoginBlock::Reason::AccountLocked);
  EXPECT_EQ(std::get<LoginRefusal>(third).user_id, user_id_) << "the audit learns whose account";
  EXPECT_EQ(std::get<LoginRefusal>(third).block.until, kT0 + 15 * kMinuteMs);

  clock_.advance_ms(15 * kMinuteMs - 1);
  EXPECT_EQ(refusal_of(attempt("s3cret-pw")), LoginBlock::Reason::AccountLocked) << "refused while locked";
  clock_.advance_ms(1);
  EXPECT_TRUE(std::holds_alternative<LoginResult>(attempt("s3cret-pw")));
}

TEST_F(AccountSecurityTest, UnknownUsernamesAreRefusedAndLockedLikeRealOnes) {
  EXPECT_EQ(refusal_of(attempt("x", "nobody")), LoginBlock::Reason::None);
  EXPECT_FALSE(std::get<LoginRefusal>(attempt("x", "nobody")).user_id);
  EXPECT_EQ(refusal_of(attempt("x", "nobody")), LoginBlock::Reason::AccountLocked);
}

TEST_F(AccountSecurityTest, ASessionUnusedForTheIdleTimeoutEnds) {
  std::string token = auth_->login("alice", "s3cret-pw")->token;
  clock_.advance_ms(29 * kMinuteMs);
  ASSERT_TRUE(auth_->authenticate(token).ok());  // used: last seen moves on
  store_->flush();
  clock_.advance_ms(29 * kMinuteMs);
  ASSERT_TRUE(auth_->authenticate(token).ok()) << "58 minutes old but used 29 minutes ago";
  store_->flush();
  clock_.advance_ms(30 * kMinuteMs);
  auto idle = auth_->authenticate(token);
  ASSERT_FALSE(idle.ok());
  EXPECT_EQ(idle.error().code, ErrorCode::Unauthenticated);
}

TEST_F(AccountSecurityTest, LastUseIsWrittenAtMostOnceAMinute) {
  std::string token = auth_->login("alice", "s3cret-pw")->token;
  clock_.advance_ms(30'000);
  ASSERT_TRUE(auth_->authenticate(token).ok());
  store_->flush();
  auto session = store_->sessions().find(sha256_hex(token));
  EXPECT_EQ(session->last_seen_at, kT0) << "not yet a minute";
  clock_.advance_ms(30'000);
  ASSERT_TRUE(auth_->authenticate(token).ok());
  store_->flush();
  EXPECT_EQ(store_->sessions().find(sha256_hex(token))->last_seen_at, kT0 + 60'000);
}

TEST_F(AccountSecurityTest, PasswordChangeChecksTheCurrentOneAndThePolicyThenEndsOtherSessions) {
  std::string mine = auth_->login("alice", "s3cret-pw")->token;
  std::string other = auth_->login("alice", "s3cret-pw")->token;
  Principal me = *auth_->authenticate(mine);
  for (const std::string& bad : {std::string("short"), std::string("alice"), std::string("s3cret-pw")}) {
    Status refused = auth_->change_password(me, "s3cret-pw", bad, mine, "");
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().field, "new_password") << bad;
  }
  EXPECT_EQ(auth_->change_password(me, "wrong", "a-new-password", mine, "").error().field,
            "current_password");
  ASSERT_TRUE(auth_->change_password(me, "s3cret-pw", "a-new-password", mine, "").ok());
  EXPECT_TRUE(auth_->authenticate(mine).ok());
  EXPECT_FALSE(auth_->authenticate(other).ok()) << "the other session ended";
  EXPECT_FALSE(auth_->login("alice", "s3cret-pw").ok());
  EXPECT_TRUE(auth_->login("alice", "a-new-password").ok());
}

TEST_F(AccountSecurityTest, WrongCurrentPasswordsCountTowardsTheLock) {
  Principal me = principal();
  for (int i = 0; i < 3; ++i) (void)auth_->change_password(me, "wrong", "a-new-password", "", "");
  EXPECT_EQ(refusal_of(attempt("s3cret-pw")), LoginBlock::Reason::AccountLocked);
  EXPECT_EQ(auth_->change_password(me, "s3cret-pw", "a-new-password", "", "").error().code,
            ErrorCode::PermissionDenied);
}

TEST_F(AccountSecurityTest, ApiTokensActWithinTheirScopesUntilRevokedOrExpired) {
  ApiTokens tokens(*store_, clock_, auth_->roles());
  Principal me = principal();
  auto created = tokens.create(me, {"crm", {"calls.read"}, 2});
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_TRUE(created->secret.starts_with("hlt_"));
  EXPECT_EQ(created->token.token_sha256.find(created->secret), std::string::npos);

  auto as_token = auth_->authenticate(created->secret);
  ASSERT_TRUE(as_token.ok());
  EXPECT_EQ(as_token->user_id, user_id_);
  EXPECT_TRUE(auth_->allows(*as_token, "calls.read"));
  EXPECT_FALSE(auth_->allows(*as_token, "queues.read")) << "the role grants it, the scopes do not";
  EXPECT_TRUE(auth_->allows(me, "queues.read"));
  EXPECT_EQ(tokens.create(*as_token, {"again", {"calls.read"}, {}}).error().code,
            ErrorCode::PermissionDenied);
  EXPECT_EQ(auth_->change_password(*as_token, "s3cret-pw", "a-new-password", "", "").error().code,
            ErrorCode::PermissionDenied);

  clock_.advance_ms(2 * 24 * 3600 * 1000LL);
  EXPECT_FALSE(auth_->authenticate(created->secret).ok()) << "expired";
  auto lasting = tokens.create(me, {"wallboard", {"live.read"}, {}});
  ASSERT_TRUE(auth_->authenticate(lasting->secret).ok());
  ASSERT_TRUE(tokens.revoke(me, lasting->token.id).ok());
  EXPECT_FALSE(auth_->authenticate(lasting->secret).ok()) << "revoked";
}

TEST_F(AccountSecurityTest, TokenScopesMustBeGrantedByTheRole) {
  ApiTokens tokens(*store_, clock_, auth_->roles());
  Principal me = principal();
  for (const auto& scopes : {std::vector<std::string>{}, std::vector<std::string>{"flows.publish"},
                             std::vector<std::string>{"auth.tokens"}}) {
    auto refused = tokens.create(me, {"crm", scopes, {}});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().field, "scopes");
  }
  EXPECT_EQ(tokens.create(me, {"", {"calls.read"}, {}}).error().field, "name");
  EXPECT_EQ(tokens.create(me, {"crm", {"calls.read"}, 0}).error().field, "expires_in_days");
}

}  // namespace
}  // namespace hotline::app::testing
