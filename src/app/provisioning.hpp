// Provisioning: creating tenants, SIP extensions and users with generated secrets, and the demo
// tenant that `hotline init --demo` sets up (hotline number 4000, extensions 1001-1003, admin).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "store/store.hpp"

namespace hotline::app {

struct ExtensionCredential {
  std::string extension;
  std::string password;
};

struct AgentCredential {
  std::string username;
  std::string password;
  std::string extension;
};

struct DemoCredentials {
  store::TenantId tenant_id = 0;
  std::string sip_realm;
  std::string admin_username;
  std::string admin_password;
  std::string operator_username;  // a platform operator: tenants and seats
  std::string operator_password;
  std::vector<ExtensionCredential> extensions;
  std::vector<AgentCredential> agents;  // the web logins agent1..agent3, one per extension
};

// Creates an extension whose password is stored only as HA1 values; returns the password, the
// one given or a generated one.
Result<std::string> create_extension(store::Store& store, const Clock& clock, store::TenantId tenant,
                                     const std::string& sip_realm, const std::string& extension,
                                     const std::string& display_name,
                                     const std::optional<std::string>& password = std::nullopt);

// A client organisation on the platform (TEN-1) and its first tenant admin.
struct TenantAccount {
  std::string name;
  std::string sip_realm;
  std::optional<int> seats;
  std::string admin_username;
  std::string admin_password;
};

// Creates the tenant and its admin; Conflict (naming the field) when the name, realm or username
// is taken, and then nothing is created.
Result<store::TenantId> provision_tenant(store::Store& store, const Clock& clock, const TenantAccount& account);

// Creates a web login with `role`; returns its password, the one given (8 characters or more) or a
// generated one. Conflict (field "username") when the username is taken in any tenant.
Result<std::string> create_user(store::Store& store, const Clock& clock, store::TenantId tenant,
                                const std::string& username, const std::string& role,
                                const std::string& display_name, std::optional<std::string> extension,
                                const std::optional<std::string>& password = std::nullopt);

// The demo tenant "demo" (realm "hotline.demo", default tenant), extensions 1001-1003 each with
// a user agent1..agent3 (role agent), admin user "admin" (role admin), platform operator
// "operator", number 4000 ringing all three extensions. Fails with Conflict if it exists.
Result<DemoCredentials> provision_demo(store::Store& store, const Clock& clock);

// Writes {"tenant": {"id", "sip_realm"}, "admin": {"username", "password"}, "operator": {...},
// "extensions": [{"extension", "password"}, ...], "agents": [{"username", "password", "extension"}, ...]}
// with mode 0600 from the first byte (a temporary file created 0600, then renamed over `path`).
Status write_credentials_file(const DemoCredentials& creds, const std::filesystem::path& path);

}  // namespace hotline::app
