// The audit log as the dispatcher writes it: every change with its before and after, refusals,
// sensitive reads, secrets redacted; GET /api/v1/audit scoped to the reader's tenant.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "app/passwords.hpp"
#include "http/api_dispatcher.hpp"
#include "http/api_routes.hpp"
#include "http/tests/test_support.hpp"

namespace hotline::http {
namespace {

using json = nlohmann::json;

class ApiAuditTest : public ::testing::Test {
 protected:
  ApiResponse call(const std::string& method, const std::string& target, const std::string& token,
                   const std::string& body = "") {
    return dispatcher.handle({method, target, "Bearer " + token, "", body, "192.0.2.55"});
  }

  std::string add_user(store::TenantId tenant, const std::string& username, const std::string& role) {
    EXPECT_TRUE(rig.store->users().create({.tenant_id = tenant,
                                           .username = username,
                                           .password_hash = app::hash_password("pw-" + username),
                                           .role = role}));
    return rig.login(username, "pw-" + username);
  }

  std::vector<store::AuditRecord> rows(store::AuditQuery query) {
    rig.store->flush();
    query.limit = 500;
    return rig.store->audit().query(query);
  }

  testing_support::ServerRig rig;
  testing_support::TestUser alice = rig.add_tenant_with_user("acme", "alice");
  testing_support::TestUser bob = rig.add_tenant_with_user("globex", "bob");
  AuditTrail audit{rig.store->audit(), rig.clock};
  ApiDispatcher dispatcher{build_api_router(rig.deps()), *rig.auth, audit};
  std::string alice_token = rig.login(alice);
};

TEST_F(ApiAuditTest, AConfigChangeIsRecordedWithBeforeAndAfter) {
  ApiResponse created =
      call("POST", "/api/v1/queues", alice_token, R"({"name": "sales", "wrap_up_ms": 1000})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = std::to_string(json::parse(created.body)["id"].get<std::int64_t>());
  ASSERT_EQ(call("PUT", "/api/v1/queues/" + id, alice_token, R"({"wrap_up_ms": 5000})").status, 200);

  auto changed = rows({.action = "PUT /api/v1/queues/{id}"});
  ASSERT_EQ(changed.size(), 1u);
  const auto& row = changed[0];
  EXPECT_EQ(row.tenant_id, alice.tenant_id);
  EXPECT_EQ(row.username, "alice");
  EXPECT_EQ(row.role, "admin");
  EXPECT_EQ(row.remote_address, "192.0.2.55");
  EXPECT_EQ(row.object_type, "queues");
  EXPECT_EQ(row.object_id, id);
  EXPECT_EQ(row.status, 200);
  ASSERT_TRUE(row.before_json && row.after_json);
  EXPECT_EQ(json::parse(*row.before_json)["wrap_up_ms"], 1000);
  EXPECT_EQ(json::parse(*row.after_json)["wrap_up_ms"], 5000);

  auto create_rows = rows({.action = "POST /api/v1/queues"});
  ASSERT_EQ(create_rows.size(), 1u);
  EXPECT_EQ(create_rows[0].object_id, id) << "named from the answer";
  EXPECT_EQ(json::parse(*create_rows[0].after_json)["name"], "sales");
}

TEST_F(ApiAuditTest, ASingletonResourceChangeHasItsBeforeToo) {
  ASSERT_EQ(call("PUT", "/api/v1/settings", alice_token, R"({"premium_prefixes": "1900"})").status, 200);
  auto changed = rows({.action = "PUT /api/v1/settings"});
  ASSERT_EQ(changed.size(), 1u);
  ASSERT_TRUE(changed[0].before_json && changed[0].after_json);
  EXPECT_EQ(json::parse(*changed[0].before_json)["premium_prefixes"], "");
  EXPECT_EQ(json::parse(*changed[0].after_json)["premium_prefixes"], "1900");
}

TEST_F(ApiAuditTest, WhoMayDoWhatIsRecorded) {
  ApiResponse created = call("POST", "/api/v1/queues", alice_token, R"({"name": "sales"})");
  std::string id = std::to_string(json::parse(created.body)["id"].get<std::int64_t>());
  ASSERT_EQ(call("PUT", "/api/v1/queues/" + id + "/members", alice_token,
                 json{{"user_ids", {alice.user_id}}}.dump())
                .status,
            200);
  ASSERT_EQ(
      call("POST", "/api/v1/auth/tokens", alice_token, R"({"name": "crm", "scopes": ["calls.read"]})").status,
      201);
  auto members = rows({.action = "PUT /api/v1/queues/{id}/members"});
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].object_id, id);
  EXPECT_EQ(json::parse(*members[0].after_json)["members"], json::array({alice.user_id}));
  auto granted = rows({.object_type = "auth.tokens"});
  ASSERT_EQ(granted.size(), 1u);
  EXPECT_EQ(json::parse(*granted[0].after_json)["scopes"], json::array({"calls.read"}));
}

TEST_F(ApiAuditTest, ADeletionKeepsWhatWasDeleted) {
  ApiResponse created = call("POST", "/api/v1/queues", alice_token, R"({"name": "gone"})");
  std::string id = std::to_string(json::parse(created.body)["id"].get<std::int64_t>());
  ASSERT_EQ(call("DELETE", "/api/v1/queues/" + id, alice_token).status, 204);
  auto deleted = rows({.action = "DELETE /api/v1/queues/{id}"});
  ASSERT_EQ(deleted.size(), 1u);
  ASSERT_TRUE(deleted[0].before_json);
  EXPECT_EQ(json::parse(*deleted[0].before_json)["name"], "gone");
  EXPECT_FALSE(deleted[0].after_json);
}

TEST_F(ApiAuditTest, RefusalsAreRecordedAndReadsAreNot) {
  std::string agent = add_user(alice.tenant_id, "andy", "agent");
  ASSERT_EQ(call("PUT", "/api/v1/queues/1", agent, R"({"wrap_up_ms": 1})").status, 403);
  ASSERT_EQ(call("GET", "/api/v1/calls", agent).status, 200);
  auto refused = rows({.username = "andy"});
  ASSERT_EQ(refused.size(), 1u) << "the GET is not audited";
  EXPECT_EQ(refused[0].status, 403);
  EXPECT_EQ(refused[0].detail, "this needs queues.write");
  EXPECT_FALSE(refused[0].before_json) << "nothing is read for a refused request";
  EXPECT_EQ(dispatcher.handle({"DELETE", "/api/v1/skills/1", "", "", "", "192.0.2.1"}).status, 401);
  EXPECT_EQ(rows({.action = "DELETE /api/v1/skills/{id}"}).at(0).status, 401);
}

TEST_F(ApiAuditTest, ListeningToVoicemailIsRecorded) {
  auto box = *rig.store->voicemail_boxes().create({.tenant_id = alice.tenant_id, .name = "sales"});
  rig.store->calls().save_call_async(
      testing_support::make_call(alice.tenant_id, "c1", "inbound", "100", "4000", 0));
  std::filesystem::create_directories(rig.dir / "recordings");
  std::ofstream(rig.dir / "recordings/m1.wav", std::ios::binary) << "RIFF-audio";
  rig.store->recordings().save_async({.id = "r1",
                                      .tenant_id = alice.tenant_id,
                                      .call_id = "c1",
                                      .path = "recordings/m1.wav",
                                      .channels = 1});
  rig.store->voicemail_messages().add_async({.id = "m1",
                                             .tenant_id = alice.tenant_id,
                                             .box_id = box,
                                             .call_id = "c1",
                                             .recording_id = "r1",
                                             .caller = "100"});
  rig.store->flush();
  ASSERT_TRUE(rig.store->voicemail_messages().screen("m1", 3000, std::nullopt));

  ASSERT_EQ(call("GET", "/api/v1/voicemail/messages/m1/audio", alice_token).status, 200);
  auto listened = rows({.action = "GET /api/v1/voicemail/messages/{id}/audio"});
  ASSERT_EQ(listened.size(), 1u);
  EXPECT_EQ(listened[0].object_type, "voicemail.messages");
  EXPECT_EQ(listened[0].object_id, "m1");
  EXPECT_FALSE(listened[0].after_json) << "audio is not JSON and is not kept";
}

TEST_F(ApiAuditTest, SecretsNeverReachTheLog) {
  ASSERT_EQ(dispatcher
                .handle({"POST", "/api/v1/auth/login", "", "",
                         json{{"username", "alice"}, {"password", alice.password}}.dump(), "192.0.2.1"})
                .status,
            200);
  ApiResponse created =
      call("POST", "/api/v1/auth/tokens", alice_token, R"({"name": "crm", "scopes": ["calls.read"]})");
  std::string secret = json::parse(created.body)["token"];
  rig.store->flush();
  for (const auto& row : rows({})) {
    std::string text = row.after_json.value_or("") + row.before_json.value_or("") + row.detail;
    EXPECT_EQ(text.find(alice.password), std::string::npos) << row.action;
    EXPECT_EQ(text.find(secret), std::string::npos) << row.action;
    if (row.after_json && json::parse(*row.after_json).contains("token")) {
      EXPECT_EQ(json::parse(*row.after_json)["token"], "[redacted]") << row.action;
    }
  }
}

TEST_F(ApiAuditTest, EachTenantAdminReadsOnlyItsTenantsRowsAndTheOperatorAll) {
  std::string bob_token = rig.login(bob);
  ASSERT_EQ(call("POST", "/api/v1/skills", alice_token, R"({"name": "billing"})").status, 201);
  ASSERT_EQ(call("POST", "/api/v1/skills", bob_token, R"({"name": "support"})").status, 201);
  rig.store->flush();

  json mine = json::parse(call("GET", "/api/v1/audit?object_type=skills", alice_token).body);
  ASSERT_EQ(mine["total"], 1) << mine.dump();
  EXPECT_EQ(mine["items"][0]["username"], "alice");
  EXPECT_EQ(mine["items"][0]["after"]["name"], "billing");
  json theirs = json::parse(call("GET", "/api/v1/audit?object_type=skills", bob_token).body);
  ASSERT_EQ(theirs["total"], 1);
  EXPECT_EQ(theirs["items"][0]["username"], "bob");

  std::string operator_token = add_user(alice.tenant_id, "opal", "platform_operator");
  json all = json::parse(call("GET", "/api/v1/audit?object_type=skills&limit=1", operator_token).body);
  EXPECT_EQ(all["total"], 2);
  EXPECT_EQ(all["items"].size(), 1u);
  EXPECT_EQ(all["items"][0]["username"], "bob") << "newest first";

  ApiResponse bad = call("GET", "/api/v1/audit?status=abc", alice_token);
  ASSERT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body)["error"]["field"], "status");
  EXPECT_EQ(call("GET", "/api/v1/audit", add_user(alice.tenant_id, "mona", "manager")).status, 403);
}

}  // namespace
}  // namespace hotline::http
