#include <gtest/gtest.h>

#include "store/tests/store_fixture.hpp"

namespace hotline::store::testing {
namespace {

using ReposTest = StoreTest;

TEST_F(ReposTest, TenantCreateGetList) {
  auto id = store_->tenants().create({.name = "acme", .sip_realm = "acme.test", .is_default = true});
  ASSERT_TRUE(id.ok()) << id.error().message;
  auto got = store_->tenants().get(*id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->name, "acme");
  EXPECT_EQ(got->sip_realm, "acme.test");
  EXPECT_TRUE(got->is_default);
  EXPECT_EQ(got->created_at, kT0);
  EXPECT_EQ(store_->tenants().list().size(), 1u);
  EXPECT_EQ(store_->tenants().get(*id + 1).error().code, ErrorCode::NotFound);
}

TEST_F(ReposTest, TenantNameConflictNamesTheField) {
  make_tenant("acme");
  auto again = store_->tenants().create({.name = "acme", .sip_realm = "other.test"});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::Conflict);
  EXPECT_EQ(again.error().field, "name");
  EXPECT_NE(again.error().message.find("name"), std::string::npos);
}

TEST_F(ReposTest, EmptyRequiredFieldIsInvalid) {
  auto created = store_->tenants().create({.name = "", .sip_realm = "x.test"});
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(created.error().field, "name");
}

TEST_F(ReposTest, UserCreateFindGetAndConflict) {
  TenantId t = make_tenant("acme");
  User u{.tenant_id = t,
         .username = "alice",
         .password_hash = "$argon2id$x",
         .role = "agent",
         .display_name = "Alice",
         .extension = "1001"};
  auto id = store_->users().create(u);
  ASSERT_TRUE(id.ok()) << id.error().message;
  auto found = store_->users().find_by_username("alice");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->id, *id);
  EXPECT_EQ(found->extension, "1001");
  EXPECT_EQ(found->role, "agent");
  EXPECT_EQ(store_->users().get(t, *id)->username, "alice");
  EXPECT_EQ(store_->users().find_by_username("bob").error().code, ErrorCode::NotFound);
  EXPECT_EQ(store_->users().get(t, *id + 100).error().code, ErrorCode::NotFound);

  auto again = store_->users().create(u);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::Conflict);
  EXPECT_EQ(again.error().field, "username");
}

TEST_F(ReposTest, UserOfUnknownTenantIsRejected) {
  auto id = store_->users().create({.tenant_id = 42, .username = "x", .password_hash = "h", .role = "agent"});
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().code, ErrorCode::InvalidArgument);
}

TEST_F(ReposTest, SessionCreateFindRemove) {
  TenantId t = make_tenant("acme");
  auto user =
      store_->users().create({.tenant_id = t, .username = "a", .password_hash = "h", .role = "admin"});
  ASSERT_TRUE(user.ok());
  Session s{.token_sha256 = "abc", .user_id = *user, .tenant_id = t, .expires_at = kT0 + 1000};
  ASSERT_TRUE(store_->sessions().create(s).ok());
  auto found = store_->sessions().find("abc");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->user_id, *user);
  EXPECT_EQ(found->expires_at, kT0 + 1000);
  EXPECT_EQ(store_->sessions().create(s).error().code, ErrorCode::Conflict);
  ASSERT_TRUE(store_->sessions().remove("abc").ok());
  EXPECT_EQ(store_->sessions().find("abc").error().code, ErrorCode::NotFound);
  EXPECT_EQ(store_->sessions().remove("abc").error().code, ErrorCode::NotFound);
}

TEST_F(ReposTest, ExtensionCreateFindListAndConflictPerTenant) {
  TenantId t1 = make_tenant("one");
  TenantId t2 = make_tenant("two");
  Extension e{
      .tenant_id = t1, .extension = "1001", .display_name = "Front desk", .ha1_md5 = "m", .ha1_sha256 = "s"};
  ASSERT_TRUE(store_->extensions().create(e).ok());
  e.extension = "1000";
  ASSERT_TRUE(store_->extensions().create(e).ok());
  e.tenant_id = t2;
  ASSERT_TRUE(store_->extensions().create(e).ok()) << "same extension in another tenant is fine";

  auto found = store_->extensions().find(t1, "1001");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->display_name, "Front desk");
  EXPECT_TRUE(found->enabled);
  EXPECT_EQ(store_->extensions().find(t2, "1001").error().code, ErrorCode::NotFound);
  auto list = store_->extensions().list(t1);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].extension, "1000");

  auto again = store_->extensions().create(e);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::Conflict);
  EXPECT_EQ(again.error().field, "tenant_id, extension");
}

