// POST /api/v1/calls/{id}/recording/pause and .../resume through the dispatcher: the command
// reaches LiveState with the user's tenant and name; unknown and other tenants' calls are 404,
// ended and unrecorded calls 409, a core loop that does not answer 503.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/api_dispatcher.hpp"
#include "http/api_routes.hpp"
#include "http/tests/test_support.hpp"

namespace hotline::http {
namespace {

using testing_support::kT0;
using testing_support::make_call;

class ApiCallRecordingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // c-ended is on record only: it has ended. g-live is the other tenant's call in progress.
    rig.store->calls().save_call_async(
        make_call(alice.tenant_id, "c-ended", "inbound", "+1555", "4000", kT0));
    rig.store->calls().save_call_async(make_call(bob.tenant_id, "g-live", "internal", "2001", "2002", kT0));
    rig.store->flush();
    rig.live.add_call(alice.tenant_id, "c-live", true);
    rig.live.add_call(alice.tenant_id, "c-unrecorded", false);
    rig.live.add_call(bob.tenant_id, "g-live", true);
  }

  ApiResponse post(const std::string& target, const std::string& token) {
    return dispatcher.handle({"POST", target, "Bearer " + token, "", ""});
  }

  static nlohmann::json error_of(const ApiResponse& response) {
    return nlohmann::json::parse(response.body)["error"];
  }

  testing_support::ServerRig rig;
  testing_support::TestUser alice = rig.add_tenant_with_user("acme", "alice");
  testing_support::TestUser bob = rig.add_tenant_with_user("globex", "bob");
  ApiDispatcher dispatcher{build_api_router(rig.deps()), *rig.auth};
};

TEST_F(ApiCallRecordingTest, PauseAndResumeAnswerTheRecordingState) {
  std::string token = rig.login(alice);
  ApiResponse paused = post("/api/v1/calls/c-live/recording/pause", token);
  ASSERT_EQ(paused.status, 200) << paused.body;
  EXPECT_EQ(nlohmann::json::parse(paused.body),
            (nlohmann::json{
                {"call_id", "c-live"}, {"recording_id", "rec-c-live"}, {"paused", true}, {"paused_ms", 0}}));

  ApiResponse resumed = post("/api/v1/calls/c-live/recording/resume", token);
  ASSERT_EQ(resumed.status, 200) << resumed.body;
  auto body = nlohmann::json::parse(resumed.body);
  EXPECT_EQ(body["paused"], false);
  EXPECT_EQ(body["paused_ms"], 1000);
  EXPECT_EQ(rig.live.recording_commands(),
            (std::vector<std::string>{"pause c-live by alice", "resume c-live by alice"}));
}

TEST_F(ApiCallRecordingTest, UnknownCallIs404) {
  ApiResponse response = post("/api/v1/calls/nope/recording/pause", rig.login(alice));
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(error_of(response)["code"], "not_found");
  EXPECT_EQ(error_of(response)["message"], "no call nope");
}

TEST_F(ApiCallRecordingTest, AnotherTenantsCallIs404AndUntouched) {
  std::string token = rig.login(alice);
  for (const char* action : {"pause", "resume"}) {
    ApiResponse response = post(std::string("/api/v1/calls/g-live/recording/") + action, token);
    EXPECT_EQ(response.status, 404) << action;
    EXPECT_EQ(error_of(response)["code"], "not_found");
  }
  EXPECT_TRUE(rig.live.recording_commands().empty());
}

TEST_F(ApiCallRecordingTest, EndedCallIs409) {
  ApiResponse response = post("/api/v1/calls/c-ended/recording/pause", rig.login(alice));
  EXPECT_EQ(response.status, 409);
  EXPECT_EQ(error_of(response)["code"], "conflict");
  EXPECT_EQ(error_of(response)["message"], "call c-ended has ended");
}

TEST_F(ApiCallRecordingTest, CallNotRecordedIs409) {
  ApiResponse response = post("/api/v1/calls/c-unrecorded/recording/resume", rig.login(alice));
  EXPECT_EQ(response.status, 409);
  EXPECT_EQ(error_of(response)["code"], "conflict");
  EXPECT_NE(error_of(response)["message"].get<std::string>().find("not being recorded"), std::string::npos);
}

TEST_F(ApiCallRecordingTest, CoreLoopNotAnsweringIs503) {
  rig.live.core_unavailable = true;
  ApiResponse response = post("/api/v1/calls/c-live/recording/pause", rig.login(alice));
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(error_of(response)["code"], "unavailable");
}

TEST_F(ApiCallRecordingTest, OnlyPostWithASession) {
  ApiResponse get = dispatcher.handle(
      {"GET", "/api/v1/calls/c-live/recording/pause", "Bearer " + rig.login(alice), "", ""});
  EXPECT_EQ(get.status, 405);
  EXPECT_EQ(error_of(get)["field"], "method");
  EXPECT_EQ(dispatcher.handle({"POST", "/api/v1/calls/c-live/recording/pause", "", "", ""}).status, 401);
  EXPECT_EQ(post("/api/v1/calls//recording/pause", rig.login(alice)).status, 404);
  EXPECT_EQ(post("/api/v1/calls/c-live/recording/stop", rig.login(alice)).status, 404);
  EXPECT_TRUE(rig.live.recording_commands().empty());
}

TEST_F(ApiCallRecordingTest, BothRoutesNeedTheRecordingPauseCapability) {
  std::vector<std::string> asked;
  ApiDispatcher checking(build_api_router(rig.deps()), *rig.auth,
                         [&](const app::Principal&, const std::string& capability) {
                           asked.push_back(capability);
                           return false;
                         });
  std::string token = rig.login(alice);
  for (const char* action : {"pause", "resume"}) {
    ApiResponse response = checking.handle(
        {"POST", std::string("/api/v1/calls/c-live/recording/") + action, "Bearer " + token, "", ""});
    EXPECT_EQ(response.status, 403);
  }
  EXPECT_EQ(asked, (std::vector<std::string>{"calls.recording.pause", "calls.recording.pause"}));
  EXPECT_TRUE(rig.live.recording_commands().empty());
}

}  // namespace
}  // namespace hotline::http
