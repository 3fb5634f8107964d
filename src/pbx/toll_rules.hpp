// Toll-fraud rules: an extension that dials an international or premium-rate number (by the
// tenant's prefixes) needs calls.dial.international or calls.dial.premium, a capability of the
// role of the user who owns the extension. Pure logic, so that the rules are tested without SIP.
// Calls the server places itself (IVR transfers, queue overflow: configured by admins, not dialled
// by a user) are not subject to them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pbx/dial_privileges.hpp"
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

bool may_dial(const DialPrivileges& privileges, TollClass toll);

}  // namespace hotline::pbx
