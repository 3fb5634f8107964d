// Accounts through the dispatcher: lock-out and address throttling on login (429 + Retry-After),
// password changes, API tokens and their scopes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/passwords.hpp"
#include "http/api_dispatcher.hpp"
#include "http/api_routes.hpp"
#include "http/tests/test_support.hpp"

namespace hotline::http {
namespace {

using json = nlohmann::json;
using testing_support::header;

class ApiAccountsTest : public ::testing::Test {
 protected:
  ApiResponse call(const std::string& method, const std::string& target, const std::string& token,
                   const std::string& body = "", const std::string& address = "198.51.100.1") {
    return dispatcher.handle({method, target, token.empty() ? "" : "Bearer " + token, "", body, address});
  }

  ApiResponse login(const std::string& username, const std::string& password,
                    const std::string& address = "198.51.100.1") {
    return call("POST", "/api/v1/auth/login", "", json{{"username", username}, {"password", password}}.dump(),
                address);
  }

  std::string token_of(const ApiResponse& response) {
    EXPECT_EQ(response.status, 200) << response.body;
    return response.status == 200 ? json::parse(response.body)["token"].get<std::string>() : "";
  }

  std::string add_user(const std::string& username, const std::string& role) {
    EXPECT_TRUE(rig.store->users().create({.tenant_id = alice.tenant_id,
                                           .username = username,
                                           .password_hash = app::hash_password("pw-" + username),
                                           .role = role}));
    return token_of(login(username, "pw-" + username));
  }

  std::vector<store::AuditRecord> audit_rows(const std::string& action) {
    rig.store->flush();
    return rig.store->audit().query({.action = action, .limit = 500});
  }

