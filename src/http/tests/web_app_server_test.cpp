// The web app through the real server on 127.0.0.1: targets outside /api/ reach the web root
// (files, the SPA fallback, HEAD over the wire), /api/ stays the API, and an unknown API path is
// still the API's JSON 404, never index.html.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "http/http_server.hpp"
#include "http/tests/http_test_client.hpp"
#include "http/tests/test_support.hpp"

namespace hotline::http {
namespace {

using testing_support::HttpTestClient;

class WebAppServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(rig.dir / "web" / "assets");
    std::ofstream(rig.dir / "web" / "index.html") << "<!doctype html><title>Hotline</title>";
    std::ofstream(rig.dir / "web" / "assets" / "app-1a2b.js") << "export {}";
    HttpOptions options;
    options.port = 0;
    options.web_root = rig.dir / "web";
    auto started = start_http_server(options, *rig.store, *rig.auth, rig.live, rig.clock);
    ASSERT_TRUE(started) << started.error().message;
    server = std::move(*started);
  }

  void TearDown() override {
    if (server) server->stop();
  }

  testing_support::ServerRig rig;
  std::unique_ptr<HttpServer> server;
};

TEST_F(WebAppServerTest, ServesTheAppBesideTheApi) {
  HttpTestClient client(server->port());  // one keep-alive connection for all of them
  auto page = client.get("/console/users");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(page.body, "<!doctype html><title>Hotline</title>");
  auto script = client.get("/assets/app-1a2b.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(client.get("/assets/gone.js").status, 404);
  auto health = client.get("/api/v1/health");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.header("content-type"), "application/json; charset=utf-8");
  auto unknown = client.get("/api/v1/nope");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.json()["error"]["code"], "not_found");
  EXPECT_EQ(client.request("POST", "/console", "{}").status, 405);
}

TEST_F(WebAppServerTest, HeadOverTheWireHasTheLengthAndNoBody) {
  std::string answer = testing_support::send_raw(
      server->port(), "HEAD /console HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(answer.find("HTTP/1.1 200"), std::string::npos) << answer;
  EXPECT_NE(answer.find("Content-Length: 37\r\n"), std::string::npos) << answer;
  EXPECT_EQ(answer.substr(answer.find("\r\n\r\n") + 4), "");
}

TEST_F(WebAppServerTest, TraversalOverTheWireIsRefused) {
  std::string answer = testing_support::send_raw(
      server->port(), "GET /%2e%2e/hotline.db HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(answer.find("HTTP/1.1 400"), std::string::npos) << answer;
}

}  // namespace
}  // namespace hotline::http
