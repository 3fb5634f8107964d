// /api/v1/todos (CTI-4) through the dispatcher on the real SQLite store: a user's own to-dos only,
// the fields' checks naming the field, done and the reminder's re-arming, and the lists' orders.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/api_dispatcher.hpp"
#include "http/api_routes.hpp"
#include "http/tests/test_support.hpp"

namespace hotline::http {
namespace {

class ApiTodosTest : public ::testing::Test {
 protected:
  ApiResponse call(const std::string& token, const std::string& method, const std::string& target,
                   const nlohmann::json& body = nullptr) {
    return dispatcher.handle({method, target, "Bearer " + token, "", body.is_null() ? "" : body.dump()});
  }
  nlohmann::json ok(int status, const ApiResponse& response) {
    EXPECT_EQ(response.status, status) << response.body;
    return response.body.empty() ? nlohmann::json() : nlohmann::json::parse(response.body);
  }
  // The field a 400 names.
  std::string refused_field(const nlohmann::json& body, const std::string& method = "POST",
                            const std::string& target = "/api/v1/todos") {
    auto response = call(ann_token, method, target, body);
    EXPECT_EQ(response.status, 400) << body.dump() << ": " << response.body;
    return nlohmann::json::parse(response.body)["error"].value("field", "");
  }
  std::vector<std::string> titles(const std::string& target) {
    std::vector<std::string> out;
    auto page = ok(200, call(ann_token, "GET", target));
    for (const auto& item : page["items"]) out.push_back(item["title"]);
    return out;
  }

