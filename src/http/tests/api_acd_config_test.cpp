// The IVR and ACD configuration routes through the dispatcher with the real store: flows (draft,
// publish with every error named, versions), queues and members, agents' skills, caller lists and
// the live views; each write asks the core to reload; another tenant's ids are 404.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/passwords.hpp"
#include "http/api_dispatcher.hpp"
#include "http/api_routes.hpp"
#include "http/tests/test_support.hpp"

namespace hotline::http {
namespace {

using nlohmann::json;
using testing_support::body_of;
using testing_support::error_fields;

const char* kMenuFlow = R"({"name": "main", "start": "welcome", "nodes": {
  "welcome": {"type": "menu", "prompt": [{"type": "tts", "text": "press 1"}], "keys": {"1": "bye"}},
  "bye": {"type": "hangup"}}})";

class ApiAcdConfigTest : public ::testing::Test {
 protected:
  ApiResponse call(const std::string& method, const std::string& target, const std::string& body = {},
                   const std::string& token = {}) {
    return dispatcher.handle({method, target, "Bearer " + (token.empty() ? alice_token : token), "", body});
  }

  std::int64_t add_agent(store::TenantId tenant, const std::string& name, const std::string& extension) {
    store::User user{0,       tenant, name,      app::hash_password("secret-pass"),
                     "agent", name,   extension, rig.clock.now_ms()};
    auto id = rig.store->users().create(user);
    EXPECT_TRUE(id);
    return id ? *id : 0;
  }

  std::int64_t create(const std::string& target, const json& body) {
    ApiResponse response = call("POST", target, body.dump());
    EXPECT_EQ(response.status, 201) << response.body;
    return json::parse(response.body).value("id", 0);
  }

  testing_support::ServerRig rig;
  testing_support::TestUser alice = rig.add_tenant_with_user("acme", "alice");
  testing_support::TestUser bob = rig.add_tenant_with_user("globex", "bob");
  ApiDispatcher dispatcher{build_api_router(rig.deps()), *rig.auth};
  std::string alice_token = rig.login(alice);
};

TEST_F(ApiAcdConfigTest, FlowDraftPublishAndVersions) {
  std::int64_t id = create("/api/v1/flows", {{"name", "main"}, {"definition", json::parse(kMenuFlow)}});
  ApiResponse published = call("POST", "/api/v1/flows/" + std::to_string(id) + "/publish");
  ASSERT_EQ(published.status, 201) << published.body;
  EXPECT_EQ(body_of(published)["version"], 1);
  EXPECT_EQ(body_of(published)["published_by"], "alice");

  ApiResponse again = call("POST", "/api/v1/flows/" + std::to_string(id) + "/publish");
  EXPECT_EQ(body_of(again)["version"], 2);
  json flow = body_of(call("GET", "/api/v1/flows/" + std::to_string(id)));
  EXPECT_EQ(flow["published_version"], 2);
  EXPECT_EQ(flow["definition"]["start"], "welcome");
  ASSERT_EQ(flow["versions"].size(), 2u);
  EXPECT_EQ(flow["versions"][0]["version"], 2);

  ApiResponse v1 = call("GET", "/api/v1/flows/" + std::to_string(id) + "/versions/1");
  ASSERT_EQ(v1.status, 200);
  EXPECT_EQ(body_of(v1)["definition"]["nodes"]["bye"]["type"], "hangup");
  EXPECT_EQ(call("GET", "/api/v1/flows/" + std::to_string(id) + "/versions/9").status, 404);
}

TEST_F(ApiAcdConfigTest, PublishingABadFlowNamesEveryNodeAndFieldAndStoresNothing) {
  std::int64_t id = create("/api/v1/flows", {{"name", "main"}});
  json bad = json::parse(R"({"name": "main", "start": "welcome", "nodes": {
    "welcome": {"type": "menu", "prompt": [{"type": "tts", "text": "hi"}], "keys": {"1": "sales2"}, "timeout_ms": "soon"},
    "orphan": {"type": "hangup"}}})");
  ApiResponse response =
      call("POST", "/api/v1/flows/" + std::to_string(id) + "/publish", json{{"definition", bad}}.dump());
  ASSERT_EQ(response.status, 400) << response.body;
  json body = body_of(response);
  EXPECT_EQ(body["error"]["code"], "invalid_argument");
  std::set<std::string> fields = error_fields(response);
  EXPECT_TRUE(fields.contains("nodes.welcome.keys.1")) << body.dump();
  EXPECT_TRUE(fields.contains("nodes.welcome.timeout_ms")) << body.dump();
  EXPECT_TRUE(fields.contains("nodes.orphan")) << body.dump();
  EXPECT_EQ(body_of(call("GET", "/api/v1/flows/" + std::to_string(id)))["published_version"], nullptr);
}

