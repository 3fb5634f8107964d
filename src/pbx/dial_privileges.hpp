// DialPrivileges: what an extension may dial beyond ordinary numbers, from the capabilities of
// the role of the user who owns it: international and premium-rate numbers (toll-fraud rules,
// toll_rules.hpp) and the supervision codes that listen to, whisper to or barge into another
// extension's call (SUP-1, feature_codes.hpp).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "store/records.hpp"

namespace hotline::pbx {

struct DialPrivileges {
  bool international = false;  // calls.dial.international
  bool premium = false;        // calls.dial.premium
  bool listen = false;         // calls.listen
  bool whisper = false;        // calls.whisper
  bool barge = false;          // calls.barge
  std::string owners;          // the owners' usernames, comma-separated (for the audit log)
};

// Whether users of `role` in the tenant hold `capability`. The roles live in the app module,
// above the pbx, and may be the tenant's own: the lookup is handed in as this one function.
using RoleCapabilityCheck =
    std::function<bool(store::TenantId tenant, const std::string& role, const std::string& capability)>;

// What each extension of the tenant may dial, from its owners' roles. An extension several users
// own gets a privilege only when every owner holds it; one nobody owns is not listed and gets
// none.
std::map<std::string, DialPrivileges> extension_privileges(store::TenantId tenant,
                                                           const std::vector<store::User>& users,
                                                           const RoleCapabilityCheck& role_allows);

}  // namespace hotline::pbx