TEST_F(ReposTest, DoNotDisturbIsSetPerExtensionOfItsTenant) {
  TenantId t1 = make_tenant("one");
  TenantId t2 = make_tenant("two");
  ASSERT_TRUE(
      store_->extensions().create({.tenant_id = t1, .extension = "1001", .ha1_md5 = "m", .ha1_sha256 = "s"}));
  EXPECT_FALSE(store_->extensions().find(t1, "1001")->dnd);
  ASSERT_TRUE(store_->extensions().set_dnd(t1, "1001", true));
  EXPECT_TRUE(store_->extensions().find(t1, "1001")->dnd);
  EXPECT_TRUE(store_->extensions().list(t1).front().dnd);
  EXPECT_EQ(store_->extensions().set_dnd(t2, "1001", true).error().code, ErrorCode::NotFound);
  ASSERT_TRUE(store_->extensions().set_dnd(t1, "1001", false));
  EXPECT_FALSE(store_->extensions().find(t1, "1001")->dnd);
}

TEST_F(ReposTest, TrunkCreateGetListAllAndTenantScope) {
  TenantId t1 = make_tenant("one");
  TenantId t2 = make_tenant("two");
  auto id = store_->trunks().create({.tenant_id = t1,
                                     .name = "carrier",
                                     .host = "10.0.0.1",
                                     .port = 5080,
                                     .username = "u",
                                     .password = "p"});
  ASSERT_TRUE(id.ok()) << id.error().message;
  auto got = store_->trunks().get(t1, *id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->port, 5080);
  EXPECT_EQ(got->transport, "udp");
  EXPECT_EQ(got->password, "p");
  EXPECT_EQ(store_->trunks().get(t2, *id).error().code, ErrorCode::NotFound);
  ASSERT_TRUE(store_->trunks().create({.tenant_id = t2, .name = "carrier", .host = "10.0.0.2"}).ok());
  EXPECT_EQ(store_->trunks().list_all().size(), 2u);
  auto dup = store_->trunks().create({.tenant_id = t1, .name = "carrier", .host = "h"});
  EXPECT_EQ(dup.error().code, ErrorCode::Conflict);
}

TEST_F(ReposTest, NumbersAndOutboundRoutes) {
  TenantId t = make_tenant("one");
  auto trunk = store_->trunks().create({.tenant_id = t, .name = "carrier", .host = "10.0.0.1"});
  ASSERT_TRUE(trunk.ok());
  ASSERT_TRUE(
      store_->numbers()
          .create({.tenant_id = t, .pattern = "4000", .target_type = "ring_all", .target = "1001,1002"})
          .ok());
  ASSERT_TRUE(store_->numbers()
                  .create({.tenant_id = t,
                           .trunk_id = *trunk,
                           .pattern = "8610X.",
                           .target_type = "extension",
                           .target = "1001"})
                  .ok());
  auto numbers = store_->numbers().list(t);
  ASSERT_EQ(numbers.size(), 2u);
  EXPECT_FALSE(numbers[0].trunk_id.has_value());
  EXPECT_EQ(numbers[1].trunk_id, *trunk);

  ASSERT_TRUE(store_->outbound_routes().create({.tenant_id = t, .pattern = "0.", .trunk_id = *trunk}).ok());
  ASSERT_TRUE(store_->outbound_routes()
                  .create({.tenant_id = t,
                           .pattern = "00.",
                           .trunk_id = *trunk,
                           .priority = 10,
                           .strip_digits = 2,
                           .prepend = "+"})
                  .ok());
  auto routes = store_->outbound_routes().list(t);
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[0].pattern, "00.");
  EXPECT_EQ(routes[0].strip_digits, 2);
  EXPECT_EQ(routes[0].prepend, "+");
  EXPECT_EQ(routes[1].priority, 100);
}

TEST_F(ReposTest, OutboundRouteKeepsItsWindowCostAndCallerIdAndRefusesBadOnes) {
  TenantId t = make_tenant("one");
  auto trunk = store_->trunks().create({.tenant_id = t, .name = "carrier", .host = "10.0.0.9"});
  ASSERT_TRUE(trunk.ok());
  OutboundRoute office{.tenant_id = t, .pattern = "0.", .trunk_id = *trunk};
  office.cost_per_minute = 7;
  office.open_days = 0x1F;  // Monday-Friday
  office.open_from_minute = 8 * 60;
  office.open_to_minute = 18 * 60;
  office.caller_id_mode = "fixed";
  office.caller_id = "+86105550000";
  ASSERT_TRUE(store_->outbound_routes().create(office).ok());
  auto routes = store_->outbound_routes().list(t);
  ASSERT_EQ(routes.size(), 1u);
  EXPECT_EQ(routes[0].cost_per_minute, 7);
  EXPECT_EQ(routes[0].open_days, 0x1F);
  EXPECT_EQ(routes[0].open_from_minute, 480);
  EXPECT_EQ(routes[0].open_to_minute, 1080);
  EXPECT_EQ(routes[0].caller_id_mode, "fixed");
  EXPECT_EQ(routes[0].caller_id, "+86105550000");

  auto refused = [&](OutboundRoute r, const char* field) {
    auto created = store_->outbound_routes().create(r);
    ASSERT_FALSE(created.ok()) << field;
    EXPECT_EQ(created.error().field, field);
  };
  OutboundRoute bad = office;
  bad.caller_id = "main line";
  refused(bad, "caller_id");
  bad = office;
  bad.caller_id_mode = "random";
  refused(bad, "caller_id_mode");
  bad = office;
  bad.open_days = 0;
  refused(bad, "open_days");
  bad = office;
  bad.open_to_minute = 1441;
  refused(bad, "open_from_minute");
  bad = office;
  bad.cost_per_minute = -1;
  refused(bad, "cost_per_minute");
}

