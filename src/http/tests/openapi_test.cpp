// The served document must describe exactly the routes the router serves, with the same auth
// requirement and capability, so that generated clients and the route table never drift apart.
#include "http/openapi.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "http/api_routes.hpp"
#include "http/tests/test_support.hpp"

namespace hotline::http {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

class OpenApiTest : public ::testing::Test {
 protected:
  nlohmann::json spec = nlohmann::json::parse(openapi_json());
  testing_support::ServerRig rig;
  Router router = build_api_router(rig.deps());
};

TEST_F(OpenApiTest, IsOpenApi31WithSecuritySchemes) {
  EXPECT_EQ(spec["openapi"], "3.1.0");
  EXPECT_EQ(spec["components"]["securitySchemes"]["bearerAuth"]["scheme"], "bearer");
  EXPECT_EQ(spec["components"]["securitySchemes"]["cookieAuth"]["name"], "hotline_session");
  EXPECT_TRUE(spec["components"]["schemas"].contains("Error"));
}

TEST_F(OpenApiTest, EveryRouteIsDescribedWithItsAuthAndCapability) {
  for (const Route& route : router.routes()) {
    SCOPED_TRACE(route.method + " " + route.pattern);
    ASSERT_TRUE(spec["paths"].contains(route.pattern));
    const auto& operation = spec["paths"][route.pattern][lower(route.method)];
    ASSERT_TRUE(operation.is_object());
    EXPECT_EQ(operation["security"].empty(), !route.requires_auth);
    EXPECT_EQ(operation["x-capability"], route.capability);
    // 101: the WebSocket /api/v1/ws, whose success is the upgrade.
    EXPECT_TRUE(operation["responses"].contains("200") || operation["responses"].contains("201") ||
                operation["responses"].contains("204") || operation["responses"].contains("101"));
    if (route.requires_auth) {
      EXPECT_TRUE(operation["responses"].contains("401"));
    }
  }
}

TEST_F(OpenApiTest, EveryDescribedOperationIsRouted) {
  std::set<std::pair<std::string, std::string>> routed;
  for (const Route& route : router.routes()) routed.emplace(lower(route.method), route.pattern);
  for (const auto& [path, operations] : spec["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      EXPECT_TRUE(routed.count({method, path})) << method << " " << path << " is in openapi.json only";
    }
  }
}

TEST_F(OpenApiTest, PathParametersAreDeclared) {
  static const std::regex kParameter("\\{([a-z_]+)\\}");
  for (const Route& route : router.routes()) {
    const auto& parameters = spec["paths"][route.pattern][lower(route.method)]["parameters"];
    // Every {name} of the pattern, not only {id}: /security/sip-bans/{address} has another.
    for (auto open = route.pattern.find('{'); open != std::string::npos;
         open = route.pattern.find('{', open + 1)) {
      std::string name = route.pattern.substr(open + 1, route.pattern.find('}', open) - open - 1);
      bool declared = std::any_of(parameters.begin(), parameters.end(), [&](const nlohmann::json& p) {
        return p["in"] == "path" && p["name"] == name && p["required"] == true;
      });
      EXPECT_TRUE(declared) << route.pattern << " {" << name << "}";
    }
  }
}

}  // namespace
}  // namespace hotline::http
