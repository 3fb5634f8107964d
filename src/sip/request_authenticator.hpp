// RequestAuthenticator: digest-checks a request (REGISTER with 401/Authorization, INVITE and
// others with 407/Proxy-Authorization) and answers the challenge or the refusal itself.
//
// Thread: core loop only.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "sip/digest.hpp"
#include "sip/identity_directory.hpp"
#include "sip/sip_stack.hpp"
#include "sip/sofia.hpp"

namespace hotline::sip {

// What a request's credentials amount to, before anything is answered.
struct AuthDecision {
  enum class Verdict {
    Accepted,        // identity is set
    Challenge,       // no credentials for the realm: the normal first answer, not a failure
    StaleChallenge,  // an old or foreign nonce: challenged again with stale=true
    BadHeader,       // credentials that do not parse: 400
    Refused,         // a wrong password or an unknown user: 403, and a failure towards a ban
  };
  Verdict verdict = Verdict::Challenge;
  std::optional<SipIdentity> identity;
  std::string username;  // as offered, for the log
};

class RequestAuthenticator {
 public:
  RequestAuthenticator(const IdentityDirectory& directory, DigestAuthenticator& digest);

  // Returns the authenticated identity, or nullopt after having responded (401/407 challenge,
  // 403 for wrong credentials). `proxy` selects 407/Proxy-Authorization over 401/Authorization.
  // Call from inside the nua callback of the request.
  std::optional<SipIdentity> authenticate(nua_t* nua, nua_handle_t* nh, const sip_t* sip,
                                          const TenantRealm& tenant, bool proxy);

  // Whether the request carries credentials for the tenant's realm at all (without checking
  // them): a request without any gets the challenge, never a refusal.
  static bool offers_credentials(const sip_t* sip, const TenantRealm& tenant, bool proxy);
  // The verdict on the request's credentials (authenticate() answers accordingly).
  AuthDecision decide(const sip_t* sip, const TenantRealm& tenant, bool proxy) const;

  // Told of every request refused for its credentials (a wrong password, an unknown user), with
  // where it came from; not of a request without credentials that gets the challenge.
  using FailureObserver = std::function<void(const PeerAddress& source)>;
  void set_failure_observer(FailureObserver observer) { on_failure_ = std::move(observer); }

 private:
  void challenge(nua_t* nua, nua_handle_t* nh, const TenantRealm& tenant, bool proxy, bool stale);

  const IdentityDirectory& directory_;
  DigestAuthenticator& digest_;
  FailureObserver on_failure_;
};

// The host of the request's To (REGISTER) or Request-URI, used to find the tenant.
std::string request_domain(const sip_t* sip);

}  // namespace hotline::sip
