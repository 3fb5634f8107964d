#include "http/router.hpp"

#include <gtest/gtest.h>

namespace hotline::http {
namespace {

Handler returns(int status) {
  return [status](RequestContext&) { return ApiResponse{status, {}, {}}; };
}

Router sample_router() {
  Router router;
  router.add({"GET", "/api/v1/calls", true, "calls.read", returns(200)});
  router.add({"GET", "/api/v1/calls/{id}", true, "calls.read", returns(201)});
  router.add({"DELETE", "/api/v1/calls/{id}", true, "calls.write", returns(202)});
  router.add({"POST", "/api/v1/auth/login", false, "", returns(203)});
  return router;
}

TEST(RouterTest, MatchesLiteralPath) {
  Router router = sample_router();
  RouteMatch match = router.match("GET", "/api/v1/calls");
  ASSERT_EQ(match.kind, RouteMatch::Kind::Found);
  EXPECT_EQ(match.route->pattern, "/api/v1/calls");
  EXPECT_EQ(match.route->capability, "calls.read");
  EXPECT_TRUE(match.params.empty());
}

TEST(RouterTest, CapturesAndDecodesParams) {
  Router router = sample_router();
  RouteMatch match = router.match("GET", "/api/v1/calls/abc%2Fdef");
  ASSERT_EQ(match.kind, RouteMatch::Kind::Found);
  EXPECT_EQ(match.route->pattern, "/api/v1/calls/{id}");
  EXPECT_EQ(match.params.at("id"), "abc/def");
}

TEST(RouterTest, PicksRouteByMethod) {
  Router router = sample_router();
  RouteMatch match = router.match("DELETE", "/api/v1/calls/42");
  ASSERT_EQ(match.kind, RouteMatch::Kind::Found);
  EXPECT_EQ(match.route->capability, "calls.write");
}

TEST(RouterTest, UnknownPathIsNotFound) {
  Router router = sample_router();
  EXPECT_EQ(router.match("GET", "/api/v1/nope").kind, RouteMatch::Kind::NotFound);
  EXPECT_EQ(router.match("GET", "/api/v1/calls/").kind, RouteMatch::Kind::NotFound);
  EXPECT_EQ(router.match("GET", "/api/v1/calls/1/legs").kind, RouteMatch::Kind::NotFound);
  EXPECT_EQ(router.match("GET", "/api/v1//calls").kind, RouteMatch::Kind::NotFound);
  EXPECT_EQ(router.match("GET", "").kind, RouteMatch::Kind::NotFound);
  EXPECT_EQ(router.match("GET", "api/v1/calls").kind, RouteMatch::Kind::NotFound);
  EXPECT_EQ(router.match("GET", "/api/v1/calls/%zz").kind, RouteMatch::Kind::NotFound);
}

TEST(RouterTest, WrongMethodListsAllowedMethods) {
  Router router = sample_router();
  RouteMatch match = router.match("PUT", "/api/v1/calls/7");
  ASSERT_EQ(match.kind, RouteMatch::Kind::MethodNotAllowed);
  EXPECT_EQ(match.allowed, (std::vector<std::string>{"DELETE", "GET"}));
  EXPECT_EQ(router.match("GET", "/api/v1/auth/login").allowed, std::vector<std::string>{"POST"});
}

TEST(RouterTest, MethodIsCaseSensitive) {
  Router router = sample_router();
  EXPECT_EQ(router.match("get", "/api/v1/calls").kind, RouteMatch::Kind::MethodNotAllowed);
}

TEST(RouterTest, PatternMatcher) {
  PathParams params;
  EXPECT_TRUE(match_pattern("/a/{x}/b/{y}", "/a/1/b/2", params));
  EXPECT_EQ(params.at("x"), "1");
  EXPECT_EQ(params.at("y"), "2");
  EXPECT_FALSE(match_pattern("/a/{x}", "/a/", params));
  EXPECT_FALSE(match_pattern("/a/{x}", "/b/1", params));
}

}  // namespace
}  // namespace hotline::http
