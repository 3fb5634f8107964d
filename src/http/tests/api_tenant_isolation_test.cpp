// One tenant never reaches another's data (TEN-1): every route with an id in its path answers 404
// (not 403) for the other tenant's object, whatever the method, and the other tenant's object is
// unchanged; every list answers without the other tenant's rows. Table-driven over the router, so
// a new route fails here until it says which object of the other tenant it would reach.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "app/passwords.hpp"
#include "http/api_dispatcher.hpp"
#include "http/api_routes.hpp"
#include "http/tests/test_support.hpp"

namespace hotline::http {
namespace {

const std::string kMark = "zz-other-tenant";  // in every name of the other tenant's objects

// The platform operator's routes: no tenant's objects (SIP bans are per address across tenants;
// api_security_test covers who may see them).
bool platform_route(const std::string& pattern) {
  return pattern.rfind("/api/v1/tenants", 0) == 0 || pattern.rfind("/api/v1/system/", 0) == 0 ||
         pattern.rfind("/api/v1/security/", 0) == 0;
}

class ApiTenantIsolationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::TenantId t = other.tenant_id;
    UnixMs now = rig.clock.now_ms();
    auto& s = *rig.store;
    auto user = rig.add_user(t, kMark + "-agent", "agent", "7001");
    ids["user"] = std::to_string(user.user_id);
    ids["extension"] = std::to_string(*s.extensions().create({0, t, "7001", kMark, "md5", "sha", true, now}));
    ids["skill"] = std::to_string(*s.skills().create({0, t, kMark, now}));
    store::Queue queue;
    queue.tenant_id = t;
    queue.name = kMark;
    ids["queue"] = std::to_string(*s.queues().create(queue));
    store::Flow flow{0, t, kMark, kMark, "{}", std::nullopt, now, now};
    ids["flow"] = std::to_string(*s.flows().create(flow));
    ids["caller_list"] =
        std::to_string(*s.caller_lists().add({0, t, "blacklist", "13900000000", 0, kMark, now}));
    ids["holiday"] = std::to_string(*s.holidays().add({0, t, kMark, "2026-10-01", kMark, now}));
    store::VoicemailBox box;
    box.tenant_id = t;
    box.name = kMark;
    ids["box"] = std::to_string(*s.voicemail_boxes().create(box));
    s.calls().save_call_async(testing_support::make_call(t, kMark + "-call", "inbound", kMark, "4000", now));
    s.recordings().save_async({.id = kMark + "-recording",
                               .tenant_id = t,
                               .call_id = kMark + "-call",
                               .path = "recordings/" + kMark + ".wav",
                               .channels = 1});
    store::VoicemailMessage message;
    message.id = kMark + "-message";
    message.tenant_id = t;
    message.box_id = std::stoll(ids["box"]);
    message.call_id = kMark + "-call";
    message.recording_id = kMark + "-recording";
    message.caller = kMark;
    message.created_at = now;
    s.voicemail_messages().add_async(message);
    s.flush();
    ASSERT_TRUE(s.voicemail_messages().screen(message.id, 3000, std::nullopt));
    ids["call"] = kMark + "-call";
    ids["message"] = message.id;
    ASSERT_TRUE(s.roles().create({0, t, kMark, {"live.read"}, now}));
    auto trunk =
        s.trunks().create({0, t, kMark, "192.0.2.77", 5060, "udp", std::nullopt, std::nullopt, true, now});
    ASSERT_TRUE(trunk);
    ids["trunk"] = std::to_string(*trunk);
    ids["number"] =
        std::to_string(*s.numbers().create({0, t, std::nullopt, "7999", "extension", "7001", now}));
    store::OutboundRoute route;
    route.tenant_id = t;
    route.pattern = "9.";
    route.trunk_id = *trunk;
    route.created_at = now;
    ids["outbound_route"] = std::to_string(*s.outbound_routes().create(route));
    store::NotReadyReason reason;
    reason.tenant_id = t;
    reason.code = kMark;
    reason.name_zh = kMark;
    reason.name_en = kMark;
    reason.created_at = now;
    ids["reason"] = std::to_string(*s.not_ready_reasons().create(reason));
    store::ApiToken api_token{
        0,           t, user.user_id, kMark, kMark + "-sha", {"calls.read"}, now, std::nullopt, std::nullopt,
        std::nullopt};
    ids["api_token"] = std::to_string(*s.api_tokens().create(api_token));
    ids["todo"] =
        std::to_string(*s.todos().create({.tenant_id = t, .user_id = user.user_id, .title = kMark}));
    std::string tenant_dir = std::to_string(t);
    write_wav(rig.dir / "prompts" / tenant_dir / (kMark + ".wav"));
    write_wav(rig.dir / "moh" / tenant_dir / kMark / (kMark + ".wav"));
    rig.auth->roles().reload(t);
  }

