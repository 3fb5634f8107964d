// GET /api/v1/health through the dispatcher: 200 while the store and recordings are healthy, 503
// degraded after either reports a failed write.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/api_dispatcher.hpp"
#include "http/api_routes.hpp"
#include "http/tests/test_support.hpp"

namespace hotline::http {
namespace {

class ApiHealthTest : public ::testing::Test {
 protected:
  nlohmann::json health(int expected_status) {
    ApiResponse response = dispatcher.handle({"GET", "/api/v1/health", "", "", ""});
    EXPECT_EQ(response.status, expected_status);
    return nlohmann::json::parse(response.body);
  }

  testing_support::ServerRig rig;
  testing_support::HealthOverrideStore store{*rig.store};
  ApiDispatcher dispatcher{build_api_router({store, *rig.auth, rig.live, rig.clock}), *rig.auth};
};

TEST_F(ApiHealthTest, HealthyStoreIsOk) {
  rig.live.calls = 4;
  EXPECT_EQ(health(200), (nlohmann::json{{"status", "ok"},
                                         {"version", HOTLINE_VERSION},
                                         {"store", "ok"},
                                         {"recordings", "ok"},
                                         {"recordings_active", 0},
                                         {"recordings_failed", 0},
                                         {"calls_in_progress", 4}}));
}

TEST_F(ApiHealthTest, FailedRecordingWriteIsDegraded503WithTheError) {
  rig.live.failed_recordings = 1;
  auto body = health(503);
  EXPECT_EQ(body["status"], "degraded");
  EXPECT_EQ(body["store"], "ok");
  EXPECT_EQ(body["recordings"], "error");
  EXPECT_EQ(body["recordings_failed"], 1);
  EXPECT_NE(body["recordings_error"].get<std::string>().find("No space left"), std::string::npos);
}

TEST_F(ApiHealthTest, FailingStoreIsDegraded503) {
  store.healthy_flag = false;
  auto body = health(503);
  EXPECT_EQ(body["status"], "degraded");
  EXPECT_EQ(body["store"], "error");
  EXPECT_EQ(body["calls_in_progress"], 0);
}

}  // namespace
}  // namespace hotline::http