TEST_F(ApiAcdConfigTest, FlowInputErrorsAndConflicts) {
  ApiResponse missing = call("POST", "/api/v1/flows", R"({"description": 3, "extra": true})");
  ASSERT_EQ(missing.status, 400) << missing.body;
  std::set<std::string> fields = error_fields(missing);
  EXPECT_EQ(fields, (std::set<std::string>{"name", "description", "extra"}));
  EXPECT_EQ(call("POST", "/api/v1/flows", "[1]").status, 400);
  EXPECT_EQ(body_of(call("POST", "/api/v1/flows", "{"))["error"]["field"], "body");

  create("/api/v1/flows", {{"name", "main"}});
  EXPECT_EQ(call("POST", "/api/v1/flows", R"({"name": "main"})").status, 409);
}

TEST_F(ApiAcdConfigTest, AFlowANumberUsesCannotBeDeletedOrRenamed) {
  std::int64_t id = create("/api/v1/flows", {{"name", "main"}});
  ASSERT_TRUE(rig.store->numbers().create({0, alice.tenant_id, std::nullopt, "4000", "flow", "main", 0}));
  std::string path = "/api/v1/flows/" + std::to_string(id);
  EXPECT_EQ(call("DELETE", path).status, 409);
  EXPECT_EQ(call("PUT", path, R"({"name": "other"})").status, 409);
  EXPECT_EQ(call("PUT", path, R"({"description": "the hotline"})").status, 200);
}

TEST_F(ApiAcdConfigTest, QueuesCrudMembersAndReload) {
  std::int64_t skill = create("/api/v1/skills", {{"name", "billing"}});
  std::int64_t agent = add_agent(alice.tenant_id, "ann", "1001");
  std::int64_t sales =
      create("/api/v1/queues", {{"name", "sales"}, {"strategy", "round_robin"}, {"skill_id", skill}});
  std::int64_t support =
      create("/api/v1/queues", {{"name", "support"}, {"overflow", {{"kind", "queue"}, {"target", "sales"}}}});
  EXPECT_EQ(rig.live.reloads(alice.tenant_id), 2);
  EXPECT_EQ(body_of(call("GET", "/api/v1/queues/" + std::to_string(support)))["service_level_s"], 20);

  std::string path = "/api/v1/queues/" + std::to_string(sales);
  ApiResponse members = call("PUT", path + "/members", json{{"user_ids", {agent}}}.dump());
  ASSERT_EQ(members.status, 200) << members.body;
  EXPECT_EQ(body_of(members)["members"], json::array({agent}));
  create("/api/v1/flows", {{"name", "survey"}});
  ApiResponse updated = call(
      "PUT", path,
      R"({"wrap_up_ms": 5000, "ring_timeout_ms": 15000, "survey_flow": "survey", "service_level_s": 30})");
  ASSERT_EQ(updated.status, 200) << updated.body;
  json queue = body_of(updated);
  EXPECT_EQ(queue["wrap_up_ms"], 5000);
  EXPECT_EQ(queue["service_level_s"], 30);
  EXPECT_EQ(queue["strategy"], "round_robin");  // untouched
  EXPECT_EQ(queue["skill_id"], skill);
  EXPECT_EQ(queue["survey_flow"], "survey");
  EXPECT_EQ(rig.live.reloads(alice.tenant_id), 4);

  // sales is support's overflow target: not deleted until that changes.
  EXPECT_EQ(call("DELETE", path).status, 409);
  ASSERT_EQ(call("PUT", "/api/v1/queues/" + std::to_string(support), R"({"overflow": null})").status, 200);
  EXPECT_EQ(call("DELETE", path).status, 204);
  EXPECT_EQ(call("GET", path).status, 404);
}

