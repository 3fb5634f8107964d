#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "session_fixture.hpp"

namespace hotline::ivr {
namespace {

using testing::compile_ok;
using testing::find_action;
using testing::has_action;
using testing::heard;

constexpr const char* kBalanceFlow = R"json({
  "name": "balance", "start": "lookup",
  "nodes": {
    "lookup": {"type": "http", "url": "https://crm.example.com/accounts/{{account}}?caller={{caller.number}}",
               "headers": {"Authorization": "Bearer {{token}}"}, "timeout_ms": 2500,
               "response": {"balance": "data.balance", "first_item": "data.items.0.status",
                            "owner": "data.owner", "missing": "data.nothing"},
               "status_variable": "crm_status", "next": "say", "on_error": "sorry"},
    "say": {"type": "play", "items": [{"type": "tts", "text": "余额{{balance}}元，{{first_item}}"}], "next": "bye"},
    "sorry": {"type": "play", "items": [{"type": "tts", "text": "系统繁忙"}], "next": "bye"},
    "bye": {"type": "hangup"}
  }
})json";

class IvrSessionHttp : public ::testing::Test {
 protected:
  ManualClock clock_;
  Session session_{
      compile_ok(kBalanceFlow),
      CallContext{{"+86 138", "4000"}, {{"account", "A/1"}, {"token", "t0k"}, {"missing", "old"}}}, clock_};

  HttpRequest request() {
    Actions actions = session_.start();
    const HttpRequest* request = find_action<HttpRequest>(actions);
    EXPECT_NE(request, nullptr);
    return request ? *request : HttpRequest{};
  }
};

TEST_F(IvrSessionHttp, TemplatedUrlAndResponseMapping) {
  HttpRequest sent = request();
  EXPECT_EQ(sent.method, "GET");
  EXPECT_EQ(sent.url, "https://crm.example.com/accounts/A%2F1?caller=%2B86%20138");
  EXPECT_EQ(sent.headers,
            (std::vector<std::pair<std::string, std::string>>{{"Authorization", "Bearer t0k"}}));
  EXPECT_TRUE(sent.body.empty());
  EXPECT_EQ(sent.timeout_ms, 2500);
  Actions actions = session_.on_event(
      HttpResult{sent.token, 200,
                 R"({"data": {"balance": 12.5, "items": [{"status": "已发货"}], "owner": {"name": "Li"}}})"});
  EXPECT_EQ(heard(actions), "余额12.5元，已发货");
  const Variables& vars = session_.variables();
  EXPECT_EQ(vars.at("balance"), "12.5");
  EXPECT_EQ(vars.at("owner"), R"({"name":"Li"})");
  EXPECT_EQ(vars.at("crm_status"), "200");
  EXPECT_FALSE(vars.contains("missing")) << "a path not in the response clears the variable";
}

TEST_F(IvrSessionHttp, ConnectionErrorTakesTheErrorBranch) {
  HttpRequest sent = request();
  EXPECT_TRUE(session_.on_event(HttpError{sent.token + 100, "stale"}).empty());
  Actions actions = session_.on_event(HttpError{sent.token, "timed out after 2500 ms"});
  EXPECT_EQ(heard(actions), "系统繁忙");
  EXPECT_EQ(session_.trail().errors.at(0), "nodes.lookup: HTTP request failed: timed out after 2500 ms");
  EXPECT_EQ(session_.trail().path, (std::vector<std::string>{"lookup", "sorry"}));
}

TEST_F(IvrSessionHttp, ErrorStatusAndNonJsonTakeTheErrorBranch) {
  HttpRequest sent = request();
  Actions actions = session_.on_event(HttpResult{sent.token, 503, "busy"});
  EXPECT_EQ(heard(actions), "系统繁忙");
  EXPECT_EQ(session_.variables().at("crm_status"), "503");

  ManualClock clock;
  Session other(compile_ok(kBalanceFlow), CallContext{}, clock);
  Actions started = other.start();
  const HttpRequest* again = find_action<HttpRequest>(started);
  ASSERT_NE(again, nullptr);
  actions = other.on_event(HttpResult{again->token, 200, "<html>"});
  EXPECT_EQ(heard(actions), "系统繁忙");
  EXPECT_EQ(other.trail().errors.at(0), "nodes.lookup: the HTTP response is not JSON");
}

TEST(IvrSessionHttpBody, TheJsonBodyTemplateStaysValidJson) {
  ManualClock clock;
  Session session(compile_ok(R"json({
    "name": "post", "start": "post",
    "nodes": {
      "post": {"type": "http", "method": "POST", "url": "http://10.0.0.5:8080/tickets",
               "body": {"caller": "{{caller.number}}", "note": "said: {{note}}", "source": "ivr", "n": 1},
               "next": "bye"},
      "bye": {"type": "hangup"}
    }
  })json"),
                  CallContext{{"1001"}, {{"note", "a \"quoted\"\nline \\ end"}}}, clock);
  Actions started = session.start();
  const HttpRequest* request = find_action<HttpRequest>(started);
  ASSERT_NE(request, nullptr);
  EXPECT_EQ(request->method, "POST");
  auto body = nlohmann::json::parse(request->body);
  EXPECT_EQ(body["caller"], "1001");
  EXPECT_EQ(body["note"], "said: a \"quoted\"\nline \\ end");
  EXPECT_EQ(body["n"], 1);
  EXPECT_EQ(request->headers,
            (std::vector<std::pair<std::string, std::string>>{{"Content-Type", "application/json"}}));
  // A 2xx without a response mapping goes on; without on_error a failure would hang up.
  EXPECT_TRUE(has_action<Finished>(session.on_event(HttpResult{request->token, 201, ""})));
}

TEST(IvrSessionHttpBody, NoErrorBranchHangsUp) {
  ManualClock clock;
  Session session(compile_ok(R"json({
    "name": "post", "start": "get",
    "nodes": {
      "get": {"type": "http", "url": "https://x.example/", "next": "bye"},
      "bye": {"type": "hangup"}
    }
  })json"),
                  CallContext{}, clock);
  Actions started = session.start();
  const HttpRequest* request = find_action<HttpRequest>(started);
  ASSERT_NE(request, nullptr);
  Actions actions = session.on_event(HttpResult{request->token, 404, ""});
  ASSERT_TRUE(has_action<Hangup>(actions));
  EXPECT_EQ(find_action<Hangup>(actions)->cause, "ivr_error");
}

TEST(IvrSessionHttpBody, LineBreaksCannotAddHeaders) {
  ManualClock clock;
  Session session(compile_ok(kBalanceFlow), CallContext{{}, {{"token", "t0k\r\nX-Evil: 1"}}}, clock);
  Actions started = session.start();
  const HttpRequest* request = find_action<HttpRequest>(started);
  ASSERT_NE(request, nullptr);
  EXPECT_EQ(request->headers.at(0).second, "Bearer t0kX-Evil: 1");
}

}  // namespace
}  // namespace hotline::ivr
