// The telephony configuration routes through the dispatcher with the real store (ADM-2, ADM-4,
// ACD-9, PBX-8): trunks (the password never answered), numbers and their targets, outbound routes,
// not-ready reasons and what agents may give, and the tenant's settings. Each write asks the core
// to reload; bad fields are all named; clashes and references are 409; another tenant's ids 404.
#include <gtest/gtest.h>

#include <filesystem>
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

const char* kHangupFlow = R"({"name": "ivr", "start": "bye", "nodes": {"bye": {"type": "hangup"}}})";

class ApiTelephonyConfigTest : public ::testing::Test {
 protected:
  ApiResponse call(const std::string& method, const std::string& target, const std::string& body = {},
                   const std::string& token = {}) {
    return dispatcher.handle({method, target, "Bearer " + (token.empty() ? alice_token : token), "", body});
  }

  std::int64_t create(const std::string& target, const json& body) {
    ApiResponse response = call("POST", target, body.dump());
    EXPECT_EQ(response.status, 201) << target << " " << response.body;
    return json::parse(response.body).value("id", 0);
  }

  void add_extension(store::TenantId tenant, const std::string& extension) {
    store::Extension e{0, tenant, extension, extension, "md5", "sha256", true, rig.clock.now_ms()};
    ASSERT_TRUE(rig.store->extensions().create(e));
  }

  std::int64_t add_agent(store::TenantId tenant, const std::string& name, const std::string& extension) {
    store::User user{0,       tenant, name,      app::hash_password("secret-pass"),
                     "agent", name,   extension, rig.clock.now_ms()};
    auto id = rig.store->users().create(user);
    EXPECT_TRUE(id);
    return id ? *id : 0;
  }

  testing_support::ServerRig rig;
  testing_support::TestUser alice = rig.add_tenant_with_user("acme", "alice");
  testing_support::TestUser bob = rig.add_tenant_with_user("globex", "bob");
  ApiDispatcher dispatcher{build_api_router(rig.deps()), *rig.auth};
  std::string alice_token = rig.login(alice);
};

TEST_F(ApiTelephonyConfigTest, TrunksCrudNeverAnswerThePassword) {
  std::int64_t id = create("/api/v1/trunks", {{"name", "carrier"},
                                              {"host", "10.0.0.1"},
                                              {"port", 5080},
                                              {"username", "acme"},
                                              {"password", "trunk-secret"}});
  std::string path = "/api/v1/trunks/" + std::to_string(id);
  ApiResponse got = call("GET", path);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(body_of(got)["port"], 5080);
  EXPECT_EQ(body_of(got)["transport"], "udp");
  EXPECT_EQ(body_of(got)["has_password"], true);
  EXPECT_EQ(rig.live.reloads(alice.tenant_id), 1);

  ApiResponse updated = call("PUT", path, R"({"transport": "tcp", "enabled": false})");
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(body_of(updated)["transport"], "tcp");
  EXPECT_EQ(body_of(updated)["enabled"], false);
  EXPECT_EQ(rig.store->trunks().get(alice.tenant_id, id)->password, "trunk-secret");  // kept
  EXPECT_EQ(rig.live.reloads(alice.tenant_id), 2);
  for (const auto& response : {got, updated, call("GET", "/api/v1/trunks")})
    EXPECT_EQ(response.body.find("trunk-secret"), std::string::npos) << response.body;

  ASSERT_EQ(call("PUT", path, R"({"password": null})").status, 200);
  EXPECT_FALSE(rig.store->trunks().get(alice.tenant_id, id)->password.has_value());
  ASSERT_EQ(body_of(call("GET", "/api/v1/trunks"))["items"].size(), 1u);
  EXPECT_EQ(call("DELETE", path).status, 204);
  EXPECT_EQ(call("GET", path).status, 404);
  EXPECT_EQ(rig.live.reloads(alice.tenant_id), 4);
}

