#include "app/role_catalog.hpp"

#include "app/roles.hpp"

namespace hotline::app {

RoleCatalog::RoleCatalog(store::Store& store) : store_(store) {
  for (const auto& tenant : store_.tenants().list()) reload(tenant.id);
}

bool RoleCatalog::allows(store::TenantId tenant, std::string_view role, std::string_view capability) const {
  if (is_builtin_role(role)) return role_allows(role, capability);
  std::lock_guard lock(mutex_);
  auto roles = custom_.find(tenant);
  if (roles == custom_.end()) return false;
  auto it = roles->second.find(role);
  return it != roles->second.end() && it->second.contains(capability);
}

std::vector<std::string> RoleCatalog::capabilities(store::TenantId tenant, std::string_view role) const {
  if (is_builtin_role(role)) return role_capabilities(role);
  std::lock_guard lock(mutex_);
  auto roles = custom_.find(tenant);
  if (roles == custom_.end()) return {};
  auto it = roles->second.find(role);
  if (it == roles->second.end()) return {};
  return {it->second.begin(), it->second.end()};
}

bool RoleCatalog::exists(store::TenantId tenant, std::string_view role) const {
  if (is_builtin_role(role)) return true;
  std::lock_guard lock(mutex_);
  auto roles = custom_.find(tenant);
  return roles != custom_.end() && roles->second.contains(role);
}

std::vector<RoleView> RoleCatalog::roles(store::TenantId tenant) const {
  std::vector<RoleView> out;
  for (const auto& name : builtin_roles()) {
    if (name != "platform_operator") out.push_back({name, true, role_capabilities(name)});
  }
  std::lock_guard lock(mutex_);
  if (auto roles = custom_.find(tenant); roles != custom_.end()) {
    for (const auto& [name, capabilities] : roles->second)
      out.push_back({name, false, {capabilities.begin(), capabilities.end()}});
  }
  return out;
}

void RoleCatalog::reload(store::TenantId tenant) {
  TenantRoles roles;
  for (const auto& role : store_.roles().list(tenant)) {
    Capabilities& granted = roles[role.name];
    granted.insert(role.capabilities.begin(), role.capabilities.end());
    granted.insert(signed_in_capabilities().begin(), signed_in_capabilities().end());
  }
  std::lock_guard lock(mutex_);
  custom_[tenant] = std::move(roles);
}

}  // namespace hotline::app
