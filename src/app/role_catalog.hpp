// RoleCatalog: what a user's role grants, for the built-in roles (app/roles.hpp) and the roles a
// tenant admin defines (ADM-1, stored in `roles`). Every capability check of the API goes through
// it; a tenant's roles are read once and re-read after they change.
//
// Thread: any (a mutex guards the tenants' roles; a check is one map lookup under it).
#pragma once

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "store/store.hpp"

namespace hotline::app {

struct RoleView {
  std::string name;
  bool builtin = false;
  std::vector<std::string> capabilities;  // sorted
};

class RoleCatalog {
 public:
  explicit RoleCatalog(store::Store& store);

  bool allows(store::TenantId tenant, std::string_view role, std::string_view capability) const;
  // Sorted; empty for a role the tenant does not have.
  std::vector<std::string> capabilities(store::TenantId tenant, std::string_view role) const;
  bool exists(store::TenantId tenant, std::string_view role) const;
  // The built-in roles a tenant admin may give (all but platform_operator), then the tenant's own.
  std::vector<RoleView> roles(store::TenantId tenant) const;

  // Re-reads the tenant's own roles after a change.
  void reload(store::TenantId tenant);

 private:
  using Capabilities = std::set<std::string, std::less<>>;
  using TenantRoles = std::map<std::string, Capabilities, std::less<>>;

  store::Store& store_;
  mutable std::mutex mutex_;
  std::map<store::TenantId, TenantRoles> custom_;
};

}  // namespace hotline::app
