// GET /api/v1/security/sip-bans and DELETE /api/v1/security/sip-bans/{address} through the
// dispatcher: the platform operator sees and lifts bans, a tenant admin is refused, a bad address
// is named.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/passwords.hpp"
#include "http/api_dispatcher.hpp"
#include "http/api_routes.hpp"
#include "http/tests/test_support.hpp"

namespace hotline::http {
namespace {

constexpr UnixMs kUntil = 1'700'000'300'000;

class ApiSecurityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rig.live.add_sip_ban({"127.0.0.2", 10, kUntil});
    rig.live.add_sip_ban({"2001:db8::7", 12, kUntil + 1});
  }

  std::string token_for(const std::string& role) {
    std::string username = "user-" + role;
    store::User user{0,  tenant.tenant_id,  username, app::hash_password("role-password"), role, role,
                     {}, rig.clock.now_ms()};
    EXPECT_TRUE(rig.store->users().create(user));
    auto session = rig.auth->login(username, "role-password");
    EXPECT_TRUE(session);
    return session ? session->token : std::string{};
  }

  ApiResponse request(const std::string& method, const std::string& target, const std::string& token) {
    return dispatcher.handle({method, target, "Bearer " + token, "", ""});
  }

  testing_support::ServerRig rig;
  testing_support::TestUser tenant = rig.add_tenant_with_user("acme", "alice");
  ApiDispatcher dispatcher{build_api_router(rig.deps()), *rig.auth};
};

TEST_F(ApiSecurityTest, ThePlatformOperatorListsTheBans) {
  auto response = request("GET", "/api/v1/security/sip-bans", token_for("platform_operator"));
  ASSERT_EQ(response.status, 200) << response.body;
  auto items = nlohmann::json::parse(response.body)["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["address"], "127.0.0.2");
  EXPECT_EQ(items[0]["failures"], 10);
  EXPECT_EQ(items[0]["banned_until"], kUntil);
  EXPECT_EQ(items[1]["address"], "2001:db8::7");
}

TEST_F(ApiSecurityTest, ThePlatformOperatorLiftsABanEarly) {
  std::string token = token_for("platform_operator");
  EXPECT_EQ(request("DELETE", "/api/v1/security/sip-bans/2001%3Adb8%3A%3A7", token).status, 204);
  auto items = nlohmann::json::parse(request("GET", "/api/v1/security/sip-bans", token).body)["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["address"], "127.0.0.2");
  auto again = request("DELETE", "/api/v1/security/sip-bans/2001:db8::7", token);
  EXPECT_EQ(again.status, 404) << again.body;
}

TEST_F(ApiSecurityTest, AnAddressIsLiftedHoweverItIsWritten) {
  std::string token = token_for("platform_operator");
  EXPECT_EQ(request("DELETE", "/api/v1/security/sip-bans/2001:DB8:0:0::7", token).status, 204);
  auto items = nlohmann::json::parse(request("GET", "/api/v1/security/sip-bans", token).body)["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["address"], "127.0.0.2");
}

TEST_F(ApiSecurityTest, ABadAddressIsNamed) {
  auto response = request("DELETE", "/api/v1/security/sip-bans/not-an-ip", token_for("platform_operator"));
  ASSERT_EQ(response.status, 400) << response.body;
  EXPECT_EQ(nlohmann::json::parse(response.body)["error"]["field"], "address");
}

TEST_F(ApiSecurityTest, ATenantAdminNeitherSeesNorLiftsBans) {
  std::string token = token_for("tenant_admin");
  EXPECT_EQ(request("GET", "/api/v1/security/sip-bans", token).status, 403);
  EXPECT_EQ(request("DELETE", "/api/v1/security/sip-bans/127.0.0.2", token).status, 403);
}

TEST_F(ApiSecurityTest, ACoreThatDoesNotAnswerIs503) {
  rig.live.core_unavailable = true;
  EXPECT_EQ(request("GET", "/api/v1/security/sip-bans", token_for("platform_operator")).status, 503);
}

}  // namespace
}  // namespace hotline::http
