// Survey answers (IVR-9) and a queue's survey flow, on a real SQLite file.
#include <gtest/gtest.h>

#include "store/tests/store_fixture.hpp"

namespace hotline::store {
namespace {

using testing::kT0;
using testing::StoreTest;

class SurveyRepoTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    acme_ = make_tenant("acme");
    other_ = make_tenant("other");
  }

  SurveyRecord answer(TenantId tenant, const std::string& call, std::optional<std::int64_t> agent,
                      const std::string& key, UnixMs at) {
    std::optional<std::int64_t> score;
    if (key.size() == 1 && key[0] >= '0' && key[0] <= '9') score = key[0] - '0';
    return {0,
            tenant,
            call,
            agent,
            agent ? std::optional<std::string>("100" + std::to_string(*agent)) : std::nullopt,
            "sales",
            "survey",
            "ask",
            "satisfaction",
            key,
            score,
            at};
  }

  TenantId acme_ = 0;
  TenantId other_ = 0;
};

TEST_F(SurveyRepoTest, AnswersAreStoredAgainstCallAndAgentAndReadBackInOrder) {
  store_->surveys().add_async(answer(acme_, "c1", 1, "5", kT0 + 10));
  store_->surveys().add_async(answer(acme_, "c1", 1, "#", kT0 + 20));
  store_->flush();
  auto rows = store_->surveys().for_call(acme_, "c1");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_GT(rows[0].id, 0);
  EXPECT_EQ(rows[0].user_id, 1);
  EXPECT_EQ(rows[0].agent_extension, "1001");
  EXPECT_EQ(rows[0].queue, "sales");
  EXPECT_EQ(rows[0].flow, "survey");
  EXPECT_EQ(rows[0].question, "ask");
  EXPECT_EQ(rows[0].variable, "satisfaction");
  EXPECT_EQ(rows[0].answer, "5");
  EXPECT_EQ(rows[0].score, 5);
  EXPECT_EQ(rows[0].at, kT0 + 10);
  EXPECT_EQ(rows[1].answer, "#");
  EXPECT_FALSE(rows[1].score);
  EXPECT_TRUE(store_->surveys().for_call(other_, "c1").empty()) << "another tenant sees nothing";
}

TEST_F(SurveyRepoTest, QueriesFilterByAgentCallAndTimeNewestFirstAndPage) {
  store_->surveys().add_async(answer(acme_, "c1", 1, "5", kT0 + 10));
  store_->surveys().add_async(answer(acme_, "c2", 2, "3", kT0 + 20));
  store_->surveys().add_async(answer(acme_, "c3", 1, "4", kT0 + 30));
  store_->surveys().add_async(answer(acme_, "c4", std::nullopt, "1", kT0 + 40));
  store_->surveys().add_async(answer(other_, "c9", 1, "2", kT0 + 50));
  store_->flush();

  SurveyQuery all{acme_};
  EXPECT_EQ(store_->surveys().count(all), 4);
  auto newest = store_->surveys().query(all);
  ASSERT_EQ(newest.size(), 4u);
  EXPECT_EQ(newest[0].call_id, "c4");
  EXPECT_EQ(newest[3].call_id, "c1");

  SurveyQuery agent{acme_, 1};
  auto by_agent = store_->surveys().query(agent);
  ASSERT_EQ(by_agent.size(), 2u);
  EXPECT_EQ(by_agent[0].call_id, "c3");
  EXPECT_EQ(by_agent[1].call_id, "c1");

  SurveyQuery call{acme_, std::nullopt, "c2"};
  EXPECT_EQ(store_->surveys().count(call), 1);

  SurveyQuery window{acme_, std::nullopt, std::nullopt, kT0 + 20, kT0 + 40};
  auto in_window = store_->surveys().query(window);
  ASSERT_EQ(in_window.size(), 2u);
  EXPECT_EQ(in_window[0].call_id, "c3");
  EXPECT_EQ(in_window[1].call_id, "c2");

  SurveyQuery page{acme_};
  page.limit = 2;
  page.offset = 1;
  auto second_page = store_->surveys().query(page);
  ASSERT_EQ(second_page.size(), 2u);
  EXPECT_EQ(second_page[0].call_id, "c3");
  EXPECT_EQ(second_page[1].call_id, "c2");
  EXPECT_EQ(store_->surveys().count(page), 4) << "the count ignores the page";
}

TEST_F(SurveyRepoTest, AQueueKeepsItsSurveyFlow) {
  Queue q;
  q.tenant_id = acme_;
  q.name = "sales";
  EXPECT_FALSE(store_->queues().get(acme_, *store_->queues().create(q))->survey_flow);
  q.name = "support";
  q.survey_flow = "satisfaction";
  auto id = store_->queues().create(q);
  ASSERT_TRUE(id) << id.error().message;
  auto stored = store_->queues().get(acme_, *id);
  EXPECT_EQ(stored->survey_flow, "satisfaction");
  stored->survey_flow.reset();
  ASSERT_TRUE(store_->queues().update(*stored));
  EXPECT_FALSE(store_->queues().get(acme_, *id)->survey_flow);
  q.name = "bad";
  q.survey_flow = "";
  EXPECT_EQ(store_->queues().create(q).error().field, "survey_flow");
}

}  // namespace
}  // namespace hotline::store
