// The voicemail routes through the dispatcher on a real store: boxes with their message-waiting
// state, creating and changing boxes (bad fields named, taken names and extensions 409), a box's
// messages, a message's WAV, marking heard and deleting; another tenant's boxes and messages are
// 404 and untouched; every route asks for its capability.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "http/api_dispatcher.hpp"
#include "http/api_routes.hpp"
#include "http/tests/test_support.hpp"

namespace hotline::http {
namespace {

using testing_support::kT0;
using testing_support::make_call;

class ApiVoicemailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sales = *rig.store->voicemail_boxes().create({.tenant_id = alice.tenant_id, .name = "sales"});
    globex_box = *rig.store->voicemail_boxes().create({.tenant_id = bob.tenant_id, .name = "support"});
    leave("m-old", alice.tenant_id, sales, kT0, "RIFF-old");
    leave("m-new", alice.tenant_id, sales, kT0 + 60'000, "RIFF-new");
    leave("g-1", bob.tenant_id, globex_box, kT0, "RIFF-globex");
    token = login(alice);
  }

  // A screened message whose recording file holds `audio`, as VoicemailCalls and MessageScreen leave it.
  void leave(const std::string& id, store::TenantId tenant, std::int64_t box, UnixMs at,
             const std::string& audio) {
    rig.store->calls().save_call_async(
        make_call(tenant, "call-" + id, "inbound", "+86105550" + id, "4000", at));
    std::string path = "recordings/" + id + "-voicemail.wav";
    std::filesystem::create_directories(rig.dir / "recordings");
    std::ofstream(rig.dir / path, std::ios::binary) << audio;
    rig.store->recordings().save_async(
        {.id = "rec-" + id, .tenant_id = tenant, .call_id = "call-" + id, .path = path, .channels = 1});
    rig.store->voicemail_messages().add_async({.id = id,
                                               .tenant_id = tenant,
                                               .box_id = box,
                                               .call_id = "call-" + id,
                                               .recording_id = "rec-" + id,
                                               .caller = "+86105550" + id,
                                               .created_at = at});
    rig.store->flush();
    ASSERT_TRUE(rig.store->voicemail_messages().screen(id, 3000, std::nullopt));
  }

  ApiResponse call(const std::string& method, const std::string& target, const std::string& body = "") {
    return dispatcher.handle({method, target, "Bearer " + token, "", body});
  }

  nlohmann::json json(const std::string& method, const std::string& target, int status,
                      const std::string& body = "") {
    ApiResponse response = call(method, target, body);
    EXPECT_EQ(response.status, status) << method << " " << target << ": " << response.body;
    return response.body.empty() ? nlohmann::json() : nlohmann::json::parse(response.body);
  }

  std::string login(const testing_support::TestUser& user) {
    auto session = rig.auth->login(user.username, user.password);
    EXPECT_TRUE(session);
    return session ? session->token : std::string{};
  }

  std::string box_path(std::int64_t id) { return "/api/v1/voicemail/boxes/" + std::to_string(id); }

  testing_support::ServerRig rig;
  testing_support::TestUser alice = rig.add_tenant_with_user("acme", "alice");
  testing_support::TestUser bob = rig.add_tenant_with_user("globex", "bob");
  ApiDispatcher dispatcher{build_api_router(rig.deps()), *rig.auth};
  std::int64_t sales = 0;
  std::int64_t globex_box = 0;
  std::string token;
};

TEST_F(ApiVoicemailTest, BoxesListTheirMessageWaitingState) {
  auto body = json("GET", "/api/v1/voicemail/boxes", 200);
  ASSERT_EQ(body["items"].size(), 1u) << "only the tenant's own boxes";
  const auto& box = body["items"][0];
  EXPECT_EQ(box["name"], "sales");
  EXPECT_EQ(box["new_messages"], 2);
  EXPECT_EQ(box["total_messages"], 2);
  EXPECT_EQ(box["extension"], nullptr);
  EXPECT_EQ(box["language"], "zh-CN");
  EXPECT_EQ(box["max_message_ms"], 120000);

  json("PATCH", "/api/v1/voicemail/messages/m-old", 200, R"({"heard": true})");
  auto one = json("GET", box_path(sales), 200);
  EXPECT_EQ(one["new_messages"], 1);
  EXPECT_EQ(one["total_messages"], 2);
}

TEST_F(ApiVoicemailTest, MessagesAreListedNewestFirstWithWhereTheirAudioIs) {
  auto body = json("GET", box_path(sales) + "/messages", 200);
  ASSERT_EQ(body["items"].size(), 2u);
  EXPECT_EQ(body["items"][0]["id"], "m-new");
  EXPECT_EQ(body["items"][1]["id"], "m-old");
  const auto& m = body["items"][0];
  EXPECT_EQ(m["status"], "new");
  EXPECT_EQ(m["duration_ms"], 3000);
  EXPECT_EQ(m["caller"], "+86105550m-new");
  EXPECT_EQ(m["call_id"], "call-m-new");
  EXPECT_EQ(m["heard_at"], nullptr);
  EXPECT_EQ(m["audio_url"], "/api/v1/voicemail/messages/m-new/audio");
}

TEST_F(ApiVoicemailTest, TheAudioIsTheRecordingsFileAsWav) {
  ApiResponse response = call("GET", "/api/v1/voicemail/messages/m-new/audio");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.body, "RIFF-new");
  bool wav = false;
  for (const auto& [name, value] : response.headers) wav |= name == "Content-Type" && value == "audio/wav";
  EXPECT_TRUE(wav);
  std::filesystem::remove(rig.dir / "recordings/m-old-voicemail.wav");
  EXPECT_EQ(call("GET", "/api/v1/voicemail/messages/m-old/audio").status, 503) << "a file gone from the disk";
}

