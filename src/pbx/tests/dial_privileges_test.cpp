#include "pbx/dial_privileges.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "pbx/dialplan.hpp"

namespace hotline::pbx {
namespace {

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
  EXPECT_EQ(privileges.at("1004").owners, "boss,temp");
}

TEST(ExtensionPrivileges, TheLookupIsAskedWithTheTenant) {
  std::vector<store::TenantId> asked;
  auto privileges = extension_privileges(1, {owner("boss", "manager", "1004")},
                                         [&](store::TenantId tenant, const std::string&, const std::string&) {
                                           asked.push_back(tenant);
                                           return true;
                                         });
  EXPECT_TRUE(privileges.at("1004").premium);
  EXPECT_TRUE(privileges.at("1004").barge);
  ASSERT_EQ(asked.size(), 5u);  // international, premium, listen, whisper, barge
  EXPECT_EQ(std::count(asked.begin(), asked.end(), 1), 5);
}

TEST(ExtensionPrivileges, SupervisionFollowsTheOwnersCapabilities) {
  auto privileges =
      extension_privileges(1, {owner("lead", "team_leader", "1004"), owner("qa", "inspector", "1005")},
                           [](store::TenantId, const std::string& role, const std::string& capability) {
                             return role == "team_leader" || capability == "calls.listen";
                           });
  EXPECT_TRUE(privileges.at("1004").listen && privileges.at("1004").whisper && privileges.at("1004").barge);
  EXPECT_TRUE(privileges.at("1005").listen);
  EXPECT_FALSE(privileges.at("1005").whisper || privileges.at("1005").barge);
}

}  // namespace
}  // namespace hotline::pbx
