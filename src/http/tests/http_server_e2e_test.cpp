// The server end to end on 127.0.0.1: real SQLite store and AuthService, fake LiveState, a Beast
// client. Covers auth (bearer and cookie), tenancy, call filters, protocol errors and stop().
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "http/http_server.hpp"
#include "http/tests/http_test_client.hpp"
#include "http/tests/test_support.hpp"

namespace hotline::http {
namespace {

using testing_support::HttpTestClient;
using testing_support::kT0;
using testing_support::make_call;

class HttpServerE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& calls = rig.store->calls();
    calls.save_call_async(make_call(alice.tenant_id, "c1", "internal", "1001", "1002", kT0));
    calls.save_call_async(make_call(alice.tenant_id, "c2", "inbound", "+8613800000000", "4000", kT0 + 1000));
    calls.save_call_async(make_call(alice.tenant_id, "c3", "outbound", "1001", "+14155550100", kT0 + 2000));
    calls.save_call_async(make_call(bob.tenant_id, "g1", "internal", "2001", "2002", kT0));
    store::CallLegRecord leg{"l1",     "c1", alice.tenant_id, "caller", "1001", "sip:1001@acme.test",
                             "sip-c1", kT0};
    calls.save_leg_async(leg);
    store::CallLegRecord callee{"l2",      "c1",   alice.tenant_id, "callee", "1002", "sip:1002@acme.test",
                                "sip-c1b", kT0 + 1};
    callee.rtp_received = 500;
    callee.rtp_lost = 0;
    callee.jitter_ms = 1.5;
    callee.remote_fraction_lost = 0.125;
    callee.remote_lost = 7;
    callee.remote_jitter_ms = 3.25;
    callee.round_trip_ms = 40.0;
    calls.save_leg_async(callee);
    rig.store->flush();
    rig.live.add(alice.tenant_id,
                 {"1001", "sip:1001@127.0.0.1:5062", "udp:127.0.0.1:5062", "baresip", kT0 + 60000});
    rig.live.add(bob.tenant_id, {"2001", "sip:2001@127.0.0.1:5064", "udp:127.0.0.1:5064", "linphone", kT0});
    rig.live.calls = 2;

    HttpOptions options;
    options.port = 0;
    options.threads = 2;
    auto started = start_http_server(options, *rig.store, *rig.auth, rig.live, rig.clock);
    ASSERT_TRUE(started) << started.error().message;
    server = std::move(*started);
  }

  void TearDown() override {
    if (server) server->stop();
  }

  std::string login(const testing_support::TestUser& user) {
    HttpTestClient client(server->port());
    auto reply =
        client.request("POST", "/api/v1/auth/login",
                       nlohmann::json{{"username", user.username}, {"password", user.password}}.dump());
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.status == 200 ? reply.json()["token"].get<std::string>() : std::string{};
  }

  testing_support::HttpReply get(const std::string& target, const std::string& token = {}) {
    HttpTestClient client(server->port());
    return client.get(target, token);
  }

  testing_support::ServerRig rig;
  testing_support::TestUser alice = rig.add_tenant_with_user("acme", "alice");
  testing_support::TestUser bob = rig.add_tenant_with_user("globex", "bob");
  std::unique_ptr<HttpServer> server;
};

std::vector<std::string> ids_of(const nlohmann::json& page) {
  std::vector<std::string> ids;
  for (const auto& call : page["items"]) ids.push_back(call["id"]);
  return ids;
}

TEST_F(HttpServerE2ETest, HealthNeedsNoSession) {
  auto reply = get("/api/v1/health");
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.json(), (nlohmann::json{{"status", "ok"},
                                          {"version", HOTLINE_VERSION},
                                          {"store", "ok"},
                                          {"recordings", "ok"},
                                          {"recordings_active", 0},
                                          {"recordings_failed", 0},
                                          {"calls_in_progress", 2}}));
  EXPECT_EQ(reply.header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(reply.header("cache-control"), "no-store");
}