  testing_support::ServerRig rig;
  testing_support::TestUser alice = rig.add_tenant_with_user("acme", "alice");
  AuditTrail audit{rig.store->audit(), rig.clock};
  ApiDispatcher dispatcher{build_api_router(rig.deps()), *rig.auth, audit};
};

TEST_F(ApiAccountsTest, FiveWrongPasswordsLockTheAccountEvenForTheRightOne) {
  for (int i = 0; i < 4; ++i) {
    ApiResponse wrong = login("alice", "wrong");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(json::parse(wrong.body)["error"]["message"], "invalid username or password");
  }
  EXPECT_EQ(json::parse(login("nobody", "wrong").body)["error"]["message"], "invalid username or password")
      << "an unknown username reads the same";
  ApiResponse locked = login("alice", "wrong");
  ASSERT_EQ(locked.status, 429) << locked.body;
  EXPECT_EQ(header(locked, "Retry-After"), "900");
  json error = json::parse(locked.body)["error"];
  EXPECT_EQ(error["code"], "account_locked");
  EXPECT_EQ(error["retry_at"], rig.clock.now_ms() + 15 * 60'000);

  rig.clock.advance_ms(14 * 60'000);
  ApiResponse still = login("alice", alice.password);
  EXPECT_EQ(still.status, 429);
  EXPECT_EQ(header(still, "Retry-After"), "60");
  rig.clock.advance_ms(60'000);
  EXPECT_EQ(login("alice", alice.password).status, 200);

  auto rows = audit_rows("POST /api/v1/auth/login");
  ASSERT_EQ(rows.size(), 8u);
  EXPECT_EQ(rows[0].status, 200);
  EXPECT_EQ(rows[0].user_id, alice.user_id);
  EXPECT_EQ(rows[1].status, 429);
  EXPECT_EQ(rows[1].username, "alice");
  EXPECT_EQ(rows[1].tenant_id, alice.tenant_id);
  EXPECT_TRUE(rows[1].detail.starts_with("account locked until")) << rows[1].detail;
  EXPECT_EQ(rows[3].username, "nobody");
  EXPECT_FALSE(rows[3].tenant_id) << "no tenant for an unknown username";
  EXPECT_EQ(rows[7].detail, "wrong username or password");
  EXPECT_EQ(rows[7].remote_address, "198.51.100.1");
}

TEST_F(ApiAccountsTest, OneAddressSprayingUsernamesIsSlowedAndOthersAreNot) {
  for (int i = 0; i < 19; ++i) EXPECT_EQ(login("user" + std::to_string(i), "x", "203.0.113.9").status, 401);
  ApiResponse throttled = login("user19", "x", "203.0.113.9");
  ASSERT_EQ(throttled.status, 429);
  EXPECT_EQ(json::parse(throttled.body)["error"]["code"], "too_many_attempts");
  EXPECT_EQ(header(throttled, "Retry-After"), "600");
  EXPECT_EQ(login("alice", alice.password, "203.0.113.9").status, 429);
  EXPECT_EQ(login("alice", alice.password, "203.0.113.10").status, 200);
}

TEST_F(ApiAccountsTest, PasswordChangeHasAPolicyAndEndsTheOtherSessions) {
  std::string mine = token_of(login("alice", alice.password));
  std::string other = token_of(login("alice", alice.password));
  ApiResponse weak = call("POST", "/api/v1/auth/password", mine,
                          json{{"current_password", alice.password}, {"new_password", "short"}}.dump());
  ASSERT_EQ(weak.status, 400);
  EXPECT_EQ(json::parse(weak.body)["error"]["field"], "new_password");
  ApiResponse missing = call("POST", "/api/v1/auth/password", mine, R"({"current_password": "x"})");
  EXPECT_EQ(json::parse(missing.body)["error"]["field"], "new_password");
  ASSERT_EQ(call("POST", "/api/v1/auth/password", mine,
                 json{{"current_password", alice.password}, {"new_password", "correct horse"}}.dump())
                .status,
            204);
  EXPECT_EQ(call("GET", "/api/v1/auth/me", mine).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/auth/me", other).status, 401);
  EXPECT_EQ(login("alice", "correct horse").status, 200);
  auto rows = audit_rows("POST /api/v1/auth/password");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].status, 204);
}

TEST_F(ApiAccountsTest, ATokenUsesOnlyItsScopesUntilRevoked) {
  std::string session = token_of(login("alice", alice.password));
  ApiResponse created = call("POST", "/api/v1/auth/tokens", session,
                             R"({"name": "crm", "scopes": ["calls.read"], "expires_in_days": 30})");
  ASSERT_EQ(created.status, 201) << created.body;
  json token = json::parse(created.body);
  std::string secret = token["token"];
  EXPECT_TRUE(secret.starts_with("hlt_"));
  EXPECT_EQ(token["expires_at"], rig.clock.now_ms() + 30LL * 24 * 3600 * 1000);

  EXPECT_EQ(call("GET", "/api/v1/calls", secret).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/queues", secret).status, 403) << "the role has it, the token does not";
  EXPECT_EQ(call("POST", "/api/v1/auth/tokens", secret, R"({"name": "x", "scopes": ["calls.read"]})").status,
            403);
  json me = json::parse(call("GET", "/api/v1/auth/me", session).body);
  EXPECT_GT(me["capabilities"].size(), 1u);
  EXPECT_EQ(me["user"]["tenant_name"], "acme");  // the web app's header shows it

  rig.store->flush();  // last use is written behind the request
  json listed = json::parse(call("GET", "/api/v1/auth/tokens", session).body);
  ASSERT_EQ(listed["items"].size(), 1u);
  EXPECT_FALSE(listed["items"][0].contains("token")) << "the secret is shown once";
  EXPECT_EQ(listed["items"][0]["scopes"], json::array({"calls.read"}));
  EXPECT_EQ(listed["items"][0]["last_used_at"], rig.clock.now_ms());

  std::string id = std::to_string(token["id"].get<std::int64_t>());
  EXPECT_EQ(call("DELETE", "/api/v1/auth/tokens/" + id, session).status, 204);
  EXPECT_EQ(call("GET", "/api/v1/calls", secret).status, 401);
  EXPECT_EQ(call("DELETE", "/api/v1/auth/tokens/" + id, session).status, 404);
}

TEST_F(ApiAccountsTest, TokensExpireAndHaveOnlyScopesTheRoleGrants) {
  std::string manager = add_user("mona", "manager");
  ApiResponse beyond = call("POST", "/api/v1/auth/tokens", manager,
                            R"({"name": "x", "scopes": ["calls.read", "flows.publish"]})");
  ASSERT_EQ(beyond.status, 400);
  EXPECT_EQ(json::parse(beyond.body)["error"]["field"], "scopes");
  EXPECT_EQ(call("POST", "/api/v1/auth/tokens", manager, R"({"name": "x", "scopes": []})").status, 400);
  EXPECT_EQ(call("POST", "/api/v1/auth/tokens", add_user("andy", "agent"),
                 R"({"name": "x", "scopes": ["calls.read"]})")
                .status,
            403);
  ApiResponse created = call("POST", "/api/v1/auth/tokens", manager,
                             R"({"name": "day", "scopes": ["live.read"], "expires_in_days": 1})");
  std::string secret = json::parse(created.body)["token"];
  EXPECT_EQ(call("GET", "/api/v1/live/queues", secret).status, 200);
  rig.clock.advance_ms(24LL * 3600 * 1000);
  EXPECT_EQ(call("GET", "/api/v1/live/queues", secret).status, 401);
}

TEST_F(ApiAccountsTest, AnIdleSessionIs401) {
  std::string session = token_of(login("alice", alice.password));
  rig.clock.advance_ms(29 * 60'000);
  EXPECT_EQ(call("GET", "/api/v1/auth/me", session).status, 200);
  rig.store->flush();
  rig.clock.advance_ms(30 * 60'000);
  EXPECT_EQ(call("GET", "/api/v1/auth/me", session).status, 401);
}

}  // namespace
}  // namespace hotline::http
