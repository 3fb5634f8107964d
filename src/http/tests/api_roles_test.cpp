// Every route as every built-in role (ADM-1): the dispatcher answers 403 exactly when the role
// lacks the route's capability, and the capabilities the routes name are all granted to someone.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>

#include "app/roles.hpp"
#include "http/api_dispatcher.hpp"
#include "http/api_routes.hpp"
#include "http/cti_commands.hpp"
#include "http/tests/test_support.hpp"

namespace hotline::http {
namespace {

class ApiRolesTest : public ::testing::Test {
 protected:
  testing_support::ServerRig rig;
  testing_support::TestUser tenant = rig.add_tenant_with_user("acme", "alice");
  Router router = build_api_router(rig.deps());
  ApiDispatcher dispatcher{build_api_router(rig.deps()), *rig.auth};
};

TEST_F(ApiRolesTest, EachRoleIsRefusedExactlyTheRoutesItHasNoCapabilityFor) {
  for (const std::string& role : app::builtin_roles()) {
    auto user = rig.add_user(tenant.tenant_id, "user-" + role, role);
    std::string token = rig.login(user);
    std::vector<const Route*> routes;  // logout last: it ends the session the others use
    for (const Route& route : router.routes()) routes.push_back(&route);
    std::stable_partition(routes.begin(), routes.end(),
                          [](const Route* r) { return r->pattern != "/api/v1/auth/logout"; });
    for (const Route* each : routes) {
      const Route& route = *each;
      if (!route.requires_auth) continue;
      // Ids are the user's own: routes that narrow to one's own objects (an agent's state) allow it.
      std::string target =
          std::regex_replace(route.pattern, std::regex("\\{[a-z_]+\\}"), std::to_string(user.user_id));
      ApiResponse response = dispatcher.handle({route.method, target, "Bearer " + token, "", "{}"});
      bool allowed = app::role_allows(role, route.capability);
      EXPECT_EQ(response.status == 403, !allowed) << role << " " << route.method << " " << route.pattern
                                                  << " -> " << response.status << " " << response.body;
      EXPECT_NE(response.status, 401) << role << " " << route.method << " " << route.pattern;
    }
  }
}

// The WebSocket's commands are checked like routes: each role is offered (hello) and allowed exactly
// the commands whose capability it holds, and refused the others with 403.
TEST_F(ApiRolesTest, EachRoleMayRunExactlyTheCtiCommandsItHasTheCapabilityFor) {
  for (const std::string& role : app::builtin_roles()) {
    auto user = rig.add_user(tenant.tenant_id, "ws-" + role, role);
    auto principal = rig.auth->authenticate(rig.login(user));
    ASSERT_TRUE(principal) << role;
    auto offered = allowed_cti_commands(rig.deps(), *principal);
    for (const CtiCommand& command : cti_commands()) {
      bool allowed = app::role_allows(role, command.capability);
      EXPECT_EQ(std::count(offered.begin(), offered.end(), command.name), allowed ? 1 : 0)
          << role << " " << command.name;
      if (allowed) continue;
      std::optional<std::string> no_phone;
      nlohmann::json args = nlohmann::json::object();
      CtiContext context{rig.deps(), *principal, no_phone, 0, args, "127.0.0.1"};
      EXPECT_EQ(run_cti_command(context, command.name).status, 403) << role << " " << command.name;
    }
  }
  EXPECT_FALSE(app::role_allows("agent", "agents.state.write"));  // an agent sets no one else's state
  EXPECT_FALSE(app::role_allows("agent", "messages.send"));
}

// A tenant admin may do everything within the tenant; what spans tenants (tenants and their seats,
// backups, SIP source-address bans) is the platform operator's alone.
TEST_F(ApiRolesTest, EveryCapabilityARouteNeedsIsGrantedToTheTenantAdminOrThePlatformOperator) {
  for (const Route& route : router.routes()) {
    if (!route.requires_auth) continue;
    bool platform_wide = route.capability.starts_with("security.") ||
                         route.capability.starts_with("tenants.") || route.capability.starts_with("system.");
    EXPECT_EQ(app::role_allows("tenant_admin", route.capability), !platform_wide) << route.capability;
    if (platform_wide) {
      EXPECT_TRUE(app::role_allows("platform_operator", route.capability)) << route.capability;
    }
  }
  EXPECT_FALSE(app::role_allows("platform_operator", "calls.read")) << "no tenant's business data";
}

TEST_F(ApiRolesTest, OnlyManagersAndAdminsMayDialInternationalAndPremiumNumbers) {
  for (const char* capability : {"calls.dial.international", "calls.dial.premium"}) {
    for (const char* role : {"manager", "tenant_admin", "admin"})
      EXPECT_TRUE(app::role_allows(role, capability)) << role << " " << capability;
    for (const char* role :
         {"agent", "team_leader", "quality_inspector", "department_handler", "platform_operator"})
      EXPECT_FALSE(app::role_allows(role, capability)) << role << " " << capability;
  }
}

TEST_F(ApiRolesTest, TeamLeadersSuperviseCallsAndQualityInspectorsOnlyListen) {
  for (const char* capability : {"calls.listen", "calls.whisper", "calls.barge"}) {
    for (const char* role : {"team_leader", "manager", "tenant_admin"})
      EXPECT_TRUE(app::role_allows(role, capability)) << role << " " << capability;
    for (const char* role : {"agent", "department_handler", "platform_operator"})
      EXPECT_FALSE(app::role_allows(role, capability)) << role << " " << capability;
  }
  EXPECT_TRUE(app::role_allows("quality_inspector", "calls.listen"));
  EXPECT_FALSE(app::role_allows("quality_inspector", "calls.whisper"));
  EXPECT_FALSE(app::role_allows("quality_inspector", "calls.barge"));
}

TEST_F(ApiRolesTest, AgentsAreNotSupervisors) {
  for (const char* capability : {"agents.state.write", "queues.write", "flows.publish", "caller_lists.write"})
    EXPECT_FALSE(app::role_allows("agent", capability)) << capability;
  EXPECT_TRUE(app::role_allows("team_leader", "agents.state.write"));
  EXPECT_FALSE(app::role_allows("no_such_role", "auth.logout"));
}

}  // namespace
}  // namespace hotline::http