TEST_F(HttpServerE2ETest, LoginRejectsBadCredentialsAndInput) {
  HttpTestClient client(server->port());
  auto bad = client.request("POST", "/api/v1/auth/login", R"({"username":"alice","password":"wrong"})");
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(bad.json()["error"]["code"], "unauthenticated");
  EXPECT_EQ(bad.header("www-authenticate"), "Bearer");

  auto missing = client.request("POST", "/api/v1/auth/login", R"({"username":"alice"})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.json()["error"]["field"], "password");

  auto wrong_type = client.request("POST", "/api/v1/auth/login", R"({"username":7,"password":"x"})");
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_EQ(wrong_type.json()["error"]["field"], "username");

  auto not_json = client.request("POST", "/api/v1/auth/login", "{nope");
  EXPECT_EQ(not_json.status, 400);
  EXPECT_EQ(not_json.json()["error"]["field"], "body");
}

TEST_F(HttpServerE2ETest, LoginReturnsTokenUserAndCookie) {
  HttpTestClient client(server->port());
  auto reply =
      client.request("POST", "/api/v1/auth/login", R"({"username":"alice","password":"alice-password"})");
  ASSERT_EQ(reply.status, 200) << reply.body;
  auto body = reply.json();
  std::string token = body["token"];
  EXPECT_FALSE(token.empty());
  EXPECT_GT(body["expires_at"].get<UnixMs>(), rig.clock.now_ms());
  EXPECT_EQ(
      body["user"],
      (nlohmann::json{
          {"id", alice.user_id}, {"username", "alice"}, {"role", "admin"}, {"tenant_id", alice.tenant_id}}));
  EXPECT_EQ(reply.header("set-cookie"), "hotline_session=" + token + "; Path=/; HttpOnly; SameSite=Strict");
}

// The embedded toolbar keeps its token itself: its sign-in leaves the browser's cookie (the desk's
// session in another tab) alone.
TEST_F(HttpServerE2ETest, ALoginAskingForNoCookieGetsTheTokenOnly) {
  HttpTestClient client(server->port());
  auto reply = client.request("POST", "/api/v1/auth/login",
                              R"({"username":"alice","password":"alice-password","cookie":false})");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_FALSE(reply.json()["token"].get<std::string>().empty());
  EXPECT_EQ(reply.header("set-cookie"), "");
  auto wrong = client.request("POST", "/api/v1/auth/login",
                              R"({"username":"alice","password":"alice-password","cookie":"no"})");
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.json()["error"]["field"], "cookie");
}

TEST_F(HttpServerE2ETest, CallsNeedAValidSession) {
  auto none = get("/api/v1/calls");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.header("www-authenticate"), "Bearer");
  EXPECT_EQ(none.json()["error"]["code"], "unauthenticated");
  EXPECT_EQ(get("/api/v1/calls", "not-a-token").status, 401);
}

TEST_F(HttpServerE2ETest, CallsWithBearerOrCookieAreTenantScoped) {
  std::string token = login(alice);
  auto bearer = get("/api/v1/calls", token);
  ASSERT_EQ(bearer.status, 200) << bearer.body;
  EXPECT_EQ(ids_of(bearer.json()), (std::vector<std::string>{"c3", "c2", "c1"}));
  EXPECT_EQ(bearer.json()["total"], 3);
  EXPECT_EQ(bearer.json()["limit"], 50);
  EXPECT_EQ(bearer.json()["offset"], 0);

  HttpTestClient client(server->port());
  auto cookie =
      client.request("GET", "/api/v1/calls", {}, {{"Cookie", "theme=dark; hotline_session=" + token}});
  EXPECT_EQ(cookie.status, 200);
  EXPECT_EQ(cookie.json()["total"], 3);
}

TEST_F(HttpServerE2ETest, CallJsonHasTheCallsColumns) {
  auto reply = get("/api/v1/calls?direction=internal", login(alice));
  ASSERT_EQ(reply.status, 200);
  auto call = reply.json()["items"].at(0);
  EXPECT_EQ(call, (nlohmann::json{{"id", "c1"},
                                  {"direction", "internal"},
                                  {"caller", "1001"},
                                  {"callee", "1002"},
                                  {"started_at", kT0},
                                  {"answered_at", kT0 + 2000},
                                  {"ended_at", kT0 + 62000},
                                  {"ring_ms", 2000},
                                  {"talk_ms", 60000},
                                  {"duration_ms", 62000},
                                  {"disposition", "answered"},
                                  {"hangup_side", "caller"},
                                  {"hangup_cause", nullptr},
                                  {"sip_call_id", "sip-c1"}}));
}