TEST_F(ApiTelephonyConfigTest, TrunkInputClashesAndReferences) {
  ApiResponse bad =
      call("POST", "/api/v1/trunks", R"({"host": "10.0.0.1 ", "port": 70000, "transport": "sctp",
                                                      "enabled": "yes", "realm": "x"})");
  ASSERT_EQ(bad.status, 400);
  EXPECT_EQ(error_fields(bad),
            (std::set<std::string>{"name", "host", "port", "transport", "enabled", "realm"}));

  std::int64_t carrier = create("/api/v1/trunks", {{"name", "carrier"}, {"host", "10.0.0.1"}});
  ApiResponse same_name = call("POST", "/api/v1/trunks", R"({"name": "carrier", "host": "10.0.0.2"})");
  EXPECT_EQ(same_name.status, 409);
  EXPECT_EQ(body_of(same_name)["error"]["field"], "name");
  // Requests are matched to trunks by source address: no two trunks at one, whatever the tenant.
  ApiResponse same_address =
      call("POST", "/api/v1/trunks", R"({"name": "other", "host": "10.0.0.1"})", rig.login(bob));
  EXPECT_EQ(same_address.status, 409);
  EXPECT_EQ(body_of(same_address)["error"]["field"], "host");

  std::int64_t route = create("/api/v1/outbound-routes", {{"pattern", "9."}, {"trunk_id", carrier}});
  std::string path = "/api/v1/trunks/" + std::to_string(carrier);
  EXPECT_EQ(call("DELETE", path).status, 409);
  EXPECT_EQ(call("DELETE", "/api/v1/outbound-routes/" + std::to_string(route)).status, 204);
  add_extension(alice.tenant_id, "1001");
  std::int64_t did = create(
      "/api/v1/numbers",
      {{"pattern", "01055550100"}, {"target_type", "extension"}, {"target", "1001"}, {"trunk_id", carrier}});
  EXPECT_EQ(call("DELETE", path).status, 409);
  EXPECT_EQ(call("DELETE", "/api/v1/numbers/" + std::to_string(did)).status, 204);
  EXPECT_EQ(call("DELETE", path).status, 204);
}

TEST_F(ApiTelephonyConfigTest, NumbersPointAtTargetsThatExist) {
  add_extension(alice.tenant_id, "1001");
  add_extension(alice.tenant_id, "1002");
  std::int64_t did =
      create("/api/v1/numbers", {{"pattern", "4000"}, {"target_type", "extension"}, {"target", "1001"}});
  create("/api/v1/numbers", {{"pattern", "4001"}, {"target_type", "ring_all"}, {"target", "1001,1002"}});
  create("/api/v1/numbers", {{"pattern", "8000"}, {"target_type", "conference"}, {"target", "board"}});
  EXPECT_EQ(body_of(call("GET", "/api/v1/numbers"))["items"].size(), 3u);
  EXPECT_EQ(rig.live.reloads(alice.tenant_id), 3);

  // A flow is a target once published; a queue and a box once they exist.
  std::int64_t flow = create("/api/v1/flows", {{"name", "ivr"}, {"definition", json::parse(kHangupFlow)}});
  std::string path = "/api/v1/numbers/" + std::to_string(did);
  EXPECT_EQ(body_of(call("PUT", path, R"({"target_type": "flow", "target": "ivr"})"))["error"]["field"],
            "target");
  ASSERT_EQ(call("POST", "/api/v1/flows/" + std::to_string(flow) + "/publish").status, 201);
  ApiResponse to_flow = call("PUT", path, R"({"target_type": "flow", "target": "ivr"})");
  ASSERT_EQ(to_flow.status, 200) << to_flow.body;
  EXPECT_EQ(body_of(to_flow)["pattern"], "4000");  // untouched
  EXPECT_EQ(body_of(call("PUT", path, R"({"target_type": "queue", "target": "sales"})"))["error"]["field"],
            "target");
  create("/api/v1/queues", {{"name", "sales"}});
  EXPECT_EQ(call("PUT", path, R"({"target_type": "queue", "target": "sales"})").status, 200);
  EXPECT_EQ(body_of(call("PUT", path, R"({"target_type": "voicemail", "target": "desk"})"))["error"]["field"],
            "target");
  create("/api/v1/voicemail/boxes", {{"name", "desk"}});
  EXPECT_EQ(call("PUT", path, R"({"target_type": "voicemail", "target": "desk"})").status, 200);
  EXPECT_EQ(body_of(call("GET", path))["target_type"], "voicemail");

  EXPECT_EQ(call("DELETE", path).status, 204);
  EXPECT_EQ(call("GET", path).status, 404);
  EXPECT_EQ(call("DELETE", path).status, 404);
}

