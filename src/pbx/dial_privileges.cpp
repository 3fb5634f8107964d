#include "pbx/dial_privileges.hpp"

#include <array>
#include <utility>

namespace hotline::pbx {
namespace {

using Privilege = bool DialPrivileges::*;

constexpr std::array<std::pair<Privilege, const char*>, 5> kCapabilities = {{
    {&DialPrivileges::international, "calls.dial.international"},
    {&DialPrivileges::premium, "calls.dial.premium"},
    {&DialPrivileges::listen, "calls.listen"},
    {&DialPrivileges::whisper, "calls.whisper"},
    {&DialPrivileges::barge, "calls.barge"},
}};

}  // namespace

std::map<std::string, DialPrivileges> extension_privileges(store::TenantId tenant,
                                                           const std::vector<store::User>& users,
                                                           const RoleCapabilityCheck& role_allows) {
  std::map<std::string, DialPrivileges> out;
  for (const auto& user : users) {
    if (user.tenant_id != tenant || !user.extension || user.extension->empty()) continue;
    DialPrivileges own;
    for (const auto& [privilege, capability] : kCapabilities)
      own.*privilege = role_allows && role_allows(tenant, user.role, capability);
    own.owners = user.username;
    auto [it, first_owner] = out.try_emplace(*user.extension, own);
    if (first_owner) continue;
    it->second.owners += "," + user.username;
    for (const auto& [privilege, capability] : kCapabilities)
      it->second.*privilege = it->second.*privilege && own.*privilege;
  }
  return out;
}

}  // namespace hotline::pbx
