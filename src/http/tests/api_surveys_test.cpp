// GET /api/v1/surveys and the surveys in GET /api/v1/calls/{id} (IVR-9) through the dispatcher,
// on the real SQLite store: filters, pages, errors naming the parameter, and tenant scoping.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/api_dispatcher.hpp"
#include "http/api_routes.hpp"
#include "http/tests/test_support.hpp"

namespace hotline::http {
namespace {

using testing_support::kT0;
using testing_support::make_call;

class ApiSurveysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rig.store->calls().save_call_async(make_call(alice.tenant_id, "c1", "inbound", "+1555", "4000", kT0));
    add(alice.tenant_id, "c1", 7, "5", kT0 + 10);
    add(alice.tenant_id, "c1", 7, "4", kT0 + 20);
    add(alice.tenant_id, "c2", 8, "1", kT0 + 30);
    add(bob.tenant_id, "g1", 7, "2", kT0 + 40);
    rig.store->flush();
    token = rig.login(alice);
  }

  void add(store::TenantId tenant, const std::string& call, std::int64_t agent, const std::string& key,
           UnixMs at) {
    rig.store->surveys().add_async({0, tenant, call, agent, "10" + std::to_string(agent), "sales", "survey",
                                    "ask", "satisfaction", key, key[0] - '0', at});
  }

  nlohmann::json get_ok(const std::string& target) {
    ApiResponse response = dispatcher.handle({"GET", target, "Bearer " + token, "", ""});
    EXPECT_EQ(response.status, 200) << target << ": " << response.body;
    return nlohmann::json::parse(response.body);
  }

  std::vector<std::string> answers(const nlohmann::json& page) {
    std::vector<std::string> out;
    for (const auto& item : page["items"])
      out.push_back(item["call_id"].get<std::string>() + ":" + item["answer"].get<std::string>());
    return out;
  }

  testing_support::ServerRig rig;
  testing_support::TestUser alice = rig.add_tenant_with_user("acme", "alice");
  testing_support::TestUser bob = rig.add_tenant_with_user("globex", "bob");
  ApiDispatcher dispatcher{build_api_router(rig.deps()), *rig.auth};
  std::string token;
};

TEST_F(ApiSurveysTest, ListsTheTenantsAnswersNewestFirstWithEveryField) {
  auto page = get_ok("/api/v1/surveys");
  EXPECT_EQ(answers(page), (std::vector<std::string>{"c2:1", "c1:4", "c1:5"}));
  EXPECT_EQ(page["total"], 3);
  EXPECT_EQ(page["limit"], 50);
  EXPECT_EQ(page["offset"], 0);
  const auto& last = page["items"][2];
  EXPECT_EQ(last["agent_id"], 7);
  EXPECT_EQ(last["agent_extension"], "107");
  EXPECT_EQ(last["queue"], "sales");
  EXPECT_EQ(last["flow"], "survey");
  EXPECT_EQ(last["question"], "ask");
  EXPECT_EQ(last["variable"], "satisfaction");
  EXPECT_EQ(last["score"], 5);
  EXPECT_EQ(last["at"], kT0 + 10);
  EXPECT_FALSE(last.contains("tenant_id"));
}

TEST_F(ApiSurveysTest, FiltersByAgentCallAndTimeAndPages) {
  EXPECT_EQ(answers(get_ok("/api/v1/surveys?agent=8")), (std::vector<std::string>{"c2:1"}));
  EXPECT_EQ(answers(get_ok("/api/v1/surveys?call_id=c1")), (std::vector<std::string>{"c1:4", "c1:5"}));
  EXPECT_EQ(
      answers(get_ok("/api/v1/surveys?from=" + std::to_string(kT0 + 20) + "&to=" + std::to_string(kT0 + 30))),
      (std::vector<std::string>{"c1:4"}));
  auto page = get_ok("/api/v1/surveys?limit=1&offset=1");
  EXPECT_EQ(answers(page), (std::vector<std::string>{"c1:4"}));
  EXPECT_EQ(page["total"], 3);
}

TEST_F(ApiSurveysTest, ABadParameterIs400NamingIt) {
  for (const auto& [query, field] :
       std::vector<std::pair<std::string, std::string>>{{"agent=x", "agent"},
                                                        {"agent=0", "agent"},
                                                        {"call_id=", "call_id"},
                                                        {"from=20&to=10", "to"},
                                                        {"limit=501", "limit"},
                                                        {"offset=-1", "offset"}}) {
    ApiResponse response = dispatcher.handle({"GET", "/api/v1/surveys?" + query, "Bearer " + token, "", ""});
    EXPECT_EQ(response.status, 400) << query;
    auto error = nlohmann::json::parse(response.body)["error"];
    EXPECT_EQ(error["code"], "invalid_argument") << query;
    EXPECT_EQ(error["field"], field) << query;
  }
}

TEST_F(ApiSurveysTest, AnotherTenantsAnswersAreNotSeen) {
  EXPECT_TRUE(answers(get_ok("/api/v1/surveys?call_id=g1")).empty());
  EXPECT_EQ(get_ok("/api/v1/surveys?agent=7")["total"], 2);
}

TEST_F(ApiSurveysTest, ACallsDetailCarriesItsSurveyAnswers) {
  auto call = get_ok("/api/v1/calls/c1");
  ASSERT_EQ(call["surveys"].size(), 2u);
  EXPECT_EQ(call["surveys"][0]["score"], 5);
  EXPECT_EQ(call["surveys"][1]["score"], 4);
}

TEST_F(ApiSurveysTest, WithoutASessionIs401) {
  EXPECT_EQ(dispatcher.handle({"GET", "/api/v1/surveys", "", "", ""}).status, 401);
}

}  // namespace
}  // namespace hotline::http
