// Every route as every built-in role (ADM-1): the dispatcher answers 403 exactly when the role
// lacks the route's capability, and the capabilities the routes name are all granted to someone.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>

#include "app/passwords.hpp"
#include "app/roles.hpp"
#include "http/api_dispatcher.hpp"
#include "http/api_routes.hpp"
#include "http/tests/test_support.hpp"

namespace hotline::http {
namespace {

class ApiRolesTest : public ::testing::Test {
 protected:
  std::string token_for(const std::string& role) {
    std::string username = "user-" + role;
    store::User user{0,  tenant.tenant_id,  username, app::hash_password("role-password"), role, role,
                     {}, rig.clock.now_ms()};
    EXPECT_TRUE(rig.store->users().create(user));
    auto session = rig.auth->login(username, "role-password");
    EXPECT_TRUE(session);
    return session ? session->token : std::string{};
  }

  testing_support::ServerRig rig;
  testing_support::TestUser tenant = rig.add_tenant_with_user("acme", "alice");
  Router router = build_api_router(rig.deps());
  ApiDispatcher dispatcher{build_api_router(rig.deps()), *rig.auth};
};

TEST_F(ApiRolesTest, EachRoleIsRefusedExactlyTheRoutesItHasNoCapabilityFor) {
  for (const std::string& role : app::builtin_roles()) {
    std::string token = token_for(role);
    std::vector<const Route*> routes;  // logout last: it ends the session the others use
    for (const Route& route : router.routes()) routes.push_back(&route);
    std::stable_partition(routes.begin(), routes.end(),
                          [](const Route* r) { return r->pattern != "/api/v1/auth/logout"; });
    for (const Route* each : routes) {
      const Route& route = *each;
      if (!route.requires_auth) continue;
      std::string target = std::regex_replace(route.pattern, std::regex("\\{[a-z_]+\\}"), "1");
      ApiResponse response = dispatcher.handle({route.method, target, "Bearer " + token, "", "{}"});
      bool allowed = app::role_allows(role, route.capability);
      EXPECT_EQ(response.status == 403, !allowed) << role << " " << route.method << " " << route.pattern
                                                  << " -> " << response.status << " " << response.body;
      EXPECT_NE(response.status, 401) << role << " " << route.method << " " << route.pattern;
    }
  }
}

// Except the platform's own capabilities, which no tenant's role holds.
TEST_F(ApiRolesTest, EveryCapabilityARouteNeedsIsGrantedToTheTenantAdmin) {
  for (const Route& route : router.routes()) {
    if (!route.requires_auth) continue;
    if (route.capability.starts_with("system.")) {
      EXPECT_TRUE(app::role_allows("platform_operator", route.capability)) << route.capability;
      EXPECT_FALSE(app::role_allows("tenant_admin", route.capability)) << route.capability;
      continue;
    }
    EXPECT_TRUE(app::role_allows("tenant_admin", route.capability)) << route.capability;
  }
}

TEST_F(ApiRolesTest, AgentsAreNotSupervisors) {
  for (const char* capability : {"agents.state.write", "queues.write", "flows.publish", "caller_lists.write"})
    EXPECT_FALSE(app::role_allows("agent", capability)) << capability;
  EXPECT_TRUE(app::role_allows("team_leader", "agents.state.write"));
  EXPECT_FALSE(app::role_allows("no_such_role", "auth.logout"));
}

}  // namespace
}  // namespace hotline::http