TEST_F(ApiTelephonyConfigTest, NumberInputErrorsAreAllNamedAndPatternsDoNotClash) {
  add_extension(alice.tenant_id, "1001");
  add_extension(bob.tenant_id, "2001");
  ApiResponse bad =
      call("POST", "/api/v1/numbers",
           R"({"pattern": "40 00", "target_type": "extension", "target": "2001", "trunk_id": 99})");
  ASSERT_EQ(bad.status, 400);
  EXPECT_EQ(error_fields(bad), (std::set<std::string>{"pattern", "target", "trunk_id"}));
  EXPECT_EQ(error_fields(call("POST", "/api/v1/numbers", R"({"pattern": "4000", "target_type": "fax"})")),
            (std::set<std::string>{"target_type", "target"}));
  EXPECT_EQ(error_fields(call("POST", "/api/v1/numbers",
                              R"({"pattern": "4000", "target_type": "ring_all", "target": "1001,1009"})")),
            (std::set<std::string>{"target"}));

  create("/api/v1/numbers", {{"pattern", "4000"}, {"target_type", "extension"}, {"target", "1001"}});
  ApiResponse clash =
      call("POST", "/api/v1/numbers", R"({"pattern": "4000", "target_type": "extension", "target": "1001"})");
  EXPECT_EQ(clash.status, 409);
  EXPECT_EQ(body_of(clash)["error"]["field"], "pattern");
  // The same number from one trunk only is another number.
  std::int64_t trunk = create("/api/v1/trunks", {{"name", "carrier"}, {"host", "10.0.0.1"}});
  create("/api/v1/numbers",
         {{"pattern", "4000"}, {"target_type", "extension"}, {"target", "1001"}, {"trunk_id", trunk}});
}

TEST_F(ApiTelephonyConfigTest, OutboundRoutesCarryEveryDialRule) {
  std::int64_t trunk = create("/api/v1/trunks", {{"name", "carrier"}, {"host", "10.0.0.1"}});
  std::int64_t id = create("/api/v1/outbound-routes", {{"pattern", "9."},
                                                       {"trunk_id", trunk},
                                                       {"priority", 10},
                                                       {"strip_digits", 1},
                                                       {"prepend", "+86"},
                                                       {"cost_per_minute", 7},
                                                       {"days", "mon-fri"},
                                                       {"from", "08:00"},
                                                       {"to", "18:30"},
                                                       {"caller_id", "fixed:01055550000"}});
  std::string path = "/api/v1/outbound-routes/" + std::to_string(id);
  json route = body_of(call("GET", path));
  EXPECT_EQ(route["trunk_name"], "carrier");
  EXPECT_EQ(route["days"], "mon-fri");
  EXPECT_EQ(route["from"], "08:00");
  EXPECT_EQ(route["to"], "18:30");
  EXPECT_EQ(route["caller_id"], "fixed:01055550000");
  EXPECT_EQ(route["prepend"], "+86");
  store::OutboundRoute stored = rig.store->outbound_routes().get(alice.tenant_id, id).value();
  EXPECT_EQ(stored.open_days, 0x1F);
  EXPECT_EQ(stored.open_to_minute, 18 * 60 + 30);
  EXPECT_EQ(stored.caller_id_mode, "fixed");

  ApiResponse updated = call("PUT", path, R"({"caller_id": "prefix:0105555", "days": "all", "priority": 5})");
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(body_of(updated)["caller_id"], "prefix:0105555");
  EXPECT_EQ(body_of(updated)["cost_per_minute"], 7);  // untouched
  EXPECT_EQ(body_of(call("GET", "/api/v1/outbound-routes"))["items"][0]["priority"], 5);
  EXPECT_EQ(rig.live.reloads(alice.tenant_id), 3);
}

TEST_F(ApiTelephonyConfigTest, OutboundRouteInputErrorsAreAllNamed) {
  std::int64_t alices_trunk = create("/api/v1/trunks", {{"name", "carrier"}, {"host", "10.0.0.9"}});
  ApiResponse bad = call("POST", "/api/v1/outbound-routes",
                         json{{"pattern", "9.."},
                              {"trunk_id", 999},
                              {"strip_digits", -1},
                              {"prepend", "x"},
                              {"days", "someday"},
                              {"from", "25:00"},
                              {"to", "18:00"},
                              {"caller_id", "fixed:abc"}}
                             .dump());
  ASSERT_EQ(bad.status, 400);
  EXPECT_EQ(error_fields(bad), (std::set<std::string>{"pattern", "trunk_id", "strip_digits", "prepend",
                                                      "days", "from", "caller_id"}));
  EXPECT_EQ(error_fields(call("POST", "/api/v1/outbound-routes",
                              json{{"pattern", "9."}, {"trunk_id", alices_trunk}, {"from", "08:00"}}.dump())),
            (std::set<std::string>{"to"}));
  // Another tenant's trunk is no trunk for Bob.
  ApiResponse foreign = call("POST", "/api/v1/outbound-routes",
                             json{{"pattern", "9."}, {"trunk_id", alices_trunk}}.dump(), rig.login(bob));
  EXPECT_EQ(body_of(foreign)["error"]["field"], "trunk_id");
}