  // A tenth of a second of 8 kHz 16-bit mono silence.
  static void write_wav(const std::filesystem::path& path) {
    std::filesystem::create_directories(path.parent_path());
    const std::uint32_t data_bytes = 1600;
    auto u32 = [](std::uint32_t v) {
      return std::string{char(v), char(v >> 8), char(v >> 16), char(v >> 24)};
    };
    auto u16 = [](std::uint16_t v) { return std::string{char(v), char(v >> 8)}; };
    std::ofstream(path, std::ios::binary)
        << "RIFF" << u32(36 + data_bytes) << "WAVEfmt " << u32(16) << u16(1) << u16(1) << u32(8000)
        << u32(16000) << u16(2) << u16(16) << "data" << u32(data_bytes) << std::string(data_bytes, '\0');
  }

  // The other tenant's object a route's path reaches, by the path's first segments.
  std::string target_of(const std::string& pattern) {
    static const std::vector<std::pair<std::string, std::string>> kByPrefix = {
        {"/api/v1/users/", "user"},
        {"/api/v1/agents/", "user"},
        {"/api/v1/extensions/", "extension"},
        {"/api/v1/skills/", "skill"},
        {"/api/v1/queues/", "queue"},
        {"/api/v1/flows/", "flow"},
        {"/api/v1/caller-lists/", "caller_list"},
        {"/api/v1/holidays/", "holiday"},
        {"/api/v1/voicemail/boxes/", "box"},
        {"/api/v1/voicemail/messages/", "message"},
        {"/api/v1/calls/", "call"},
        {"/api/v1/roles/", "role"},
        {"/api/v1/trunks/", "trunk"},
        {"/api/v1/numbers/", "number"},
        {"/api/v1/outbound-routes/", "outbound_route"},
        {"/api/v1/not-ready-reasons/", "reason"},
        {"/api/v1/prompts/", "file"},
        {"/api/v1/moh/", "file"},
        {"/api/v1/auth/tokens/", "api_token"},
        {"/api/v1/todos/", "todo"}};
    for (const auto& [prefix, kind] : kByPrefix) {
      if (pattern.rfind(prefix, 0) != 0) continue;
      std::string id = kind == "role" || kind == "file" ? kMark : ids.at(kind);
      std::string target = std::regex_replace(pattern, std::regex("\\{version\\}"), "1");
      target = std::regex_replace(target, std::regex("\\{(file|name)\\}"), kMark + ".wav");
      return std::regex_replace(target, std::regex("\\{[a-z_]+\\}"), id);
    }
    return {};
  }

  testing_support::ServerRig rig;
  testing_support::TestUser acme = rig.add_tenant_with_user("acme", "acme-admin");
  testing_support::TestUser other = rig.add_tenant_with_user("other", "other-admin");
  ApiDispatcher dispatcher{build_api_router(rig.deps()), *rig.auth};
  std::map<std::string, std::string> ids;
};

