// RequestAuthenticator: digest-checks a request (REGISTER with 401/Authorization, INVITE and
// others with 407/Proxy-Authorization) and answers the challenge or the refusal itself.
//
// Thread: core loop only.
#pragma once

#include <optional>
#include <string>

#include "sip/digest.hpp"
#include "sip/identity_directory.hpp"
#include "sip/sofia.hpp"

namespace hotline::sip {

class RequestAuthenticator {
 public:
  RequestAuthenticator(const IdentityDirectory& directory, DigestAuthenticator& digest);

  // Returns the authenticated identity, or nullopt after having responded (401/407 challenge,
  // 403 for wrong credentials). `proxy` selects 407/Proxy-Authorization over 401/Authorization.
  // Call from inside the nua callback of the request.
  std::optional<SipIdentity> authenticate(nua_t* nua, nua_handle_t* nh, const sip_t* sip,
                                          const TenantRealm& tenant, bool proxy);

 private:
  void challenge(nua_t* nua, nua_handle_t* nh, const TenantRealm& tenant, bool proxy, bool stale);

  const IdentityDirectory& directory_;
  DigestAuthenticator& digest_;
};

// The host of the request's To (REGISTER) or Request-URI, used to find the tenant.
std::string request_domain(const sip_t* sip);

}  // namespace hotline::sip