TEST_F(HttpServerE2ETest, CallFilters) {
  std::string token = login(alice);
  auto ids = [&](const std::string& query) { return ids_of(get("/api/v1/calls?" + query, token).json()); };
  using Ids = std::vector<std::string>;
  EXPECT_EQ(ids("direction=inbound"), Ids{"c2"});
  EXPECT_EQ(ids("number=%2B86138"), Ids{"c2"});
  EXPECT_EQ(ids("number=1001"), (Ids{"c3", "c1"}));
  EXPECT_EQ(ids("from=" + std::to_string(kT0 + 1000)), (Ids{"c3", "c2"}));
  EXPECT_EQ(ids("to=" + std::to_string(kT0 + 1000)), Ids{"c1"});
  auto page = get("/api/v1/calls?limit=1&offset=1", token).json();
  EXPECT_EQ(ids_of(page), Ids{"c2"});
  EXPECT_EQ(page["total"], 3);
  EXPECT_EQ(page["limit"], 1);
  EXPECT_EQ(page["offset"], 1);
}

TEST_F(HttpServerE2ETest, InvalidParameterIs400NamingIt) {
  std::string token = login(alice);
  for (std::string field : {"limit", "offset", "from", "to", "direction"}) {
    auto reply = get("/api/v1/calls?" + field + "=-5x", token);
    EXPECT_EQ(reply.status, 400) << field;
    EXPECT_EQ(reply.json()["error"]["code"], "invalid_argument");
    EXPECT_EQ(reply.json()["error"]["field"], field);
  }
  EXPECT_EQ(get("/api/v1/calls?limit=501", token).json()["error"]["field"], "limit");
}

TEST_F(HttpServerE2ETest, CallByIdHasLegsAndHidesOtherTenants) {
  std::string token = login(alice);
  auto reply = get("/api/v1/calls/c1", token);
  ASSERT_EQ(reply.status, 200) << reply.body;
  auto call = reply.json();
  EXPECT_EQ(call["id"], "c1");
  ASSERT_EQ(call["legs"].size(), 2u);
  EXPECT_EQ(call["legs"][0]["id"], "l1");
  EXPECT_EQ(call["legs"][0]["role"], "caller");
  EXPECT_TRUE(call["legs"][0]["sip_status"].is_null());
  EXPECT_TRUE(call["legs"][0]["remote_fraction_lost"].is_null());
  EXPECT_TRUE(call["legs"][0]["round_trip_ms"].is_null());
  const auto& callee = call["legs"][1];
  EXPECT_EQ(callee["rtp_received"], 500);
  EXPECT_EQ(callee["remote_fraction_lost"], 0.125);
  EXPECT_EQ(callee["remote_lost"], 7);
  EXPECT_EQ(callee["remote_jitter_ms"], 3.25);
  EXPECT_EQ(callee["round_trip_ms"], 40.0);

  auto foreign = get("/api/v1/calls/g1", token);
  EXPECT_EQ(foreign.status, 404);
  EXPECT_EQ(foreign.json()["error"]["code"], "not_found");
  EXPECT_EQ(get("/api/v1/calls/unknown", token).status, 404);
  EXPECT_EQ(get("/api/v1/calls/g1", login(bob)).status, 200);
}

// The call detail's legs carry exactly the properties openapi.json's CallLeg schema requires,
// so the spec and the JSON cannot drift apart as columns are added.
TEST_F(HttpServerE2ETest, CallLegJsonHasExactlyTheSchemasProperties) {
  auto spec = get("/api/v1/openapi.json").json();
  const auto& schema = spec["components"]["schemas"]["CallLeg"];
  std::set<std::string> required(schema["required"].begin(), schema["required"].end());
  std::set<std::string> described;
  for (const auto& [name, property] : schema["properties"].items()) described.insert(name);
  EXPECT_EQ(required, described);

  auto call = get("/api/v1/calls/c1", login(alice)).json();
  for (const auto& leg : call["legs"]) {
    std::set<std::string> keys;
    for (const auto& [name, value] : leg.items()) keys.insert(name);
    EXPECT_EQ(keys, required) << leg.dump();
  }
}