TEST_F(ApiTenantIsolationTest, EveryRouteWithAnIdAnswers404ForTheOtherTenantsObject) {
  std::string token = rig.login(acme);
  for (const Route& route : dispatcher.router().routes()) {
    if (!route.requires_auth || route.pattern.find('{') == std::string::npos) continue;
    if (platform_route(route.pattern)) continue;
    std::string target = target_of(route.pattern);
    ASSERT_FALSE(target.empty()) << "say which object of the other tenant " << route.pattern << " reaches";
    ApiResponse response = dispatcher.handle({route.method, target, "Bearer " + token, "", "{}"});
    bool upload = route.method == "PUT" &&
                  (target.rfind("/api/v1/prompts/", 0) == 0 || target.rfind("/api/v1/moh/", 0) == 0);
    if (upload) {  // names a file of the caller's own tenant: the other's is out of reach, not "not found"
      EXPECT_EQ(response.status, 400) << route.method << " " << target << " -> " << response.body;
    } else {
      EXPECT_EQ(response.status, 404) << route.method << " " << target << " -> " << response.body;
    }
  }
  // Nothing of the other tenant's went.
  EXPECT_TRUE(rig.store->users().get(other.tenant_id, std::stoll(ids["user"])));
  EXPECT_TRUE(rig.store->queues().get(other.tenant_id, std::stoll(ids["queue"])));
  EXPECT_TRUE(rig.store->flows().get(other.tenant_id, std::stoll(ids["flow"])));
  EXPECT_TRUE(rig.store->extensions().get(other.tenant_id, std::stoll(ids["extension"])));
  EXPECT_EQ(rig.store->holidays().list(other.tenant_id).size(), 1u);
  EXPECT_EQ(rig.store->caller_lists().list(other.tenant_id).size(), 1u);
  EXPECT_EQ(rig.store->roles().list(other.tenant_id).size(), 1u);
  EXPECT_EQ(rig.store->numbers().list(other.tenant_id).size(), 1u);
  EXPECT_EQ(rig.store->outbound_routes().list(other.tenant_id).size(), 1u);
  EXPECT_EQ(rig.store->not_ready_reasons().list(other.tenant_id).size(), 1u);
  EXPECT_TRUE(rig.store->trunks().get(other.tenant_id, std::stoll(ids["trunk"])));
  EXPECT_FALSE(rig.store->api_tokens().find(kMark + "-sha")->revoked_at);
  EXPECT_TRUE(rig.store->todos().get(other.tenant_id, std::stoll(ids["user"]), std::stoll(ids["todo"])));
  std::string tenant_dir = std::to_string(other.tenant_id);
  EXPECT_TRUE(std::filesystem::exists(rig.dir / "prompts" / tenant_dir / (kMark + ".wav")));
  EXPECT_TRUE(std::filesystem::exists(rig.dir / "moh" / tenant_dir / kMark / (kMark + ".wav")));
}

TEST_F(ApiTenantIsolationTest, NoListShowsTheOtherTenantsRows) {
  std::string token = rig.login(acme);
  int lists = 0;
  for (const Route& route : dispatcher.router().routes()) {
    if (!route.requires_auth || route.method != "GET" || route.pattern.find('{') != std::string::npos)
      continue;
    if (platform_route(route.pattern)) continue;
    if (route.pattern == "/api/v1/ws") continue;  // the CTI WebSocket, no list (cti_websocket_test.cpp)
    ApiResponse response = dispatcher.handle({route.method, route.pattern, "Bearer " + token, "", ""});
    EXPECT_EQ(response.status, 200) << route.pattern << " -> " << response.body;
    EXPECT_EQ(response.body.find(kMark), std::string::npos) << route.pattern << " -> " << response.body;
    ++lists;
  }
  EXPECT_GE(lists, 10);
  // The same lists as the other tenant do show its rows: the mark would be seen.
  std::string theirs = rig.login(other);
  for (const char* path : {"/api/v1/users", "/api/v1/queues", "/api/v1/flows", "/api/v1/roles",
                           "/api/v1/calls", "/api/v1/prompts", "/api/v1/moh"}) {
    ApiResponse response = dispatcher.handle({"GET", path, "Bearer " + theirs, "", ""});
    EXPECT_NE(response.body.find(kMark), std::string::npos) << path;
  }
}

}  // namespace
}  // namespace hotline::http