TEST_F(ApiTelephonyConfigTest, AnotherTenantsIdsAre404) {
  add_extension(alice.tenant_id, "1001");
  std::int64_t trunk = create("/api/v1/trunks", {{"name", "carrier"}, {"host", "10.0.0.1"}});
  std::int64_t number =
      create("/api/v1/numbers", {{"pattern", "4000"}, {"target_type", "extension"}, {"target", "1001"}});
  std::int64_t route = create("/api/v1/outbound-routes", {{"pattern", "9."}, {"trunk_id", trunk}});
  std::int64_t reason = create("/api/v1/not-ready-reasons", {{"code", "lunch"}, {"name_zh", "就餐"}});
  std::string bob_token = rig.login(bob);
  for (const std::string& path :
       {"/api/v1/trunks/" + std::to_string(trunk), "/api/v1/numbers/" + std::to_string(number),
        "/api/v1/outbound-routes/" + std::to_string(route),
        "/api/v1/not-ready-reasons/" + std::to_string(reason)}) {
    EXPECT_EQ(call("GET", path, "", bob_token).status, 404) << path;
    EXPECT_EQ(call("PUT", path, "{}", bob_token).status, 404) << path;
    EXPECT_EQ(call("DELETE", path, "", bob_token).status, 404) << path;
    EXPECT_EQ(call("GET", path).status, 200) << path;  // still there for alice
  }
  for (const char* list :
       {"/api/v1/trunks", "/api/v1/numbers", "/api/v1/outbound-routes", "/api/v1/not-ready-reasons"})
    EXPECT_TRUE(body_of(call("GET", list, "", bob_token))["items"].empty()) << list;
  EXPECT_EQ(call("GET", "/api/v1/trunks/abc").status, 404);
}

