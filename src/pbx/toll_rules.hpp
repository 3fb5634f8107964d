// Toll-fraud rules: an extension that dials an international or premium-rate number (by the
// tenant's prefixes) needs calls.dial.international or calls.dial.premium, a capability of the
// role of the user who owns the extension. Pure logic, so that the rules are tested without SIP.
// Calls the server places itself (IVR transfers, queue overflow: configured by admins, not dialled
// by a user) are not subject to them.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.hpp"

namespace hotline::pbx {

enum class TollClass { Ordinary, International, Premium };

// The tenant's prefixes of numbers as an extension dials them (before a route's strip/prepend).
struct TollPrefixes {
  std::vector<std::string> international;
  std::vector<std::string> premium;
};

TollPrefixes toll_prefixes_of(const store::Tenant& tenant);
// Premium is checked first: a premium prefix may sit inside an international one.
TollClass toll_class(const TollPrefixes& prefixes, std::string_view dialled);
// "calls.dial.international", "calls.dial.premium"; empty for Ordinary.
std::string_view toll_capability(TollClass toll);
std::string_view to_string(TollClass toll);

struct DialPrivileges {
  bool international = false;
  bool premium = false;
};
bool may_dial(const DialPrivileges& privileges, TollClass toll);

// Whether users of `role` in the tenant hold `capability`. The roles live in the app module,
// above the pbx, and will become the tenant's own: the lookup is handed in as this one function.
using RoleCapabilityCheck =
    std::function<bool(store::TenantId tenant, const std::string& role, const std::string& capability)>;

// What each extension of the tenant may dial, from its owners' roles. An extension several users
// own gets a capability only when every owner holds it; one nobody owns is not listed and gets
// none.
std::map<std::string, DialPrivileges> extension_privileges(store::TenantId tenant,
                                                           const std::vector<store::User>& users,
                                                           const RoleCapabilityCheck& role_allows);

}  // namespace hotline::pbx
