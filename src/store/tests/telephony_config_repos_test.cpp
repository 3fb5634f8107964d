// Trunks, numbers and outbound routes changed and removed (ADM-2, PBX-8), and the tenant's
// not-ready reasons (ACD-9): each scoped by tenant.
#include <gtest/gtest.h>

#include "store/tests/store_fixture.hpp"

namespace hotline::store::testing {
namespace {

using TelephonyConfigReposTest = StoreTest;

TEST_F(TelephonyConfigReposTest, TrunkUpdateListAndRemoveStayInTheTenant) {
  TenantId t1 = make_tenant("one");
  TenantId t2 = make_tenant("two");
  auto id = store_->trunks().create({.tenant_id = t1, .name = "carrier", .host = "10.0.0.1"});
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(store_->trunks().create({.tenant_id = t1, .name = "backup", .host = "10.0.0.2"}).ok());
  Trunk changed = store_->trunks().get(t1, *id).value();
  changed.port = 5070;
  changed.transport = "tcp";
  changed.password = "s3cret";
  ASSERT_TRUE(store_->trunks().update(changed).ok());
  EXPECT_EQ(store_->trunks().get(t1, *id)->port, 5070);
  EXPECT_EQ(store_->trunks().get(t1, *id)->password, "s3cret");

  changed.name = "backup";
  EXPECT_EQ(store_->trunks().update(changed).error().code, ErrorCode::Conflict);
  changed.name = "carrier";
  changed.transport = "sctp";
  EXPECT_EQ(store_->trunks().update(changed).error().field, "transport");
  changed.transport = "udp";
  changed.tenant_id = t2;
  EXPECT_EQ(store_->trunks().update(changed).error().code, ErrorCode::NotFound);

  auto names = store_->trunks().list(t1);
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[0].name, "backup");
  EXPECT_TRUE(store_->trunks().list(t2).empty());
  EXPECT_EQ(store_->trunks().remove(t2, *id).error().code, ErrorCode::NotFound);
  ASSERT_TRUE(store_->trunks().remove(t1, *id).ok());
  EXPECT_EQ(store_->trunks().list(t1).size(), 1u);
}

TEST_F(TelephonyConfigReposTest, NumberGetUpdateRemove) {
  TenantId t1 = make_tenant("one");
  TenantId t2 = make_tenant("two");
  auto id = store_->numbers().create(
      {.tenant_id = t1, .pattern = "4000", .target_type = "extension", .target = "1001"});
  ASSERT_TRUE(id.ok());
  Number n = store_->numbers().get(t1, *id).value();
  EXPECT_EQ(n.target, "1001");
  n.target_type = "queue";
  n.target = "sales";
  ASSERT_TRUE(store_->numbers().update(n).ok());
  EXPECT_EQ(store_->numbers().get(t1, *id)->target_type, "queue");
  EXPECT_EQ(store_->numbers().get(t2, *id).error().code, ErrorCode::NotFound);
  n.target = "";
  EXPECT_EQ(store_->numbers().update(n).error().field, "target");
  EXPECT_EQ(store_->numbers().remove(t2, *id).error().code, ErrorCode::NotFound);
  ASSERT_TRUE(store_->numbers().remove(t1, *id).ok());
  EXPECT_TRUE(store_->numbers().list(t1).empty());
}

TEST_F(TelephonyConfigReposTest, OutboundRouteGetUpdateRemove) {
  TenantId t1 = make_tenant("one");
  TenantId t2 = make_tenant("two");
  auto trunk = store_->trunks().create({.tenant_id = t1, .name = "carrier", .host = "10.0.0.1"});
  ASSERT_TRUE(trunk.ok());
  auto id = store_->outbound_routes().create({.tenant_id = t1, .pattern = "9.", .trunk_id = *trunk});
  ASSERT_TRUE(id.ok());
  OutboundRoute r = store_->outbound_routes().get(t1, *id).value();
  r.strip_digits = 1;
  r.open_days = 0x1F;
  r.open_from_minute = 8 * 60;
  r.open_to_minute = 18 * 60;
  r.caller_id_mode = "fixed";
  r.caller_id = "01055550000";
  ASSERT_TRUE(store_->outbound_routes().update(r).ok());
  OutboundRoute got = store_->outbound_routes().get(t1, *id).value();
  EXPECT_EQ(got.open_days, 0x1F);
  EXPECT_EQ(got.open_to_minute, 18 * 60);
  EXPECT_EQ(got.caller_id, "01055550000");
  r.caller_id = "abc";
  EXPECT_EQ(store_->outbound_routes().update(r).error().field, "caller_id");
  EXPECT_EQ(store_->outbound_routes().get(t2, *id).error().code, ErrorCode::NotFound);
  // The route still uses the trunk: the database refuses to delete it.
  EXPECT_FALSE(store_->trunks().remove(t1, *trunk).ok());
  ASSERT_TRUE(store_->outbound_routes().remove(t1, *id).ok());
  EXPECT_TRUE(store_->trunks().remove(t1, *trunk).ok());
}

TEST_F(TelephonyConfigReposTest, NotReadyReasonsByTenantInTheirOrder) {
  TenantId t1 = make_tenant("one");
  TenantId t2 = make_tenant("two");
  auto lunch = store_->not_ready_reasons().create({.tenant_id = t1,
                                                   .code = "lunch",
                                                   .name_zh = "就餐",
                                                   .name_en = "Lunch",
                                                   .max_minutes = 60,
                                                   .sort_order = 2});
  ASSERT_TRUE(lunch.ok());
  ASSERT_TRUE(
      store_->not_ready_reasons()
          .create(
              {.tenant_id = t1, .code = "training", .name_zh = "培训", .productive = true, .sort_order = 1})
          .ok());
  auto reasons = store_->not_ready_reasons().list(t1);
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_EQ(reasons[0].code, "training");
  EXPECT_TRUE(reasons[0].productive);
  EXPECT_FALSE(reasons[0].max_minutes.has_value());
  EXPECT_EQ(reasons[1].max_minutes, 60);
  EXPECT_TRUE(store_->not_ready_reasons().list(t2).empty());

  auto again = store_->not_ready_reasons().create({.tenant_id = t1, .code = "lunch", .name_zh = "午饭"});
  EXPECT_EQ(again.error().code, ErrorCode::Conflict);
  EXPECT_TRUE(store_->not_ready_reasons().create({.tenant_id = t2, .code = "lunch", .name_zh = "午饭"}).ok());
  EXPECT_EQ(store_->not_ready_reasons().create({.tenant_id = t1, .code = "x", .name_zh = ""}).error().field,
            "name_zh");

  NotReadyReason changed = store_->not_ready_reasons().get(t1, *lunch).value();
  changed.enabled = false;
  changed.max_minutes.reset();
  ASSERT_TRUE(store_->not_ready_reasons().update(changed).ok());
  EXPECT_FALSE(store_->not_ready_reasons().get(t1, *lunch)->enabled);
  EXPECT_FALSE(store_->not_ready_reasons().get(t1, *lunch)->max_minutes.has_value());
  EXPECT_EQ(store_->not_ready_reasons().remove(t2, *lunch).error().code, ErrorCode::NotFound);
  ASSERT_TRUE(store_->not_ready_reasons().remove(t1, *lunch).ok());
  EXPECT_EQ(store_->not_ready_reasons().get(t1, *lunch).error().code, ErrorCode::NotFound);
}

}  // namespace
}  // namespace hotline::store::testing
