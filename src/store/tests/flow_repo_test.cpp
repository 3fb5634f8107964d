#include <gtest/gtest.h>

#include "store/tests/store_fixture.hpp"

namespace hotline::store {
namespace {

using testing::kT0;
using testing::StoreTest;

class FlowRepoTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    acme_ = *store_->tenants().create({.name = "acme", .sip_realm = "acme.test"});
    other_ = *store_->tenants().create({.name = "other", .sip_realm = "other.test"});
  }

  std::int64_t create(const std::string& name, TenantId tenant = 0) {
    Flow f;
    f.tenant_id = tenant ? tenant : acme_;
    f.name = name;
    f.draft = R"({"start":"hello","nodes":{}})";
    auto id = store_->flows().create(f);
    EXPECT_TRUE(id) << id.error().message;
    return id ? *id : 0;
  }

  TenantId acme_ = 0;
  TenantId other_ = 0;
};

TEST_F(FlowRepoTest, PublishingCreatesNumberedImmutableVersions) {
  auto id = create("main");
  EXPECT_FALSE(store_->flows().published(acme_, "main")) << "nothing published yet";
  auto v1 = store_->flows().publish(acme_, id, R"({"v":1})", "admin", kT0);
  ASSERT_TRUE(v1) << v1.error().message;
  EXPECT_EQ(*v1, 1);
  auto v2 = store_->flows().publish(acme_, id, R"({"v":2})", "admin", kT0 + 1000);
  ASSERT_TRUE(v2);
  EXPECT_EQ(*v2, 2);

  auto live = store_->flows().published(acme_, "main");
  ASSERT_TRUE(live) << live.error().message;
  EXPECT_EQ(live->version, 2);
  EXPECT_EQ(live->definition, R"({"v":2})");
  EXPECT_EQ(live->published_by, "admin");
  auto first = store_->flows().version(acme_, id, 1);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->definition, R"({"v":1})") << "an old version stays as it was";
  EXPECT_EQ(store_->flows().get(acme_, id)->published_version, 2);
}

TEST_F(FlowRepoTest, EveryOperationIsScopedByTenant) {
  auto id = create("main");
  EXPECT_EQ(store_->flows().get(other_, id).error().code, ErrorCode::NotFound);
  EXPECT_EQ(store_->flows().publish(other_, id, "{}", "x", kT0).error().code, ErrorCode::NotFound);
  EXPECT_EQ(store_->flows().remove(other_, id).error().code, ErrorCode::NotFound);
  Flow stolen = *store_->flows().get(acme_, id);
  stolen.tenant_id = other_;
  EXPECT_EQ(store_->flows().update(stolen).error().code, ErrorCode::NotFound);
  EXPECT_TRUE(store_->flows().list(other_).empty());
  create("main", other_);  // the same name in another tenant is fine
  EXPECT_EQ(store_->flows().list(other_).size(), 1u);
}

TEST_F(FlowRepoTest, NamesAreUniquePerTenantAndRequired) {
  create("main");
  Flow dup{0, acme_, "main", "", "{}"};
  auto again = store_->flows().create(dup);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::Conflict);
  Flow unnamed{0, acme_, "", "", "{}"};
  EXPECT_EQ(store_->flows().create(unnamed).error().field, "name");
}

TEST_F(FlowRepoTest, UpdateAndRemove) {
  auto id = create("main");
  ASSERT_TRUE(store_->flows().publish(acme_, id, "{}", "admin", kT0));
  Flow f = *store_->flows().get(acme_, id);
  f.description = "the 12345 line";
  f.draft = R"({"changed":true})";
  ASSERT_TRUE(store_->flows().update(f));
  EXPECT_EQ(store_->flows().find(acme_, "main")->description, "the 12345 line");
  ASSERT_TRUE(store_->flows().remove(acme_, id));
  EXPECT_FALSE(store_->flows().get(acme_, id));
  EXPECT_FALSE(store_->flows().version(acme_, id, 1)) << "its versions went with it";
}

}  // namespace
}  // namespace hotline::store