TEST_F(ApiAcdConfigTest, QueueInputIsCheckedFieldByField) {
  ApiResponse bad =
      call("POST", "/api/v1/queues",
           R"({"name": "q", "min_level": 11, "ring_timeout_ms": 10, "overflow": {"kind": "queue"},)"
           R"( "service_level_s": 0})");
  ASSERT_EQ(bad.status, 400);
  std::set<std::string> fields = error_fields(bad);
  EXPECT_EQ(fields,
            (std::set<std::string>{"min_level", "ring_timeout_ms", "overflow.target", "service_level_s"}));
  EXPECT_EQ(
      body_of(call("POST", "/api/v1/queues", R"({"name": "q", "service_level_s": "20"})"))["error"]["field"],
      "service_level_s");
  EXPECT_EQ(
      body_of(call("POST", "/api/v1/queues", R"({"name": "q", "service_level_s": 3601})"))["error"]["field"],
      "service_level_s");
  EXPECT_EQ(
      body_of(call("POST", "/api/v1/queues", R"({"name": "q", "strategy": "random"})"))["error"]["field"],
      "strategy");
  EXPECT_EQ(body_of(call("POST", "/api/v1/queues", R"({"name": "q", "skill_id": 999})"))["error"]["field"],
            "skill_id");
  EXPECT_EQ(body_of(call("POST", "/api/v1/queues",
                         R"({"name": "q", "overflow": {"kind": "flow", "target": "x"}})"))["error"]["field"],
            "overflow.target");
  EXPECT_EQ(
      body_of(call("POST", "/api/v1/queues", R"({"name": "q", "survey_flow": "nope"})"))["error"]["field"],
      "survey_flow");
  EXPECT_EQ(call("PUT", "/api/v1/queues/77/members", R"({"user_ids": [1]})").status, 404);
}

TEST_F(ApiAcdConfigTest, AgentsSkillsAndLevels) {
  std::int64_t skill = create("/api/v1/skills", {{"name", "billing"}});
  std::int64_t agent = add_agent(alice.tenant_id, "ann", "1001");
  std::string path = "/api/v1/agents/" + std::to_string(agent) + "/skills";
  ApiResponse set = call("PUT", path, json{{"skills", {{{"skill_id", skill}, {"level", 7}}}}}.dump());
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(body_of(set)["skills"][0], (json{{"skill_id", skill}, {"name", "billing"}, {"level", 7}}));
  EXPECT_EQ(body_of(call("PUT", path, R"({"skills": [{"skill_id": 1, "level": 11}]})"))["error"]["field"],
            "skills.0.level");

  json agents = body_of(call("GET", "/api/v1/agents"))["items"];
  ASSERT_EQ(agents.size(), 1u);  // alice has no phone: not an agent
  EXPECT_EQ(agents[0]["extension"], "1001");

  std::int64_t queue = create("/api/v1/queues", {{"name", "sales"}, {"skill_id", skill}});
  ASSERT_GT(queue, 0);
  EXPECT_EQ(call("DELETE", "/api/v1/skills/" + std::to_string(skill)).status, 409);  // sales needs it
}

TEST_F(ApiAcdConfigTest, CallerLists) {
  std::int64_t id =
      create("/api/v1/caller-lists", {{"kind", "vip"}, {"number", "1390000XXXX"}, {"priority", 5}});
  create("/api/v1/caller-lists", {{"kind", "blacklist"}, {"number", "95000"}});
  json vips = body_of(call("GET", "/api/v1/caller-lists?kind=vip"))["items"];
  ASSERT_EQ(vips.size(), 1u);
  EXPECT_EQ(vips[0]["priority"], 5);
  EXPECT_EQ(
      body_of(call("POST", "/api/v1/caller-lists", R"({"kind": "grey", "number": "1"})"))["error"]["field"],
      "kind");
  EXPECT_EQ(call("GET", "/api/v1/caller-lists?kind=grey").status, 400);
  EXPECT_EQ(call("DELETE", "/api/v1/caller-lists/" + std::to_string(id)).status, 204);
  EXPECT_EQ(call("DELETE", "/api/v1/caller-lists/" + std::to_string(id)).status, 404);
  EXPECT_EQ(rig.live.reloads(alice.tenant_id), 3);
}

