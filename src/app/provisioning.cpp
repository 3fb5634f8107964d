#include "app/provisioning.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "app/passwords.hpp"
#include "common/hash.hpp"

namespace hotline::app {
namespace {

constexpr std::size_t kSipPasswordLength = 12;
constexpr std::size_t kLoginPasswordLength = 14;
const std::string kDemoTenant = "demo";
const std::string kDemoRealm = "hotline.demo";
const std::string kAdminUsername = "admin";
const std::string kOperatorUsername = "operator";

bool valid_extension(const std::string& extension) {
  if (extension.empty() || extension.size() > 32) return false;
  for (char c : extension) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

// Usernames are unique across tenants: refuse before creating anything rather than half-way.
Status require_free_usernames(store::Store& store, const std::vector<std::string>& usernames) {
  for (const auto& username : usernames) {
    auto existing = store.users().find_by_username(username);
    if (existing) return Error{ErrorCode::Conflict, "user '" + username + "' already exists", "username"};
    if (existing.error().code != ErrorCode::NotFound) return existing.error();
  }
  return ok_status();
}

Status create_demo_agents(store::Store& store, const Clock& clock, DemoCredentials& creds) {
  for (int i = 1; i <= 3; ++i) {
    std::string extension = std::to_string(1000 + i);
    std::string name = "Agent " + extension;
    auto sip_password = create_extension(store, clock, creds.tenant_id, creds.sip_realm, extension, name);
    if (!sip_password) return sip_password.error();
    creds.extensions.push_back({extension, *sip_password});
    std::string username = "agent" + std::to_string(i);
    auto password = create_user(store, clock, creds.tenant_id, username, "agent", name, extension);
    if (!password) return password.error();
    creds.agents.push_back({username, *password, extension});
  }
  return ok_status();
}

// The away reasons a hotline starts with (ACD-9); the tenant admin edits them.
Status create_demo_reasons(store::Store& store, const Clock& clock, store::TenantId tenant) {
  struct Seed {
    const char* code;
    const char* name_zh;
    const char* name_en;
    bool productive;
    std::optional<int> max_minutes;
  };
  const Seed seeds[] = {{"break", "休息", "Break", false, 15},
                        {"lunch", "就餐", "Lunch", false, 60},
                        {"training", "培训", "Training", true, std::nullopt},
                        {"meeting", "会议", "Meeting", true, std::nullopt},
                        {"admin", "后处理超时", "Admin", true, 30}};
  int order = 0;
  for (const auto& s : seeds) {
    store::NotReadyReason reason{
        0, tenant, s.code, s.name_zh, s.name_en, s.productive, s.max_minutes, true, ++order, clock.now_ms()};
    if (auto created = store.not_ready_reasons().create(reason); !created) return created.error();
  }
  return ok_status();
}

nlohmann::ordered_json credentials_json(const DemoCredentials& creds) {
  nlohmann::ordered_json json;
  json["tenant"] = {{"id", creds.tenant_id}, {"sip_realm", creds.sip_realm}};
  json["admin"] = {{"username", creds.admin_username}, {"password", creds.admin_password}};
  json["operator"] = {{"username", creds.operator_username}, {"password", creds.operator_password}};
  json["extensions"] = nlohmann::ordered_json::array();
  for (const auto& e : creds.extensions) {
    json["extensions"].push_back({{"extension", e.extension}, {"password", e.password}});
  }
  json["agents"] = nlohmann::ordered_json::array();
  for (const auto& a : creds.agents) {
    json["agents"].push_back(
        {{"username", a.username}, {"password", a.password}, {"extension", a.extension}});
  }
  return json;
}

Error file_error(const std::string& what, const std::filesystem::path& path) {
  return {ErrorCode::Unavailable, what + " " + path.string() + ": " + std::strerror(errno), path.string()};
}

Status write_all(int fd, const std::string& text, const std::filesystem::path& path) {
  std::size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return file_error("cannot write", path);
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) return file_error("cannot sync", path);
  return ok_status();
}

// Created with O_EXCL and mode 0600 (then fchmod, in case the umask took more): the secret is
// never readable by others, not even before the first write.
Status write_private_file(const std::filesystem::path& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return file_error("cannot create", path);
  Status status = ::fchmod(fd, 0600) == 0 ? write_all(fd, text, path) : file_error("cannot chmod", path);
  if (::close(fd) != 0 && status) status = file_error("cannot close", path);
  return status;
}

}  // namespace

Result<std::string> create_extension(store::Store& store, const Clock& clock, store::TenantId tenant,
                                     const std::string& sip_realm, const std::string& extension,
                                     const std::string& display_name,
                                     const std::optional<std::string>& given_password) {
  if (!valid_extension(extension)) {
    return Error::invalid("extension",
                          "extension '" + extension + "' must be 1-32 letters, digits, '.', '-' or '_'");
  }
  if (given_password && given_password->size() < 8) {
    return Error::invalid("password", "a SIP password needs at least 8 characters");
  }
  std::string password = given_password.value_or(random_password(kSipPasswordLength));
  SipHa1 ha1 = sip_ha1(extension, sip_realm, password);
  store::Extension row{0, tenant, extension, display_name, ha1.md5, ha1.sha256, true, clock.now_ms()};
  auto id = store.extensions().create(row);
  if (!id) return id.error();
  return password;
}

Result<store::TenantId> provision_tenant(store::Store& store, const Clock& clock, const TenantAccount& account) {
  if (auto free = require_free_usernames(store, {account.admin_username}); !free) return free.error();
  store::Tenant tenant{0, account.name, account.sip_realm, false, clock.now_ms()};
  tenant.seats = account.seats;
  auto id = store.tenants().create(tenant);
  if (!id) return id.error();
  store::User admin{0,  *id, account.admin_username, hash_password(account.admin_password), "tenant_admin",
                    "Administrator", std::nullopt, clock.now_ms()};
  if (auto created = store.users().create(admin); !created) return created.error();
  return id;
}

Result<std::string> create_user(store::Store& store, const Clock& clock, store::TenantId tenant,
                                const std::string& username, const std::string& role,
                                const std::string& display_name, std::optional<std::string> extension,
                                const std::optional<std::string>& given_password) {
  if (given_password && given_password->size() < 8)
    return Error::invalid("password", "a login password needs at least 8 characters");
  if (auto free = require_free_usernames(store, {username}); !free) return free.error();
  std::string password = given_password.value_or(random_password(kLoginPasswordLength));
  store::User user{
      0, tenant, username, hash_password(password), role, display_name, std::move(extension), clock.now_ms()};
  auto id = store.users().create(user);
  if (!id) return id.error();
  return password;
}

Result<DemoCredentials> provision_demo(store::Store& store, const Clock& clock) {
  if (auto free = require_free_usernames(store, {kAdminUsername, kOperatorUsername, "agent1", "agent2", "agent3"}); !free) {
    return free.error();
  }
  auto tenant = store.tenants().create({0, kDemoTenant, kDemoRealm, true, clock.now_ms()});
  if (!tenant) return tenant.error();
  DemoCredentials creds;
  creds.tenant_id = *tenant;
  creds.sip_realm = kDemoRealm;
  if (auto agents = create_demo_agents(store, clock, creds); !agents) return agents.error();

  auto admin_password =
      create_user(store, clock, *tenant, kAdminUsername, "admin", "Administrator", std::nullopt);
  if (!admin_password) return admin_password.error();
  creds.admin_username = kAdminUsername;
  creds.admin_password = *admin_password;
  auto operator_password = create_user(store, clock, *tenant, kOperatorUsername, "platform_operator",
                                       "Platform operator", std::nullopt);
  if (!operator_password) return operator_password.error();
  creds.operator_username = kOperatorUsername;
  creds.operator_password = *operator_password;

  if (auto reasons = create_demo_reasons(store, clock, *tenant); !reasons) return reasons.error();
  store::Number hotline{0, *tenant, std::nullopt, "4000", "ring_all", "1001,1002,1003", clock.now_ms()};
  store::Number conference{0, *tenant, std::nullopt, "8000", "conference", "demo", clock.now_ms()};
  for (const auto& number : {hotline, conference}) {
    if (auto created = store.numbers().create(number); !created) return created.error();
  }
  return creds;
}

Status write_credentials_file(const DemoCredentials& creds, const std::filesystem::path& path) {
  std::filesystem::path temporary = path;
  temporary += ".tmp-" + random_hex(6);
  auto status = write_private_file(temporary, credentials_json(creds).dump(2) + "\n");
  if (status && ::rename(temporary.c_str(), path.c_str()) != 0) status = file_error("cannot rename to", path);
  if (!status) ::unlink(temporary.c_str());
  return status;
}

}  // namespace hotline::app