  testing_support::ServerRig rig;
  testing_support::TestUser admin = rig.add_tenant_with_user("acme", "admin");
  testing_support::TestUser ann = rig.add_user(admin.tenant_id, "ann", "agent", "1001");
  testing_support::TestUser bob = rig.add_user(admin.tenant_id, "bob", "agent", "1002");
  testing_support::TestUser handler = rig.add_user(admin.tenant_id, "dora", "department_handler");
  ApiDispatcher dispatcher{build_api_router(rig.deps()), *rig.auth};
  std::string ann_token = rig.login(ann);
  std::string bob_token = rig.login(bob);
};

TEST_F(ApiTodosTest, AnAgentNotesAToDoWithAReminderAndOnlySheSeesIt) {
  UnixMs now = rig.clock.now_ms();
  auto todo = ok(201, call(ann_token, "POST", "/api/v1/todos",
                           {{"title", "给李先生回电"},
                            {"notes", "about the water bill"},
                            {"remind_at", now + 600'000},
                            {"due_at", now + 3'600'000},
                            {"call_id", "c-17"},
                            {"customer_number", "13800138000"}}));
  EXPECT_EQ(todo["title"], "给李先生回电");
  EXPECT_EQ(todo["remind_at"], now + 600'000);
  EXPECT_EQ(todo["reminded_at"], nullptr);
  EXPECT_EQ(todo["done"], false);
  EXPECT_EQ(todo["call_id"], "c-17");
  EXPECT_EQ(todo["customer_number"], "13800138000");
  EXPECT_FALSE(todo.contains("user_id"));
  std::string path = "/api/v1/todos/" + std::to_string(todo["id"].get<std::int64_t>());
  EXPECT_EQ(ok(200, call(ann_token, "GET", path)), todo);

  EXPECT_EQ(call(bob_token, "GET", path).status, 404);
  EXPECT_EQ(call(bob_token, "PATCH", path, {{"done", true}}).status, 404);
  EXPECT_EQ(call(bob_token, "DELETE", path).status, 404);
  EXPECT_EQ(ok(200, call(bob_token, "GET", "/api/v1/todos"))["total"], 0);
  EXPECT_EQ(ok(200, call(rig.login(handler), "GET", "/api/v1/todos"))["items"].size(), 0u);

  ok(204, call(ann_token, "DELETE", path));
  EXPECT_EQ(call(ann_token, "GET", path).status, 404);
  EXPECT_EQ(call(ann_token, "GET", "/api/v1/todos/nope").status, 404);
}

TEST_F(ApiTodosTest, BadFieldsAreNamed) {
  EXPECT_EQ(refused_field({{"notes", "no title"}}), "title");
  EXPECT_EQ(refused_field({{"title", "   "}}), "title");
  EXPECT_EQ(refused_field({{"title", std::string(201, 'x')}}), "title");
  std::string chinese_200;
  for (int i = 0; i < 200; ++i) chinese_200 += "办";
  EXPECT_EQ(call(ann_token, "POST", "/api/v1/todos", {{"title", chinese_200}}).status, 201);
  EXPECT_EQ(refused_field({{"title", "t"}, {"notes", std::string(4001, 'n')}}), "notes");
  EXPECT_EQ(refused_field({{"title", "t"}, {"remind_at", "tomorrow"}}), "remind_at");
  EXPECT_EQ(refused_field({{"title", "t"}, {"due_at", -1}}), "due_at");
  EXPECT_EQ(refused_field({{"title", "t"}, {"customer_number", std::string(33, '1')}}), "customer_number");
  EXPECT_EQ(refused_field({{"title", "t"}, {"owner", 12}}), "owner");
  EXPECT_EQ(refused_field({{"title", "t"}, {"done", true}}), "done");  // a new to-do is open
  EXPECT_EQ(refused_field(nlohmann::json::array()), "body");
  auto id = ok(201, call(ann_token, "POST", "/api/v1/todos", {{"title", "t"}}))["id"].get<std::int64_t>();
  std::string path = "/api/v1/todos/" + std::to_string(id);
  EXPECT_EQ(refused_field({{"done", "yes"}}, "PATCH", path), "done");
  EXPECT_EQ(refused_field({{"call_id", "c-2"}}, "PATCH", path), "call_id");
  EXPECT_EQ(refused_field({{"title", ""}}, "PATCH", path), "title");
  EXPECT_EQ(refused_field({{"title", "t"}}, "GET", "/api/v1/todos?state=later"), "state");
  EXPECT_EQ(refused_field({{"title", "t"}}, "GET", "/api/v1/todos?limit=0"), "limit");
}

TEST_F(ApiTodosTest, DoneSnoozedAndDismissed) {
  UnixMs now = rig.clock.now_ms();
  auto id = ok(201, call(ann_token, "POST", "/api/v1/todos", {{"title", "t"}, {"remind_at", now}}))["id"]
                .get<std::int64_t>();
  std::string path = "/api/v1/todos/" + std::to_string(id);
  // The reminder thread pops it (no thread here: the store's own step).
  auto todo = *rig.store->todos().get(ann.tenant_id, ann.user_id, id);
  ASSERT_TRUE(rig.store->todos().mark_reminded(todo, now));
  EXPECT_EQ(ok(200, call(ann_token, "GET", path))["reminded_at"], now);

  auto snoozed = ok(200, call(ann_token, "PATCH", path, {{"remind_at", now + 600'000}}));
  EXPECT_EQ(snoozed["remind_at"], now + 600'000);
  EXPECT_EQ(snoozed["reminded_at"], nullptr);  // armed again

  auto dismissed = ok(200, call(ann_token, "PATCH", path, {{"remind_at", nullptr}, {"notes", "later"}}));
  EXPECT_EQ(dismissed["remind_at"], nullptr);
  EXPECT_EQ(dismissed["notes"], "later");

  auto done = ok(200, call(ann_token, "PATCH", path, {{"done", true}}));
  EXPECT_EQ(done["done"], true);
  EXPECT_EQ(done["done_at"], rig.clock.now_ms());
  EXPECT_EQ(ok(200, call(ann_token, "PATCH", path, {{"done", true}}))["done_at"], done["done_at"]);
  auto reopened = ok(200, call(ann_token, "PATCH", path, {{"done", false}}));
  EXPECT_EQ(reopened["done"], false);
  EXPECT_EQ(reopened["done_at"], nullptr);
}

TEST_F(ApiTodosTest, ListsOpenSoonestFirstAndDoneLatestFirst) {
  UnixMs now = rig.clock.now_ms();
  ok(201, call(ann_token, "POST", "/api/v1/todos", {{"title", "whenever"}}));
  ok(201, call(ann_token, "POST", "/api/v1/todos", {{"title", "tomorrow"}, {"due_at", now + 86'400'000}}));
  ok(201,
     call(ann_token, "POST", "/api/v1/todos", {{"title", "in an hour"}, {"remind_at", now + 3'600'000}}));
  auto finished = ok(201, call(ann_token, "POST", "/api/v1/todos", {{"title", "finished"}}))["id"];
  ok(200, call(ann_token, "PATCH", "/api/v1/todos/" + std::to_string(finished.get<std::int64_t>()),
               {{"done", true}}));

  EXPECT_EQ(titles("/api/v1/todos"), (std::vector<std::string>{"in an hour", "tomorrow", "whenever"}));
  EXPECT_EQ(titles("/api/v1/todos?state=done"), std::vector<std::string>{"finished"});
  EXPECT_EQ(titles("/api/v1/todos?state=all").size(), 4u);
  auto page = ok(200, call(ann_token, "GET", "/api/v1/todos?limit=1&offset=1"));
  EXPECT_EQ(page["total"], 3);
  ASSERT_EQ(page["items"].size(), 1u);
  EXPECT_EQ(page["items"][0]["title"], "tomorrow");
}

}  // namespace
}  // namespace hotline::http
