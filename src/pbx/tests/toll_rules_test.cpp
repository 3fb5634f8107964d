#include "pbx/toll_rules.hpp"

#include <gtest/gtest.h>

#include "pbx/dialplan.hpp"

namespace hotline::pbx {
namespace {

TollPrefixes prefixes(std::string international, std::string premium) {
  store::Tenant tenant;
  tenant.international_prefixes = std::move(international);
  tenant.premium_prefixes = std::move(premium);
  return toll_prefixes_of(tenant);
}

TEST(TollClass, DialledNumbersAreClassedByTheTenantsPrefixes) {
  auto p = prefixes("00,+", "1900,168");
  EXPECT_EQ(toll_class(p, "0044207946000"), TollClass::International);
  EXPECT_EQ(toll_class(p, "+861088887777"), TollClass::International);
  EXPECT_EQ(toll_class(p, "19001234"), TollClass::Premium);
  EXPECT_EQ(toll_class(p, "16812345678"), TollClass::Premium);
  EXPECT_EQ(toll_class(p, "01088887777"), TollClass::Ordinary);
  EXPECT_EQ(toll_class(p, "13800138000"), TollClass::Ordinary);
  EXPECT_EQ(toll_class(p, "1"), TollClass::Ordinary);  // shorter than every prefix
}

TEST(TollClass, APremiumPrefixInsideAnInternationalOneIsPremium) {
  auto p = prefixes("00", "00900");
  EXPECT_EQ(toll_class(p, "00900123"), TollClass::Premium);
  EXPECT_EQ(toll_class(p, "0044123"), TollClass::International);
}

TEST(TollClass, NoPrefixesMeansEverythingIsOrdinary) {
  auto p = prefixes("", "");
  EXPECT_TRUE(p.international.empty());
  EXPECT_EQ(toll_class(p, "0044207946000"), TollClass::Ordinary);
}

TEST(TollClass, EachClassNeedsItsCapability) {
  EXPECT_EQ(toll_capability(TollClass::International), "calls.dial.international");
  EXPECT_EQ(toll_capability(TollClass::Premium), "calls.dial.premium");
  EXPECT_TRUE(toll_capability(TollClass::Ordinary).empty());
  DialPrivileges international_only{true, false};
  EXPECT_TRUE(may_dial(international_only, TollClass::International));
  EXPECT_FALSE(may_dial(international_only, TollClass::Premium));
  EXPECT_TRUE(may_dial(DialPrivileges{}, TollClass::Ordinary));
  EXPECT_FALSE(may_dial(DialPrivileges{}, TollClass::International));
}

// A stand-in for the roles of the app module: managers dial abroad, nobody else does.
bool managers_dial_abroad(store::TenantId, const std::string& role, const std::string& capability) {
  return role == "manager" && capability == "calls.dial.international";
}

store::User owner(const std::string& username, const std::string& role,
                  std::optional<std::string> extension) {
  store::User user;
  user.tenant_id = 1;
  user.username = username;
  user.role = role;
  user.extension = std::move(extension);
  return user;
}

TEST(ExtensionPrivileges, AnExtensionMayWhatItsOwnersRoleGrants) {
  auto privileges = extension_privileges(
      1, {owner("boss", "manager", "1004"), owner("agent1", "agent", "1001"), owner("admin", "manager", {})},
      managers_dial_abroad);
  EXPECT_TRUE(privileges.at("1004").international);
  EXPECT_FALSE(privileges.at("1004").premium);
  EXPECT_FALSE(privileges.at("1001").international);
  EXPECT_EQ(privileges.size(), 2u);  // a user without an extension gives none
}

TEST(ExtensionPrivileges, AnExtensionNobodyOwnsGetsNothing) {
  TenantDialplan plan;
  plan.dial_privileges = extension_privileges(1, {owner("boss", "manager", "1004")}, managers_dial_abroad);
  EXPECT_TRUE(dial_privileges(plan, "1004").international);
  EXPECT_FALSE(dial_privileges(plan, "1002").international);
  EXPECT_FALSE(dial_privileges(plan, "1002").premium);
}

TEST(ExtensionPrivileges, ASharedExtensionGetsOnlyWhatEveryOwnerHolds) {
  auto privileges = extension_privileges(
      1, {owner("boss", "manager", "1004"), owner("temp", "agent", "1004")}, managers_dial_abroad);
  EXPECT_FALSE(privileges.at("1004").international);
}

TEST(ExtensionPrivileges, TheLookupIsAskedWithTheTenant) {
  std::vector<store::TenantId> asked;
  auto privileges = extension_privileges(1, {owner("boss", "manager", "1004")},
                                         [&](store::TenantId tenant, const std::string&, const std::string&) {
                                           asked.push_back(tenant);
                                           return true;
                                         });
  EXPECT_TRUE(privileges.at("1004").premium);
  EXPECT_EQ(asked, (std::vector<store::TenantId>{1, 1}));
}

}  // namespace
}  // namespace hotline::pbx
