// WebAppFiles on a temporary web root: content types, the SPA fallback, missing assets, traversal
// attempts, HEAD, 405, cache headers and a missing root. No sockets: respond() builds the message.
#include "http/web_app_files.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

namespace hotline::http {
namespace {

namespace fs = std::filesystem;

constexpr const char* kIndex = "<!doctype html><div id=\"root\"></div>";

class WebAppFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    base = fs::temp_directory_path() /
           ("hotline-web-test-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
    root = base / "dist";
    fs::create_directories(root / "assets");
    write(root / "index.html", kIndex);
    write(root / "assets" / "index-AbC123.js", "console.log(1)");
    write(root / "assets" / "index-AbC123.css", "body{}");
    write(root / "assets" / "index-AbC123.js.map", "{}");
    write(root / "assets" / "logo.svg", "<svg/>");
    write(root / "assets" / "font.woff2", "wOF2");
    write(root / "favicon.ico", "ico");
    write(root / "logo.png", "png");
    write(root / "manifest.json", "{}");
    write(root / ".env", "SECRET=1");
    write(base / "secret.txt", "outside the root");
  }

  void TearDown() override { fs::remove_all(base); }

  static void write(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
  }

  BeastResponse get(const std::string& target, const std::string& method = "GET") const {
    return WebAppFiles(root).respond(method, target, 11, true);
  }

  static std::string header(const BeastResponse& response, const char* name) {
    return std::string(response[name]);
  }