TEST_F(ApiAcdConfigTest, HolidayCalendars) {
  std::int64_t id =
      create("/api/v1/holidays", {{"calendar", "cn"}, {"date", "2026-10-01"}, {"name", "国庆节"}});
  create("/api/v1/holidays", {{"calendar", "shop"}, {"date", "2026-12-24"}});
  json cn = body_of(call("GET", "/api/v1/holidays?calendar=cn"))["items"];
  ASSERT_EQ(cn.size(), 1u);
  EXPECT_EQ(cn[0]["name"], "国庆节");
  EXPECT_EQ(error_fields(call("POST", "/api/v1/holidays", R"({"calendar": "cn", "day": "x"})")),
            (std::set<std::string>{"date", "day"}));
  EXPECT_EQ(body_of(call("POST", "/api/v1/holidays",
                         R"({"calendar": "cn", "date": "2026-10-32"})"))["error"]["field"],
            "date");
  EXPECT_EQ(call("POST", "/api/v1/holidays", R"({"calendar": "cn", "date": "2026-10-01"})").status, 409);
  EXPECT_EQ(call("DELETE", "/api/v1/holidays/" + std::to_string(id), "", rig.login(bob)).status, 404);
  EXPECT_EQ(call("DELETE", "/api/v1/holidays/" + std::to_string(id)).status, 204);
  EXPECT_EQ(rig.live.reloads(alice.tenant_id), 3);
}

TEST_F(ApiAcdConfigTest, AnotherTenantsIdsAre404) {
  std::int64_t flow = create("/api/v1/flows", {{"name", "main"}});
  std::int64_t queue = create("/api/v1/queues", {{"name", "sales"}});
  std::int64_t skill = create("/api/v1/skills", {{"name", "billing"}});
  std::int64_t entry = create("/api/v1/caller-lists", {{"kind", "vip"}, {"number", "1"}});
  std::int64_t agent = add_agent(alice.tenant_id, "ann", "1001");
  std::string bob_token = rig.login(bob);
  auto as_bob = [&](const std::string& method, const std::string& target, const std::string& body = "{}") {
    return call(method, target, body, bob_token).status;
  };
  EXPECT_EQ(as_bob("GET", "/api/v1/flows/" + std::to_string(flow)), 404);
  EXPECT_EQ(as_bob("PUT", "/api/v1/flows/" + std::to_string(flow)), 404);
  EXPECT_EQ(as_bob("POST", "/api/v1/flows/" + std::to_string(flow) + "/publish"), 404);
  EXPECT_EQ(as_bob("DELETE", "/api/v1/flows/" + std::to_string(flow)), 404);
  EXPECT_EQ(as_bob("GET", "/api/v1/flows/" + std::to_string(flow) + "/versions/1"), 404);
  EXPECT_EQ(as_bob("GET", "/api/v1/queues/" + std::to_string(queue)), 404);
  EXPECT_EQ(as_bob("PUT", "/api/v1/queues/" + std::to_string(queue)), 404);
  EXPECT_EQ(as_bob("DELETE", "/api/v1/queues/" + std::to_string(queue)), 404);
  EXPECT_EQ(as_bob("PUT", "/api/v1/queues/" + std::to_string(queue) + "/members", R"({"user_ids": []})"),
            404);
  EXPECT_EQ(as_bob("DELETE", "/api/v1/skills/" + std::to_string(skill)), 404);
  EXPECT_EQ(as_bob("DELETE", "/api/v1/caller-lists/" + std::to_string(entry)), 404);
  EXPECT_EQ(as_bob("PUT", "/api/v1/agents/" + std::to_string(agent) + "/skills", R"({"skills": []})"), 404);
  for (const char* list :
       {"/api/v1/flows", "/api/v1/queues", "/api/v1/skills", "/api/v1/caller-lists", "/api/v1/agents"})
    EXPECT_TRUE(body_of(call("GET", list, "", bob_token))["items"].empty()) << list;
  // Bob may not give his agent Alice's skill either.
  std::int64_t bobs_agent = add_agent(bob.tenant_id, "bert", "2001");
  EXPECT_EQ(as_bob("PUT", "/api/v1/agents/" + std::to_string(bobs_agent) + "/skills",
                   json{{"skills", {{{"skill_id", skill}, {"level", 5}}}}}.dump()),
            400);
}

TEST_F(ApiAcdConfigTest, LiveViewsComeFromTheCore) {
  acd::QueueView sales;
  sales.id = 3;
  sales.name = "sales";
  sales.figures.waiting = 1;
  sales.figures.ready_agents = 0;
  sales.calls.push_back({"call-1", "13900000000", {{"ivr_keys", "1"}}, 2, 1000, 4500, 1, {}, std::nullopt});
  acd::AgentView ann;
  ann.user_id = 9;
  ann.extension = "1001";
  ann.phone_registered = true;
  ann.snapshot.state = acd::AgentState::WrapUp;
  ann.snapshot.state_since = 1234;
  rig.live.set_acd(alice.tenant_id, {sales}, {ann});

  json queues = body_of(call("GET", "/api/v1/live/queues"))["items"];
  ASSERT_EQ(queues.size(), 1u);
  EXPECT_EQ(queues[0]["calls"][0]["caller"], "13900000000");
  EXPECT_EQ(queues[0]["calls"][0]["position"], 1);
  EXPECT_EQ(queues[0]["calls"][0]["data"]["ivr_keys"], "1");
  EXPECT_EQ(queues[0]["waiting"], 1);
  json agents = body_of(call("GET", "/api/v1/live/agents"))["items"];
  EXPECT_EQ(agents[0]["state"], "wrap_up");
  EXPECT_EQ(agents[0]["state_since"], 1234);
  EXPECT_TRUE(body_of(call("GET", "/api/v1/live/agents", "", rig.login(bob)))["items"].empty());

  rig.live.core_unavailable = true;
  EXPECT_EQ(call("GET", "/api/v1/live/queues").status, 503);
}

