// IdentityDirectory: what the SIP layer asks about tenants and SIP identities. The pbx module
// implements it from the store; tests implement it in memory.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace hotline::sip {

struct TenantRealm {
  std::int64_t tenant_id = 0;
  std::string realm;
};

struct SipIdentity {
  std::int64_t tenant_id = 0;
  std::string user;  // the extension
  std::string display_name;
  std::string ha1_md5;
  std::string ha1_sha256;
};

class IdentityDirectory {
 public:
  virtual ~IdentityDirectory() = default;
  // The tenant whose realm is `domain`, else the default tenant, else none.
  virtual std::optional<TenantRealm> tenant_for_domain(const std::string& domain) const = 0;
  virtual std::optional<SipIdentity> identity(std::int64_t tenant_id, const std::string& user) const = 0;
};

}  // namespace hotline::sip