TEST_F(ReposTest, RegistrationsUpsertRemoveAndExpiry) {
  TenantId t = make_tenant("one");
  Registration r{.tenant_id = t,
                 .extension = "1001",
                 .contact = "sip:1001@10.0.0.5:5060",
                 .source = "udp:10.0.0.5:5060",
                 .user_agent = "phone",
                 .expires_at = kT0 + 3600'000};
  store_->registrations().upsert_async(r);
  r.expires_at = kT0 + 60'000;
  store_->registrations().upsert_async(r);
  store_->registrations().upsert_async(
      {.tenant_id = t, .extension = "1002", .contact = "sip:1002@h", .source = "s", .expires_at = kT0 - 1});
  store_->flush();
  auto live = store_->registrations().list_unexpired(kT0);
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(live[0].expires_at, kT0 + 60'000);
  EXPECT_EQ(live[0].source, "udp:10.0.0.5:5060");
  store_->registrations().remove_async(t, "1001", "sip:1001@10.0.0.5:5060");
  store_->flush();
  EXPECT_TRUE(store_->registrations().list_unexpired(kT0).empty());
}

TEST_F(ReposTest, TenantSettingsAreValidatedAndUpdated) {
  auto id = *store_->tenants().create({.name = "acme", .sip_realm = "acme.test"});
  auto tenant = *store_->tenants().get(id);
  EXPECT_EQ(tenant.music_class, "default");
  tenant.music_class = "jazz";
  tenant.recording_mode = "mono";
  ASSERT_TRUE(store_->tenants().update_settings(tenant));
  EXPECT_EQ(store_->tenants().get(id)->music_class, "jazz");
  EXPECT_EQ(store_->tenants().get(id)->recording_mode, "mono");
  tenant.recording_mode = "loud";
  EXPECT_EQ(store_->tenants().update_settings(tenant).error().field, "recording_mode");
  tenant.recording_mode = "off";
  tenant.id = 999;
  EXPECT_EQ(store_->tenants().update_settings(tenant).error().code, ErrorCode::NotFound);
}

TEST_F(ReposTest, TollPrefixesDefaultToInternationalAndAreValidated) {
  auto id = *store_->tenants().create({.name = "acme", .sip_realm = "acme.test"});
  auto tenant = *store_->tenants().get(id);
  EXPECT_EQ(tenant.international_prefixes, "00,+");
  EXPECT_EQ(tenant.premium_prefixes, "");
  tenant.premium_prefixes = "1900,168";
  tenant.international_prefixes = "00";
  ASSERT_TRUE(store_->tenants().update_settings(tenant));
  EXPECT_EQ(store_->tenants().get(id)->premium_prefixes, "1900,168");
  EXPECT_EQ(store_->tenants().get(id)->international_prefixes, "00");
  for (const char* bad : {"00,", ",00", "0+0", "00;+", "++1", "1900,,168"}) {
    tenant.premium_prefixes = bad;
    EXPECT_EQ(store_->tenants().update_settings(tenant).error().field, "premium_prefixes") << bad;
  }
}

TEST_F(ReposTest, ANumberIsPublicOnlyWhenMarkedSo) {
  auto tenant = *store_->tenants().create({.name = "acme", .sip_realm = "acme.test"});
  store::Number hidden{.tenant_id = tenant, .pattern = "4000", .target_type = "extension", .target = "1001"};
  store::Number open = hidden;
  open.pattern = "4100";
  open.is_public = true;
  ASSERT_TRUE(store_->numbers().create(hidden));
  ASSERT_TRUE(store_->numbers().create(open));
  auto numbers = store_->numbers().list(tenant);
  ASSERT_EQ(numbers.size(), 2u);
  EXPECT_FALSE(numbers[0].is_public);
  EXPECT_TRUE(numbers[1].is_public);
}

}  // namespace
}  // namespace hotline::store::testing
