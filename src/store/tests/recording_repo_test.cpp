#include <gtest/gtest.h>

#include "store/tests/store_fixture.hpp"

namespace hotline::store::testing {
namespace {

class RecordingRepoTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    t1_ = make_tenant("one");
    t2_ = make_tenant("two");
    store_->calls().save_call_async({.id = "c1",
                                     .tenant_id = t1_,
                                     .direction = "internal",
                                     .caller = "1001",
                                     .callee = "1002",
                                     .started_at = kT0,
                                     .sip_call_id = "c1@sip"});
  }

  RecordingRecord recording(const std::string& id) {
    return {
        .id = id, .tenant_id = t1_, .call_id = "c1", .path = "recordings/" + id + ".wav", .started_at = kT0};
  }

  TenantId t1_ = 0;
  TenantId t2_ = 0;
};

TEST_F(RecordingRepoTest, SavedThenFinishedIsUpsertedAndScopedByTenant) {
  auto r = recording("r1");
  store_->recordings().save_async(r);
  store_->flush();
  ASSERT_EQ(store_->recordings().unfinished().size(), 1u);

  r.status = "complete";
  r.ended_at = kT0 + 5000;
  r.duration_ms = 5000;
  r.bytes = 160044;
  store_->recordings().save_async(r);
  store_->flush();
  auto got = store_->recordings().get(t1_, "r1");
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->status, "complete");
  EXPECT_EQ(got->duration_ms, 5000);
  EXPECT_EQ(got->channels, 2);
  EXPECT_TRUE(store_->recordings().unfinished().empty());
  EXPECT_EQ(store_->recordings().for_call(t1_, "c1").size(), 1u);
  EXPECT_TRUE(store_->recordings().for_call(t2_, "c1").empty());
  EXPECT_EQ(store_->recordings().get(t2_, "r1").error().code, ErrorCode::NotFound);
}

TEST_F(RecordingRepoTest, TenantRecordingModeDefaultsToStereoAndIsValidated) {
  EXPECT_EQ(store_->tenants().get(t1_)->recording_mode, "stereo");
  Tenant bad{.name = "bad", .sip_realm = "bad.example", .recording_mode = "loud"};
  auto created = store_->tenants().create(bad);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().field, "recording_mode");
}

}  // namespace
}  // namespace hotline::store::testing