TEST_F(ApiVoicemailTest, MarkingHeardRecordsWhoAndWhenAndCanBeUndone) {
  rig.clock.advance_ms(5000);
  auto heard = json("PATCH", "/api/v1/voicemail/messages/m-new", 200, R"({"heard": true})");
  EXPECT_EQ(heard["status"], "heard");
  EXPECT_EQ(heard["heard_by"], "alice");
  EXPECT_EQ(heard["heard_at"], rig.clock.now_ms());
  auto again = json("PATCH", "/api/v1/voicemail/messages/m-new", 200, R"({"heard": false})");
  EXPECT_EQ(again["status"], "new");
  EXPECT_EQ(again["heard_at"], nullptr);
}

TEST_F(ApiVoicemailTest, BadMessageUpdatesNameTheField) {
  auto wrong = json("PATCH", "/api/v1/voicemail/messages/m-new", 400, R"({"heard": "yes"})");
  EXPECT_EQ(wrong["error"]["field"], "heard");
  auto unknown = json("PATCH", "/api/v1/voicemail/messages/m-new", 400, R"({"heard": true, "colour": 1})");
  EXPECT_EQ(unknown["error"]["field"], "colour");
  auto not_json = json("PATCH", "/api/v1/voicemail/messages/m-new", 400, "heard");
  EXPECT_EQ(not_json["error"]["field"], "body");
  EXPECT_EQ(json("PATCH", "/api/v1/voicemail/messages/nope", 404, R"({"heard": true})")["error"]["message"],
            "no voicemail message nope");
}

TEST_F(ApiVoicemailTest, ADeletedMessageIsGoneFromItsBox) {
  EXPECT_EQ(call("DELETE", "/api/v1/voicemail/messages/m-old").status, 204);
  auto body = json("GET", box_path(sales) + "/messages", 200);
  ASSERT_EQ(body["items"].size(), 1u);
  EXPECT_EQ(body["items"][0]["id"], "m-new");
  EXPECT_EQ(call("DELETE", "/api/v1/voicemail/messages/m-old").status, 404);
  EXPECT_EQ(call("GET", "/api/v1/voicemail/messages/m-old/audio").status, 404);
  EXPECT_EQ(json("GET", box_path(sales), 200)["total_messages"], 1);
}

TEST_F(ApiVoicemailTest, CreatingAndChangingABox) {
  auto created =
      json("POST", "/api/v1/voicemail/boxes", 201,
           R"({"name": "1001", "extension": "1001", "greeting_text": "Leave a message", "language": "en"})");
  EXPECT_EQ(created["name"], "1001");
  EXPECT_EQ(created["extension"], "1001");
  EXPECT_EQ(created["greeting_text"], "Leave a message");
  EXPECT_EQ(created["new_messages"], 0);
  auto id = created["id"].get<std::int64_t>();
  EXPECT_EQ(rig.store->voicemail_boxes().find_by_extension(alice.tenant_id, "1001")->id, id);

  auto changed = json("PATCH", box_path(id), 200,
                      R"({"greeting_text": "请留言", "language": "zh-CN", "extension": null})");
  EXPECT_EQ(changed["greeting_text"], "请留言");
  EXPECT_EQ(changed["language"], "zh-CN");
  EXPECT_EQ(changed["extension"], nullptr);
  EXPECT_EQ(changed["name"], "1001") << "fields not named stay";
}

