#include "app/provisioning.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "app/auth_service.hpp"
#include "app/passwords.hpp"
#include "app/tests/app_fixture.hpp"

namespace hotline::app::testing {
namespace {

using ProvisioningTest = AppTest;

TEST_F(ProvisioningTest, CreateExtensionStoresOnlyHa1) {
  auto tenant = store_->tenants().create({.name = "acme", .sip_realm = "acme.test"});
  ASSERT_TRUE(tenant.ok());
  auto password = create_extension(*store_, clock_, *tenant, "acme.test", "2001", "Reception");
  ASSERT_TRUE(password.ok()) << password.error().message;
  EXPECT_EQ(password->size(), 12u);
  auto ext = store_->extensions().find(*tenant, "2001");
  ASSERT_TRUE(ext.ok());
  SipHa1 ha1 = sip_ha1("2001", "acme.test", *password);
  EXPECT_EQ(ext->ha1_md5, ha1.md5);
  EXPECT_EQ(ext->ha1_sha256, ha1.sha256);
  EXPECT_EQ(ext->display_name, "Reception");

  auto again = create_extension(*store_, clock_, *tenant, "acme.test", "2001", "Reception");
  EXPECT_EQ(again.error().code, ErrorCode::Conflict);
  auto bad = create_extension(*store_, clock_, *tenant, "acme.test", "20 01", "x");
  EXPECT_EQ(bad.error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(bad.error().field, "extension");
}

TEST_F(ProvisioningTest, DemoCreatesTenantExtensionsUsersAndNumbers) {
  auto creds = provision_demo(*store_, clock_);
  ASSERT_TRUE(creds.ok()) << creds.error().message;
  EXPECT_EQ(creds->sip_realm, "hotline.demo");
  auto tenant = store_->tenants().get(creds->tenant_id);
  ASSERT_TRUE(tenant.ok());
  EXPECT_EQ(tenant->name, "demo");
  EXPECT_TRUE(tenant->is_default);

  ASSERT_EQ(creds->extensions.size(), 3u);
  ASSERT_EQ(creds->agents.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    const auto& e = creds->extensions[static_cast<std::size_t>(i)];
    EXPECT_EQ(e.extension, std::to_string(1001 + i));
    EXPECT_EQ(e.password.size(), 12u);
    auto row = store_->extensions().find(creds->tenant_id, e.extension);
    ASSERT_TRUE(row.ok());
    EXPECT_EQ(row->display_name, "Agent " + e.extension);
    EXPECT_EQ(row->ha1_md5, sip_ha1(e.extension, "hotline.demo", e.password).md5);

    const auto& a = creds->agents[static_cast<std::size_t>(i)];
    EXPECT_EQ(a.username, "agent" + std::to_string(i + 1));
    EXPECT_EQ(a.extension, e.extension);
    auto user = store_->users().find_by_username(a.username);
    ASSERT_TRUE(user.ok());
    EXPECT_EQ(user->role, "agent");
    EXPECT_EQ(user->extension, e.extension);
    EXPECT_TRUE(verify_password(a.password, user->password_hash));
  }

  EXPECT_EQ(creds->admin_username, "admin");
  EXPECT_EQ(creds->admin_password.size(), 14u);
  AuthService auth(*store_, clock_);
  auto admin = auth.login("admin", creds->admin_password);
  ASSERT_TRUE(admin.ok()) << admin.error().message;
  EXPECT_EQ(admin->principal.role, "admin");
  EXPECT_EQ(admin->principal.tenant_id, creds->tenant_id);
  auto platform = auth.login(creds->operator_username, creds->operator_password);
  ASSERT_TRUE(platform.ok()) << platform.error().message;
  EXPECT_EQ(platform->principal.role, "platform_operator");

  auto numbers = store_->numbers().list(creds->tenant_id);
  ASSERT_EQ(numbers.size(), 2u);
  EXPECT_EQ(numbers[0].pattern, "4000");
  EXPECT_EQ(numbers[0].target_type, "ring_all");
  EXPECT_EQ(numbers[0].target, "1001,1002,1003");
  EXPECT_EQ(numbers[1].pattern, "8000");
  EXPECT_EQ(numbers[1].target_type, "conference");
  EXPECT_EQ(numbers[1].target, "demo");

  auto reasons = store_->not_ready_reasons().list(creds->tenant_id);
  ASSERT_EQ(reasons.size(), 5u);
  EXPECT_EQ(reasons[0].code, "break");
  EXPECT_EQ(reasons[0].name_zh, "休息");
  EXPECT_EQ(reasons[1].code, "lunch");
  EXPECT_TRUE(reasons[2].productive);  // training
  EXPECT_EQ(reasons[4].name_en, "Admin");
}

TEST_F(ProvisioningTest, SecondDemoIsAConflict) {
  ASSERT_TRUE(provision_demo(*store_, clock_).ok());
  auto again = provision_demo(*store_, clock_);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::Conflict);
  EXPECT_EQ(store_->tenants().list().size(), 1u);
}

TEST_F(ProvisioningTest, CredentialsFileIsPrivateAndHasTheDocumentedShape) {
  auto creds = provision_demo(*store_, clock_);
  ASSERT_TRUE(creds.ok());
  auto path = dir_ / "credentials.json";
  ASSERT_TRUE(write_credentials_file(*creds, path).ok());

  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  auto json = nlohmann::json::parse(std::ifstream(path));
  EXPECT_EQ(json["admin"]["username"], "admin");
  EXPECT_EQ(json["admin"]["password"], creds->admin_password);
  EXPECT_EQ(json["operator"]["username"], "operator");
  ASSERT_EQ(json["extensions"].size(), 3u);
  EXPECT_EQ(json["extensions"][0]["extension"], "1001");
  EXPECT_EQ(json["extensions"][0]["password"], creds->extensions[0].password);
  ASSERT_EQ(json["agents"].size(), 3u);
  EXPECT_EQ(json["agents"][2]["username"], "agent3");
  EXPECT_EQ(json["agents"][2]["extension"], "1003");
  EXPECT_EQ(json["agents"][2]["password"], creds->agents[2].password);
  EXPECT_EQ(json["tenant"]["id"], creds->tenant_id);
  EXPECT_EQ(json["tenant"]["sip_realm"], "hotline.demo");

  ASSERT_TRUE(write_credentials_file(*creds, path).ok()) << "rewriting replaces the file";
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir_)) ++files;
  EXPECT_EQ(files, 4u) << "db, -wal, -shm and the credentials; no temporary left";
}

}  // namespace
}  // namespace hotline::app::testing