TEST_F(ApiTelephonyConfigTest, NotReadyReasonsCrud) {
  std::int64_t lunch = create(
      "/api/v1/not-ready-reasons",
      {{"code", "lunch"}, {"name_zh", "就餐"}, {"name_en", "Lunch"}, {"max_minutes", 60}, {"sort_order", 2}});
  create("/api/v1/not-ready-reasons",
         {{"code", "training"}, {"name_zh", "培训"}, {"productive", true}, {"sort_order", 1}});
  json items = body_of(call("GET", "/api/v1/not-ready-reasons"))["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["code"], "training");
  EXPECT_EQ(items[0]["productive"], true);
  EXPECT_EQ(items[0]["max_minutes"], nullptr);
  EXPECT_EQ(items[1]["enabled"], true);

  std::string path = "/api/v1/not-ready-reasons/" + std::to_string(lunch);
  ApiResponse updated = call("PUT", path, R"({"max_minutes": null, "name_en": "Meal"})");
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(body_of(updated)["max_minutes"], nullptr);
  EXPECT_EQ(body_of(updated)["name_zh"], "就餐");
  ApiResponse clash = call("PUT", path, R"({"code": "training"})");
  EXPECT_EQ(clash.status, 409);
  EXPECT_EQ(body_of(clash)["error"]["field"], "code");
  EXPECT_EQ(error_fields(call("POST", "/api/v1/not-ready-reasons",
                              R"({"code": "a b", "max_minutes": 0, "productive": "no", "colour": "red"})")),
            (std::set<std::string>{"code", "name_zh", "max_minutes", "productive", "colour"}));
  EXPECT_EQ(call("DELETE", path).status, 204);
  EXPECT_EQ(call("GET", path).status, 404);
}

TEST_F(ApiTelephonyConfigTest, OnceReasonsExistAnAgentGivesAnEnabledOne) {
  std::int64_t ann = add_agent(alice.tenant_id, "ann", "1001");
  acd::AgentView view;
  view.user_id = ann;
  view.extension = "1001";
  view.snapshot.state = acd::AgentState::NotReady;
  view.snapshot.reason = "lunch";
  rig.live.set_acd(alice.tenant_id, {}, {view});
  std::string path = "/api/v1/agents/" + std::to_string(ann) + "/state";
  // No reasons defined: free text, as before.
  ASSERT_EQ(call("POST", path, R"({"state": "not_ready", "reason": "dentist"})").status, 200);
  EXPECT_EQ(body_of(call("GET", "/api/v1/live/agents"))["items"][0]["reason_name_zh"], nullptr);

  create("/api/v1/not-ready-reasons", {{"code", "lunch"}, {"name_zh", "就餐"}, {"name_en", "Lunch"}});
  std::int64_t old =
      create("/api/v1/not-ready-reasons", {{"code", "smoke"}, {"name_zh", "抽烟"}, {"enabled", false}});
  ASSERT_GT(old, 0);
  ApiResponse refused = call("POST", path, R"({"state": "not_ready", "reason": "dentist"})");
  ASSERT_EQ(refused.status, 400);
  EXPECT_EQ(body_of(refused)["error"]["field"], "reason");
  EXPECT_EQ(call("POST", path, R"({"state": "not_ready", "reason": "smoke"})").status, 400);  // disabled
  ApiResponse accepted = call("POST", path, R"({"state": "not_ready", "reason": "lunch"})");
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(body_of(accepted)["reason_name_en"], "Lunch");
  json live = body_of(call("GET", "/api/v1/live/agents"))["items"][0];
  EXPECT_EQ(live["reason_name_zh"], "就餐");
  EXPECT_EQ(rig.live.agent_commands(), (std::vector<std::string>{std::to_string(ann) + " not_ready dentist",
                                                                 std::to_string(ann) + " not_ready lunch"}));
}

TEST_F(ApiTelephonyConfigTest, TenantSettingsAreReadChangedAndApplied) {
  json settings = body_of(call("GET", "/api/v1/settings"));
  EXPECT_EQ(settings["tenant"], "acme");
  EXPECT_EQ(settings["recording_mode"], "stereo");
  EXPECT_EQ(settings["language"], "zh-CN");
  EXPECT_EQ(settings["international_prefixes"], "00,+");
  EXPECT_EQ(settings["premium_prefixes"], "");

  std::filesystem::create_directories(rig.dir / "moh" / "jazz");
  ApiResponse updated =
      call("PUT", "/api/v1/settings", R"({"recording_mode": "mono", "music_class": "jazz"})");
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(body_of(updated)["music_class"], "jazz");
  EXPECT_EQ(body_of(updated)["language"], "zh-CN");  // untouched
  EXPECT_EQ(rig.store->tenants().get(alice.tenant_id)->recording_mode, "mono");
  EXPECT_EQ(rig.live.reloads(alice.tenant_id), 1);
  EXPECT_EQ(rig.store->tenants().get(bob.tenant_id)->recording_mode, "stereo");

  ApiResponse tolls = call("PUT", "/api/v1/settings",
                           R"({"international_prefixes": "00,+,011", "premium_prefixes": "1900,+86168"})");
  ASSERT_EQ(tolls.status, 200) << tolls.body;
  EXPECT_EQ(body_of(tolls)["premium_prefixes"], "1900,+86168");
  EXPECT_EQ(rig.store->tenants().get(alice.tenant_id)->international_prefixes, "00,+,011");
  ApiResponse bad_tolls =
      call("PUT", "/api/v1/settings", R"({"international_prefixes": "00,,9", "premium_prefixes": "19a"})");
  ASSERT_EQ(bad_tolls.status, 400);
  EXPECT_EQ(error_fields(bad_tolls), (std::set<std::string>{"international_prefixes", "premium_prefixes"}));
  EXPECT_EQ(rig.store->tenants().get(alice.tenant_id)->premium_prefixes, "1900,+86168");

  ApiResponse bad =
      call("PUT", "/api/v1/settings",
           R"({"recording_mode": "loud", "music_class": "rock", "language": "fr", "sip_realm": "x"})");
  ASSERT_EQ(bad.status, 400);
  EXPECT_EQ(error_fields(bad),
            (std::set<std::string>{"recording_mode", "music_class", "language", "sip_realm"}));
  EXPECT_EQ(rig.store->tenants().get(alice.tenant_id)->music_class, "jazz");
}

}  // namespace
}  // namespace hotline::http
