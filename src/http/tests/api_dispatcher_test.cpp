// The dispatcher without sockets: auth, capability hook, 404/405 and exception containment.
#include "http/api_dispatcher.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "http/tests/test_support.hpp"

namespace hotline::http {
namespace {

using testing_support::header;
using testing_support::ServerRig;

class ApiDispatcherTest : public ::testing::Test {
 protected:
  Router test_router() {
    Router router;
    router.add({"GET", "/api/v1/open", false, "", [](RequestContext&) {
                  return ApiResponse{200, "{}", {}};
                }});
    router.add({"GET", "/api/v1/secret", true, "calls.read", [](RequestContext& c) {
                  return ApiResponse{200, nlohmann::json{{"tenant", c.principal->tenant_id}}.dump(), {}};
                }});
    router.add({"GET", "/api/v1/boom", false, "",
                [](RequestContext&) -> ApiResponse { throw std::runtime_error("boom"); }});
    return router;
  }

  std::string login() {
    auto session = rig.auth->login(user.username, user.password);
    EXPECT_TRUE(session);
    return session ? session->token : std::string{};
  }

  ServerRig rig;
  testing_support::TestUser user = rig.add_tenant_with_user("acme", "alice");
};

TEST_F(ApiDispatcherTest, PublicRouteNeedsNoToken) {
  ApiDispatcher dispatcher(test_router(), *rig.auth);
  EXPECT_EQ(dispatcher.handle({"GET", "/api/v1/open?x=1", "", "", ""}).status, 200);
}

TEST_F(ApiDispatcherTest, AuthenticatedRouteSeesPrincipal) {
  ApiDispatcher dispatcher(test_router(), *rig.auth);
  ApiResponse response = dispatcher.handle({"GET", "/api/v1/secret", "Bearer " + login(), "", ""});
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(nlohmann::json::parse(response.body)["tenant"], user.tenant_id);
}

TEST_F(ApiDispatcherTest, MissingOrBadTokenIs401WithChallenge) {
  ApiDispatcher dispatcher(test_router(), *rig.auth);
  for (const std::string& authorization :
       {std::string(), std::string("Bearer nope"), std::string("Basic eA==")}) {
    ApiResponse response = dispatcher.handle({"GET", "/api/v1/secret", authorization, "", ""});
    EXPECT_EQ(response.status, 401) << authorization;
    EXPECT_EQ(header(response, "WWW-Authenticate"), "Bearer");
  }
}

TEST_F(ApiDispatcherTest, CapabilityCheckReceivesRouteCapability) {
  std::string asked;
  ApiDispatcher dispatcher(test_router(), *rig.auth,
                           [&](const app::Principal&, const std::string& capability) {
                             asked = capability;
                             return false;
                           });
  ApiResponse response = dispatcher.handle({"GET", "/api/v1/secret", "Bearer " + login(), "", ""});
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(asked, "calls.read");
  EXPECT_EQ(nlohmann::json::parse(response.body)["error"]["code"], "permission_denied");
}

TEST_F(ApiDispatcherTest, UnknownPathIs404AndWrongMethodIs405) {
  ApiDispatcher dispatcher(test_router(), *rig.auth);
  ApiResponse missing = dispatcher.handle({"GET", "/api/v1/nothing", "", "", ""});
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(nlohmann::json::parse(missing.body)["error"]["code"], "not_found");
  ApiResponse wrong = dispatcher.handle({"POST", "/api/v1/open", "", "", ""});
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(header(wrong, "Allow"), "GET");
  EXPECT_EQ(nlohmann::json::parse(wrong.body)["error"]["field"], "method");
}

TEST_F(ApiDispatcherTest, HandlerExceptionIs500) {
  ApiDispatcher dispatcher(test_router(), *rig.auth);
  ApiResponse response = dispatcher.handle({"GET", "/api/v1/boom", "", "", ""});
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(nlohmann::json::parse(response.body)["error"]["code"], "internal");
}

TEST_F(ApiDispatcherTest, BadQueryEscapeIs400NamingParameter) {
  ApiDispatcher dispatcher(test_router(), *rig.auth);
  ApiResponse response = dispatcher.handle({"GET", "/api/v1/open?limit=%zz", "", "", ""});
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(nlohmann::json::parse(response.body)["error"]["field"], "limit");
}

}  // namespace
}  // namespace hotline::http