TEST_F(ApiAcdConfigTest, LiveQueuesCarryTodaysFiguresAndServiceLevel) {
  acd::QueueView sales;
  sales.id = 3;
  sales.name = "sales";
  sales.figures.service_level_ms = 20'000;
  sales.figures.today.offered = 5;
  sales.figures.today.answered = 3;
  sales.figures.today.answered_within_sl = 2;
  sales.figures.today.abandoned = 2;
  sales.figures.today.abandoned_within_sl = 1;
  sales.figures.today.overflowed = 0;
  sales.figures.service_level_today = sales.figures.today.service_level();
  acd::QueueView quiet;
  quiet.id = 4;
  quiet.name = "quiet";
  quiet.figures.service_level_ms = 30'000;
  rig.live.set_acd(alice.tenant_id, {sales, quiet}, {});

  json queues = body_of(call("GET", "/api/v1/live/queues"))["items"];
  ASSERT_EQ(queues.size(), 2u);
  EXPECT_EQ(queues[0]["service_level_s"], 20);
  EXPECT_EQ(queues[0]["offered_today"], 5);
  EXPECT_EQ(queues[0]["answered_today"], 3);
  EXPECT_EQ(queues[0]["answered_within_sl_today"], 2);
  EXPECT_EQ(queues[0]["abandoned_today"], 2);
  EXPECT_EQ(queues[0]["abandoned_within_sl_today"], 1);
  EXPECT_EQ(queues[0]["overflowed_today"], 0);
  EXPECT_DOUBLE_EQ(queues[0]["service_level_today"].get<double>(), 0.5);  // 2 / (3 + 1)
  EXPECT_EQ(queues[1]["service_level_s"], 30);
  EXPECT_EQ(queues[1]["answered_today"], 0);
  EXPECT_TRUE(queues[1]["service_level_today"].is_null()) << "no call today";
}

TEST_F(ApiAcdConfigTest, AgentStateCommandsReachTheAcdInOrder) {
  std::int64_t ann = add_agent(alice.tenant_id, "ann", "1001");
  acd::AgentView view;
  view.user_id = ann;
  view.extension = "1001";
  rig.live.set_acd(alice.tenant_id, {}, {view});
  std::string path = "/api/v1/agents/" + std::to_string(ann) + "/state";
  ApiResponse answer =
      call("POST", path, R"({"state": "not_ready", "reason": "lunch", "work_mode": "end_of_shift"})");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(body_of(answer)["extension"], "1001");
  EXPECT_EQ(call("POST", path, R"({"state": "logged_out"})").status, 200);
  EXPECT_EQ(
      rig.live.agent_commands(),
      (std::vector<std::string>{std::to_string(ann) + " work_mode end_of_shift",
                                std::to_string(ann) + " not_ready lunch", std::to_string(ann) + " log_out"}));

  EXPECT_EQ(error_fields(call("POST", path, R"({"state": "not_ready"})")), (std::set<std::string>{"reason"}));
  EXPECT_EQ(error_fields(call("POST", path, R"({"state": "away", "work_mode": "night"})")),
            (std::set<std::string>{"state", "work_mode"}));
  EXPECT_EQ(error_fields(call("POST", path, "{}")), (std::set<std::string>{"state"}));
  std::int64_t bert = add_agent(alice.tenant_id, "bert", "1002");  // in no queue
  EXPECT_EQ(call("POST", "/api/v1/agents/" + std::to_string(bert) + "/state", R"({"state": "ready"})").status,
            404);
  EXPECT_EQ(call("POST", path, R"({"state": "ready"})", rig.login(bob)).status,
            404);  // another tenant's agent
}

}  // namespace
}  // namespace hotline::http
