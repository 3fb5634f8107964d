// Users, roles, extensions and tenants over the API (ADM-1, ADM-2, TEN-1, TEN-2), and the rules
// that narrow a route to the user's own objects: an agent's own calls and its own state.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/api_dispatcher.hpp"
#include "http/api_routes.hpp"
#include "http/tests/test_support.hpp"

namespace hotline::http {
namespace {

struct Reply {
  int status = 0;
  nlohmann::json body;
};

class ApiUsersRolesTest : public ::testing::Test {
 protected:
  Reply call(const std::string& token, const std::string& method, const std::string& target,
             const nlohmann::json& body = nullptr) {
    ApiResponse response =
        dispatcher.handle({method, target, "Bearer " + token, "", body.is_null() ? "" : body.dump()});
    return {response.status, response.body.empty() ? nlohmann::json() : nlohmann::json::parse(response.body)};
  }

  std::string new_extension(const std::string& number) {
    auto reply = call(admin, "POST", "/api/v1/extensions",
                      {{"extension", number}, {"display_name", "Desk " + number}, {"password", "sip-secret-1"}});
    EXPECT_EQ(reply.status, 201) << reply.body;
    return number;
  }

  static std::vector<std::string> fields(const Reply& reply) {
    std::vector<std::string> out;
    for (const auto& e : reply.body.value("errors", nlohmann::json::array())) out.push_back(e["field"]);
    if (out.empty() && reply.body.contains("error")) out.push_back(reply.body["error"].value("field", ""));
    return out;
  }