  fs::path base;
  fs::path root;
};

TEST_F(WebAppFilesTest, NoPageMayBeFramedButTheToolbarByTheOriginsGiven) {
  auto console = get("/console/users");
  EXPECT_EQ(header(console, "X-Frame-Options"), "DENY");
  EXPECT_EQ(header(console, "Content-Security-Policy"), "frame-ancestors 'none'");
  auto toolbar = WebAppFiles(root, {"https://crm.example.com", "http://127.0.0.1:9000"})
                     .respond("GET", "/embed/toolbar?origin=https://crm.example.com", 11, true);
  EXPECT_EQ(toolbar.result_int(), 200);
  EXPECT_EQ(header(toolbar, "X-Frame-Options"), "");
  EXPECT_EQ(header(toolbar, "Content-Security-Policy"),
            "frame-ancestors 'self' https://crm.example.com http://127.0.0.1:9000");
  EXPECT_EQ(header(get("/embed/toolbar"), "Content-Security-Policy"), "frame-ancestors 'self'");
}

TEST_F(WebAppFilesTest, ApiTargetsAreTheApis) {
  EXPECT_TRUE(is_api_target("/api/v1/health"));
  EXPECT_TRUE(is_api_target("/api"));
  EXPECT_TRUE(is_api_target("/api?x=1"));
  EXPECT_FALSE(is_api_target("/apis"));
  EXPECT_FALSE(is_api_target("/console/api"));
  EXPECT_FALSE(is_api_target("/"));
}

TEST_F(WebAppFilesTest, ServesFilesWithTheirContentType) {
  struct Case {
    const char* target;
    const char* type;
    const char* body;
  };
  for (const Case& c :
       {Case{"/index.html", "text/html; charset=utf-8", kIndex},
        Case{"/assets/index-AbC123.js", "text/javascript; charset=utf-8", "console.log(1)"},
        Case{"/assets/index-AbC123.css", "text/css; charset=utf-8", "body{}"},
        Case{"/assets/index-AbC123.js.map", "application/json", "{}"},
        Case{"/assets/logo.svg", "image/svg+xml", "<svg/>"}, Case{"/assets/font.woff2", "font/woff2", "wOF2"},
        Case{"/favicon.ico", "image/x-icon", "ico"}, Case{"/logo.png", "image/png", "png"},
        Case{"/manifest.json", "application/json", "{}"}}) {
    auto response = get(c.target);
    EXPECT_EQ(response.result_int(), 200) << c.target;
    EXPECT_EQ(header(response, "Content-Type"), c.type) << c.target;
    EXPECT_EQ(response.body(), c.body) << c.target;
    EXPECT_EQ(header(response, "X-Content-Type-Options"), "nosniff");
  }
}

TEST_F(WebAppFilesTest, AppRoutesGetIndexHtml) {
  for (const char* target :
       {"/", "/console", "/console/users?page=2", "/console/queues/7", "/desk", "/login"}) {
    auto response = get(target);
    EXPECT_EQ(response.result_int(), 200) << target;
    EXPECT_EQ(header(response, "Content-Type"), "text/html; charset=utf-8") << target;
    EXPECT_EQ(response.body(), kIndex) << target;
  }
}

TEST_F(WebAppFilesTest, AMissingAssetIs404NotIndexHtml) {
  auto response = get("/assets/index-OLD999.js");
  EXPECT_EQ(response.result_int(), 404);
  EXPECT_EQ(nlohmann::json::parse(response.body())["error"]["code"], "not_found");
  EXPECT_EQ(get("/assets/").result_int(), 404);
}

TEST_F(WebAppFilesTest, CacheHeaders) {
  EXPECT_EQ(header(get("/assets/index-AbC123.js"), "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(header(get("/"), "Cache-Control"), "no-cache");
  EXPECT_EQ(header(get("/console/users"), "Cache-Control"), "no-cache");
  EXPECT_EQ(header(get("/index.html"), "Cache-Control"), "no-cache");
  EXPECT_EQ(header(get("/favicon.ico"), "Cache-Control"), "no-cache");  // not hashed
}

TEST_F(WebAppFilesTest, TraversalAttemptsAreRefused) {
  for (const char* target :
       {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt", "/assets\\..\\..\\secret.txt",
        "/%5c..%5csecret.txt", "/index.html%00.png", "/./index.html", "/%zz", "no-slash"}) {
    auto response = get(target);
    EXPECT_TRUE(response.result_int() == 400 || response.result_int() == 404)
        << target << " answered " << response.result_int();
    EXPECT_EQ(response.body().find("outside the root"), std::string::npos) << target;
  }
  EXPECT_EQ(get("/.env").result_int(), 404);  // hidden files are not served
}

TEST_F(WebAppFilesTest, ASymlinkOutOfTheRootIsNotFollowed) {
  fs::create_symlink(base / "secret.txt", root / "link.txt");
  auto response = get("/link.txt");
  EXPECT_EQ(response.body().find("outside the root"), std::string::npos);
  EXPECT_EQ(response.body(), kIndex);  // as any path that is no file of the app
}

TEST_F(WebAppFilesTest, HeadHasGetsHeadersAndNoBody) {
  auto response = get("/assets/index-AbC123.js", "HEAD");
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(header(response, "Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(header(response, "Content-Length"), std::to_string(std::string("console.log(1)").size()));
  EXPECT_TRUE(response.body().empty());
  auto page = get("/console", "HEAD");
  EXPECT_EQ(header(page, "Content-Length"), std::to_string(std::string(kIndex).size()));
  EXPECT_TRUE(page.body().empty());
}

TEST_F(WebAppFilesTest, OtherMethodsAre405Json) {
  for (const char* method : {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
    auto response = get("/console", method);
    EXPECT_EQ(response.result_int(), 405) << method;
    EXPECT_EQ(header(response, "Allow"), "GET, HEAD");
    EXPECT_EQ(header(response, "Content-Type"), "application/json; charset=utf-8");
    auto body = nlohmann::json::parse(response.body());
    EXPECT_EQ(body["error"]["field"], "method");
  }
}

TEST_F(WebAppFilesTest, AMissingRootSaysTheAppIsNotBuilt) {
  WebAppFiles missing(base / "nowhere");
  EXPECT_FALSE(missing.built());
  auto page = missing.respond("GET", "/", 11, true);
  EXPECT_EQ(page.result_int(), 200);
  EXPECT_EQ(std::string(page["Content-Type"]), "text/html; charset=utf-8");
  EXPECT_NE(page.body().find("not built"), std::string::npos);
  EXPECT_NE(page.body().find("make run"), std::string::npos);
  EXPECT_EQ(missing.respond("GET", "/console/users", 11, true).result_int(), 200);
  EXPECT_EQ(missing.respond("GET", "/assets/index.js", 11, true).result_int(), 404);
  EXPECT_FALSE(WebAppFiles({}).built());
  EXPECT_TRUE(WebAppFiles(root).built());
}

TEST_F(WebAppFilesTest, KeepAliveAndVersionFollowTheRequest) {
  auto response = WebAppFiles(root).respond("GET", "/", 10, false);
  EXPECT_EQ(response.version(), 10u);
  EXPECT_FALSE(response.keep_alive());
}

}  // namespace
}  // namespace hotline::http