TEST_F(ApiVoicemailTest, BadBoxesNameTheField) {
  EXPECT_EQ(json("POST", "/api/v1/voicemail/boxes", 400, R"({"greeting_text": "hi"})")["error"]["field"],
            "name");
  EXPECT_EQ(json("POST", "/api/v1/voicemail/boxes", 400, R"({"name": 5})")["error"]["field"], "name");
  EXPECT_EQ(
      json("POST", "/api/v1/voicemail/boxes", 400, R"({"name": "x", "language": "fr"})")["error"]["field"],
      "language");
  EXPECT_EQ(json("POST", "/api/v1/voicemail/boxes", 400,
                 R"({"name": "x", "max_message_ms": 1.5})")["error"]["field"],
            "max_message_ms");
  EXPECT_EQ(
      json("POST", "/api/v1/voicemail/boxes", 400, R"({"name": "x", "max_message_ms": 5})")["error"]["field"],
      "max_message_ms");
  EXPECT_EQ(json("POST", "/api/v1/voicemail/boxes", 400, R"({"name": "x", "pin": "1234"})")["error"]["field"],
            "pin");
  EXPECT_EQ(json("POST", "/api/v1/voicemail/boxes", 400, "[]")["error"]["field"], "body");
  auto taken = json("POST", "/api/v1/voicemail/boxes", 409, R"({"name": "sales"})");
  EXPECT_EQ(taken["error"]["field"], "name");
  json("POST", "/api/v1/voicemail/boxes", 201, R"({"name": "a", "extension": "1002"})");
  auto extension = json("POST", "/api/v1/voicemail/boxes", 409, R"({"name": "b", "extension": "1002"})");
  EXPECT_EQ(extension["error"]["field"], "extension");
  EXPECT_EQ(json("PATCH", box_path(sales), 400, R"({"name": ""})")["error"]["field"], "name");
}

TEST_F(ApiVoicemailTest, AnotherTenantsBoxesAndMessagesAre404AndUntouched) {
  std::string theirs = box_path(globex_box);
  EXPECT_EQ(call("GET", theirs).status, 404);
  EXPECT_EQ(call("GET", theirs + "/messages").status, 404);
  EXPECT_EQ(call("PATCH", theirs, R"({"greeting_text": "pwned"})").status, 404);
  EXPECT_EQ(call("GET", "/api/v1/voicemail/messages/g-1/audio").status, 404);
  EXPECT_EQ(call("PATCH", "/api/v1/voicemail/messages/g-1", R"({"heard": true})").status, 404);
  EXPECT_EQ(call("DELETE", "/api/v1/voicemail/messages/g-1").status, 404);
  EXPECT_EQ(call("GET", "/api/v1/voicemail/boxes/abc").status, 404);
  EXPECT_EQ(rig.store->voicemail_boxes().get(bob.tenant_id, globex_box)->greeting_text, "");
  EXPECT_EQ(rig.store->voicemail_messages().get(bob.tenant_id, "g-1")->status, "new");
}

TEST_F(ApiVoicemailTest, EveryRouteNeedsASessionAndItsCapability) {
  std::vector<std::string> asked;
  ApiDispatcher checking(build_api_router(rig.deps()), *rig.auth,
                         [&](const app::Principal&, const std::string& capability) {
                           asked.push_back(capability);
                           return false;
                         });
  std::vector<std::pair<std::string, std::string>> routes = {
      {"GET", "/api/v1/voicemail/boxes"},
      {"POST", "/api/v1/voicemail/boxes"},
      {"GET", box_path(sales)},
      {"PATCH", box_path(sales)},
      {"GET", box_path(sales) + "/messages"},
      {"GET", "/api/v1/voicemail/messages/m-new/audio"},
      {"PATCH", "/api/v1/voicemail/messages/m-new"},
      {"DELETE", "/api/v1/voicemail/messages/m-new"}};
  for (const auto& [method, target] : routes) {
    EXPECT_EQ(dispatcher.handle({method, target, "", "", ""}).status, 401) << method << " " << target;
    EXPECT_EQ(checking.handle({method, target, "Bearer " + token, "", R"({"heard": true})"}).status, 403)
        << method << " " << target;
  }
  EXPECT_EQ(asked, (std::vector<std::string>{"voicemail.read", "voicemail.manage", "voicemail.read",
                                             "voicemail.manage", "voicemail.read", "voicemail.read",
                                             "voicemail.messages.write", "voicemail.messages.write"}));
  EXPECT_EQ(rig.store->voicemail_messages().get(alice.tenant_id, "m-new")->status, "new");
}

}  // namespace
}  // namespace hotline::http