  testing_support::ServerRig rig;
  testing_support::TestUser acme = rig.add_tenant_with_user("acme", "acme-admin");
  ApiDispatcher dispatcher{build_api_router(rig.deps()), *rig.auth};
  std::string admin = rig.login(acme);
};

TEST_F(ApiUsersRolesTest, AnAdminAddsAnAgentWhoLogsInWithTheRoleGiven) {
  new_extension("2001");
  auto created = call(admin, "POST", "/api/v1/users",
                      {{"username", "lily"}, {"password", "lily-password"}, {"display_name", "Lily"},
                       {"role", "agent"}, {"extension", "2001"}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.body["extension"], "2001");
  EXPECT_FALSE(created.body.contains("password"));
  auto session = rig.auth->login("lily", "lily-password");
  ASSERT_TRUE(session);
  EXPECT_EQ(session->principal.role, "agent");
  EXPECT_EQ(session->principal.tenant_id, acme.tenant_id);
  auto listed = call(admin, "GET", "/api/v1/users");
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body["items"].size(), 2u);
  EXPECT_EQ(rig.live.reloads(acme.tenant_id), 2);  // the extension, then the agent
}

TEST_F(ApiUsersRolesTest, BadUserFieldsAreAllNamed) {
  auto reply = call(admin, "POST", "/api/v1/users", {{"username", "no spaces"}, {"password", "short"}, {"colour", 1}});
  ASSERT_EQ(reply.status, 400);
  EXPECT_EQ(fields(reply), (std::vector<std::string>{"username", "password", "role", "colour"}));
  auto unknown_role = call(admin, "POST", "/api/v1/users",
                           {{"username", "sam"}, {"password", "sam-password"}, {"role", "wizard"}});
  EXPECT_EQ(unknown_role.status, 400);
  EXPECT_EQ(fields(unknown_role), std::vector<std::string>{"role"});
  auto operator_role = call(admin, "POST", "/api/v1/users",
                            {{"username", "sam"}, {"password", "sam-password"}, {"role", "platform_operator"}});
  EXPECT_EQ(operator_role.status, 400);
  auto missing_extension = call(admin, "POST", "/api/v1/users",
                                {{"username", "sam"}, {"password", "sam-password"}, {"role", "agent"},
                                 {"extension", "9999"}});
  EXPECT_EQ(missing_extension.status, 400);
  EXPECT_EQ(fields(missing_extension), std::vector<std::string>{"extension"});
}

TEST_F(ApiUsersRolesTest, AnExtensionBelongsToOneUserAndCannotGoWhileItDoes) {
  new_extension("2001");
  rig.add_user(acme.tenant_id, "first", "agent", "2001");
  auto second = call(admin, "POST", "/api/v1/users",
                     {{"username", "second"}, {"password", "second-pass"}, {"role", "agent"}, {"extension", "2001"}});
  EXPECT_EQ(second.status, 409);
  auto extensions = call(admin, "GET", "/api/v1/extensions");
  ASSERT_EQ(extensions.body["items"].size(), 1u);
  std::string id = std::to_string(extensions.body["items"][0]["id"].get<std::int64_t>());
  EXPECT_EQ(call(admin, "DELETE", "/api/v1/extensions/" + id).status, 409);
}

TEST_F(ApiUsersRolesTest, NobodyChangesTheirOwnRoleOrDeletesThemselves) {
  std::string me = "/api/v1/users/" + std::to_string(acme.user_id);
  EXPECT_EQ(call(admin, "PUT", me, {{"role", "agent"}}).status, 409);
  EXPECT_EQ(call(admin, "DELETE", me).status, 409);
  EXPECT_EQ(call(admin, "PUT", me, {{"display_name", "Boss"}}).body["display_name"], "Boss");
}

TEST_F(ApiUsersRolesTest, DeletingAUserEndsItsSessions) {
  auto lily = rig.add_user(acme.tenant_id, "lily", "team_leader");
  std::string token = rig.login(lily);
  EXPECT_EQ(call(token, "GET", "/api/v1/queues").status, 200);
  EXPECT_EQ(call(admin, "DELETE", "/api/v1/users/" + std::to_string(lily.user_id)).status, 204);
  EXPECT_EQ(call(token, "GET", "/api/v1/queues").status, 401);
  EXPECT_EQ(call(admin, "GET", "/api/v1/users/" + std::to_string(lily.user_id)).status, 404);
}

TEST_F(ApiUsersRolesTest, AResetPasswordWorksAndTheOldOneDoesNot) {
  auto lily = rig.add_user(acme.tenant_id, "lily", "agent");
  auto reset = call(admin, "PUT", "/api/v1/users/" + std::to_string(lily.user_id), {{"password", "brand-new-pw"}});
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_FALSE(rig.auth->login("lily", lily.password));
  EXPECT_TRUE(rig.auth->login("lily", "brand-new-pw"));
}

TEST_F(ApiUsersRolesTest, ACustomRoleGrantsWhatItListsFromTheNextRequest) {
  auto made = call(admin, "POST", "/api/v1/roles", {{"name", "night_shift"}, {"capabilities", {"live.read", "calls.read"}}});
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.body["capabilities"], (nlohmann::json{"calls.read", "live.read"}));  // as stored
  auto lily = rig.add_user(acme.tenant_id, "lily", "night_shift");
  std::string token = rig.login(lily);
  EXPECT_EQ(call(token, "GET", "/api/v1/live/queues").status, 200);
  EXPECT_EQ(call(token, "GET", "/api/v1/queues").status, 403);
  auto changed = call(admin, "PUT", "/api/v1/roles/night_shift", {{"capabilities", {"live.read", "queues.read"}}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(call(token, "GET", "/api/v1/queues").status, 200);
  auto me = call(token, "GET", "/api/v1/auth/me");
  EXPECT_EQ(me.body["capabilities"], (nlohmann::json{"auth.logout", "auth.self", "live.read", "queues.read"}));
  EXPECT_EQ(call(admin, "DELETE", "/api/v1/roles/night_shift").status, 409);  // lily has it
  EXPECT_EQ(call(admin, "DELETE", "/api/v1/users/" + std::to_string(lily.user_id)).status, 204);
  EXPECT_EQ(call(admin, "DELETE", "/api/v1/roles/night_shift").status, 204);
  EXPECT_EQ(call(token, "GET", "/api/v1/queues").status, 401);
}

TEST_F(ApiUsersRolesTest, RolesGrantOnlyTenantCapabilitiesTheAdminHolds) {
  auto unknown = call(admin, "POST", "/api/v1/roles", {{"name", "x"}, {"capabilities", {"live.read", "tenants.write"}}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(fields(unknown), std::vector<std::string>{"capabilities.1"});
  EXPECT_EQ(call(admin, "POST", "/api/v1/roles", {{"name", "agent"}, {"capabilities", {"live.read"}}}).status, 409);
  EXPECT_EQ(call(admin, "PUT", "/api/v1/roles/agent", {{"capabilities", {"live.read"}}}).status, 409);
  EXPECT_EQ(call(admin, "PUT", "/api/v1/roles/nobody", {{"capabilities", {"live.read"}}}).status, 404);

  // A delegated user admin cannot make or give a role beyond its own rights.
  ASSERT_EQ(call(admin, "POST", "/api/v1/roles",
                 {{"name", "hr"}, {"capabilities", {"users.read", "users.write", "roles.read", "roles.write"}}})
                .status,
            201);
  std::string hr = rig.login(rig.add_user(acme.tenant_id, "hr-person", "hr"));
  auto beyond = call(hr, "POST", "/api/v1/roles", {{"name", "more"}, {"capabilities", {"queues.write"}}});
  EXPECT_EQ(beyond.status, 400);
  auto raise = call(hr, "POST", "/api/v1/users",
                    {{"username", "boss"}, {"password", "boss-password"}, {"role", "tenant_admin"}});
  EXPECT_EQ(raise.status, 400);
  EXPECT_EQ(fields(raise), std::vector<std::string>{"role"});
  auto capabilities = call(admin, "GET", "/api/v1/capabilities");
  EXPECT_FALSE(capabilities.body["items"].empty());
  for (const auto& c : capabilities.body["items"]) EXPECT_NE(c.get<std::string>().rfind("tenants.", 0), 0u) << c;
}

TEST_F(ApiUsersRolesTest, AnExtensionsSipPasswordIsWriteOnlyAndChangesItsDigest) {
  new_extension("2001");
  auto before = rig.store->extensions().find(acme.tenant_id, "2001");
  ASSERT_TRUE(before);
  std::string id = std::to_string(before->id);
  auto changed = call(admin, "PUT", "/api/v1/extensions/" + id, {{"password", "another-secret"}, {"enabled", false}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_FALSE(changed.body.contains("password"));
  EXPECT_FALSE(changed.body.contains("ha1_md5"));
  EXPECT_EQ(changed.body["enabled"], false);
  auto after = rig.store->extensions().find(acme.tenant_id, "2001");
  EXPECT_NE(after->ha1_md5, before->ha1_md5);
  EXPECT_EQ(call(admin, "PUT", "/api/v1/extensions/" + id, {{"password", "short"}}).status, 400);
  EXPECT_EQ(call(admin, "DELETE", "/api/v1/extensions/" + id).status, 204);
}

TEST_F(ApiUsersRolesTest, ThePlatformOperatorAddsATenantWhoseAdminSeesOnlyItsOwn) {
  std::string op = rig.login(rig.add_user(acme.tenant_id, "operator", "platform_operator"));
  EXPECT_EQ(call(admin, "GET", "/api/v1/tenants").status, 403);
  EXPECT_EQ(call(op, "GET", "/api/v1/queues").status, 403);
  auto created = call(op, "POST", "/api/v1/tenants",
                      {{"name", "water"}, {"sip_realm", "water.test"}, {"seats", 20},
                       {"admin", {{"username", "water-admin"}, {"password", "water-password"}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.body["seats"], 20);
  std::string id = std::to_string(created.body["id"].get<std::int64_t>());
  auto session = rig.auth->login("water-admin", "water-password");
  ASSERT_TRUE(session);
  EXPECT_EQ(call(session->token, "GET", "/api/v1/users").body["items"].size(), 1u);
  auto seats = call(op, "PUT", "/api/v1/tenants/" + id, {{"seats", nullptr}});
  ASSERT_EQ(seats.status, 200) << seats.body;
  EXPECT_TRUE(seats.body["seats"].is_null());
  EXPECT_EQ(call(op, "PUT", "/api/v1/tenants/" + id, {{"seats", -1}}).status, 400);
  auto again = call(op, "POST", "/api/v1/tenants",
                    {{"name", "water"}, {"sip_realm", "water2.test"},
                     {"admin", {{"username", "w2"}, {"password", "water-password"}}}});
  EXPECT_EQ(again.status, 409);
  EXPECT_FALSE(rig.auth->login("w2", "water-password"));  // nothing half-made
}

TEST_F(ApiUsersRolesTest, AnAgentReadsOnlyTheCallsItsExtensionTookPartIn) {
  auto write_call = [&](const std::string& id, const std::string& extension) {
    rig.store->calls().save_call_async(testing_support::make_call(acme.tenant_id, id, "inbound", "13800000000", "4000", 1000));
    store::CallLegRecord leg;
    leg.id = id + "-leg";
    leg.call_id = id;
    leg.tenant_id = acme.tenant_id;
    leg.role = "callee";
    leg.endpoint = extension;
    leg.started_at = 1000;
    rig.store->calls().save_leg_async(leg);
  };
  write_call("call-mine", "2001");
  write_call("call-other", "2002");
  rig.store->flush();
  std::string agent = rig.login(rig.add_user(acme.tenant_id, "lily", "agent", "2001"));
  auto mine = call(agent, "GET", "/api/v1/calls");
  ASSERT_EQ(mine.status, 200);
  ASSERT_EQ(mine.body["items"].size(), 1u);
  EXPECT_EQ(mine.body["items"][0]["id"], "call-mine");
  EXPECT_EQ(mine.body["total"], 1);
  EXPECT_EQ(call(agent, "GET", "/api/v1/calls/call-mine").status, 200);
  EXPECT_EQ(call(agent, "GET", "/api/v1/calls/call-other").status, 404);
  std::string no_phone = rig.login(rig.add_user(acme.tenant_id, "handler", "department_handler"));
  EXPECT_TRUE(call(no_phone, "GET", "/api/v1/calls").body["items"].empty());
  std::string leader = rig.login(rig.add_user(acme.tenant_id, "leader", "team_leader"));
  EXPECT_EQ(call(leader, "GET", "/api/v1/calls").body["items"].size(), 2u);
}

TEST_F(ApiUsersRolesTest, AnAgentSetsOnlyItsOwnState) {
  auto lily = rig.add_user(acme.tenant_id, "lily", "agent", "2001");
  auto mark = rig.add_user(acme.tenant_id, "mark", "agent", "2002");
  rig.live.set_acd(acme.tenant_id, {}, {acd::AgentView{lily.user_id, "2001"}, acd::AgentView{mark.user_id, "2002"}});
  std::string token = rig.login(lily);
  nlohmann::json ready = {{"state", "ready"}};
  EXPECT_EQ(call(token, "POST", "/api/v1/agents/" + std::to_string(lily.user_id) + "/state", ready).status, 200);
  EXPECT_EQ(call(token, "POST", "/api/v1/agents/" + std::to_string(mark.user_id) + "/state", ready).status, 403);
  std::string leader = rig.login(rig.add_user(acme.tenant_id, "leader", "team_leader"));
  EXPECT_EQ(call(leader, "POST", "/api/v1/agents/" + std::to_string(mark.user_id) + "/state", ready).status, 200);
}

}  // namespace
}  // namespace hotline::http