TEST_F(HttpServerE2ETest, RegistrationsComeFromLiveStateForTheTenant) {
  auto reply = get("/api/v1/registrations", login(alice));
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.json(), nlohmann::json::parse(R"({"items":[{"extension":"1001",
      "contact":"sip:1001@127.0.0.1:5062","source":"udp:127.0.0.1:5062","user_agent":"baresip",
      "expires_at":1700000060000}]})"));
}

TEST_F(HttpServerE2ETest, LogoutEndsTheSession) {
  std::string token = login(alice);
  HttpTestClient client(server->port());
  auto reply = client.request("POST", "/api/v1/auth/logout", {}, {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(reply.status, 204);
  EXPECT_TRUE(reply.body.empty());
  EXPECT_EQ(get("/api/v1/calls", token).status, 401);
}

TEST_F(HttpServerE2ETest, MeNamesTheUserAndWhatItsRoleMay) {
  auto reply = get("/api/v1/auth/me", login(alice));
  ASSERT_EQ(reply.status, 200) << reply.body;
  auto body = reply.json();
  EXPECT_EQ(body["user"]["username"], "alice");
  EXPECT_EQ(body["user"]["tenant_id"], alice.tenant_id);
  auto capabilities = body["capabilities"].get<std::vector<std::string>>();
  EXPECT_NE(std::find(capabilities.begin(), capabilities.end(), "auth.self"), capabilities.end());
  EXPECT_TRUE(std::is_sorted(capabilities.begin(), capabilities.end()));
}

TEST_F(HttpServerE2ETest, ExpiredSessionIs401) {
  std::string token = login(alice);
  rig.clock.advance_ms(13LL * 3600 * 1000);
  EXPECT_EQ(get("/api/v1/calls", token).status, 401);
}

TEST_F(HttpServerE2ETest, OpenApiIsServedWithoutSession) {
  auto reply = get("/api/v1/openapi.json");
  ASSERT_EQ(reply.status, 200);
  auto spec = reply.json();
  EXPECT_EQ(spec["openapi"], "3.1.0");
  for (const char* path : {"/api/v1/health", "/api/v1/auth/login", "/api/v1/auth/logout", "/api/v1/calls",
                           "/api/v1/calls/{id}", "/api/v1/registrations", "/api/v1/openapi.json"}) {
    EXPECT_TRUE(spec["paths"].contains(path)) << path;
  }
}

TEST_F(HttpServerE2ETest, UnknownPathAndWrongMethodAreJson) {
  auto missing = get("/api/v1/nothing");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.json()["error"]["code"], "not_found");
  HttpTestClient client(server->port());
  auto wrong = client.request("DELETE", "/api/v1/health");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.header("allow"), "GET");
}

TEST_F(HttpServerE2ETest, KeepAliveServesSeveralRequestsOnOneConnection) {
  HttpTestClient client(server->port());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(client.get("/api/v1/health").status, 200);
}

TEST_F(HttpServerE2ETest, BodyOverOneMebibyteIs413) {
  HttpTestClient client(server->port());
  auto reply = client.request("POST", "/api/v1/auth/login", std::string(1024 * 1024 + 1, 'x'));
  EXPECT_EQ(reply.status, 413);
  EXPECT_EQ(reply.json()["error"]["field"], "body");
}

TEST_F(HttpServerE2ETest, GarbageIs400AndTheServerKeepsServing) {
  std::string answer = testing_support::send_raw(server->port(), std::string("\x01\x02 garbage\r\n\r\n"));
  EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << answer;
  EXPECT_NE(answer.find("\"invalid_argument\""), std::string::npos);
  EXPECT_EQ(get("/api/v1/health").status, 200);
}

TEST_F(HttpServerE2ETest, StopClosesOpenConnections) {
  HttpTestClient client(server->port());
  EXPECT_EQ(client.get("/api/v1/health").status, 200);
  std::uint16_t port = server->port();
  server->stop();
  EXPECT_TRUE(client.closed_by_server(2000));
  EXPECT_EQ(server->port(), port);
  EXPECT_THROW(HttpTestClient{port}, boost::system::system_error);
}

}  // namespace
}  // namespace hotline::http
