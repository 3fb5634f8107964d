#include "sip/request_authenticator.hpp"

#include <spdlog/spdlog.h>

namespace hotline::sip {
namespace {

// The credentials offered for `realm`, if any.
const msg_auth_t* credentials_for(const msg_auth_t* list, const std::string& realm) {
  for (auto* a = list; a; a = a->au_next) {
    if (!a->au_scheme || strcasecmp(a->au_scheme, "Digest") != 0) continue;
    for (auto* p = a->au_params; p && *p; ++p) {
      if (strncasecmp(*p, "realm=", 6) == 0) {
        std::string_view v = *p + 6;
        if (v.size() >= 2 && v.front() == '"') v = v.substr(1, v.size() - 2);
        if (v == realm) return a;
      }
    }
  }
  return nullptr;
}

std::string header_value(const msg_auth_t* a) {
  std::string v = a->au_scheme;
  v += ' ';
  for (auto* p = a->au_params; p && *p; ++p) {
    if (p != a->au_params) v += ", ";
    v += *p;
  }
  return v;
}

}  // namespace

RequestAuthenticator::RequestAuthenticator(const IdentityDirectory& directory, DigestAuthenticator& digest)
    : directory_(directory), digest_(digest) {}

void RequestAuthenticator::challenge(nua_t* nua, nua_handle_t* nh, const TenantRealm& tenant, bool proxy,
                                     bool stale) {
  // MD5 first: many phones (and sipp) answer only the first challenge and know only MD5. Clients
  // that support SHA-256 (RFC 8760) find it in the second header and may use it.
  std::string md5 = digest_.challenge(tenant.realm, DigestAlgorithm::Md5, stale);
  std::string sha = digest_.challenge(tenant.realm, DigestAlgorithm::Sha256, stale);
  if (proxy) {
    nua_respond(nh, SIP_407_PROXY_AUTH_REQUIRED, NUTAG_WITH_THIS(nua),
                SIPTAG_PROXY_AUTHENTICATE_STR(md5.c_str()), SIPTAG_PROXY_AUTHENTICATE_STR(sha.c_str()),
                TAG_END());
  } else {
    nua_respond(nh, SIP_401_UNAUTHORIZED, NUTAG_WITH_THIS(nua), SIPTAG_WWW_AUTHENTICATE_STR(md5.c_str()),
                SIPTAG_WWW_AUTHENTICATE_STR(sha.c_str()), TAG_END());
  }
}

bool RequestAuthenticator::offers_credentials(const sip_t* sip, const TenantRealm& tenant, bool proxy) {
  return credentials_for(proxy ? sip->sip_proxy_authorization : sip->sip_authorization, tenant.realm) !=
         nullptr;
}

AuthDecision RequestAuthenticator::decide(const sip_t* sip, const TenantRealm& tenant, bool proxy) const {
  using Verdict = AuthDecision::Verdict;
  const msg_auth_t* offered =
      credentials_for(proxy ? sip->sip_proxy_authorization : sip->sip_authorization, tenant.realm);
  if (!offered) return {Verdict::Challenge, std::nullopt, {}};
  auto credentials = parse_digest_credentials(header_value(offered));
  if (!credentials) return {Verdict::BadHeader, std::nullopt, {}};
  // An unknown user is refused exactly like a wrong password: no account enumeration.
  auto identity = directory_.identity(tenant.tenant_id, credentials->username);
  if (!identity) return {Verdict::Refused, std::nullopt, credentials->username};
  const char* method = sip->sip_request ? sip->sip_request->rq_method_name : "";
  const std::string& ha1 =
      credentials->algorithm == DigestAlgorithm::Sha256 ? identity->ha1_sha256 : identity->ha1_md5;
  switch (digest_.verify(*credentials, method, ha1)) {
    case DigestVerdict::Ok:
      return {Verdict::Accepted, std::move(identity), credentials->username};
    case DigestVerdict::StaleNonce:
    case DigestVerdict::BadNonce:
      return {Verdict::StaleChallenge, std::nullopt, credentials->username};
    case DigestVerdict::WrongPassword:
      break;
  }
  return {Verdict::Refused, std::nullopt, credentials->username};
}

std::optional<SipIdentity> RequestAuthenticator::authenticate(nua_t* nua, nua_handle_t* nh, const sip_t* sip,
                                                              const TenantRealm& tenant, bool proxy) {
  using Verdict = AuthDecision::Verdict;
  AuthDecision decision = decide(sip, tenant, proxy);
  switch (decision.verdict) {
    case Verdict::Accepted:
      return std::move(decision.identity);
    case Verdict::Challenge:
    case Verdict::StaleChallenge:
      challenge(nua, nh, tenant, proxy, decision.verdict == Verdict::StaleChallenge);
      return std::nullopt;
    case Verdict::BadHeader:
      nua_respond(nh, 400, "Bad Authorization header", NUTAG_WITH_THIS(nua), TAG_END());
      return std::nullopt;
    case Verdict::Refused:
      break;
  }
  auto source = current_request_source(nua);
  spdlog::warn("sip: refused credentials of {}@{} ({}) from {}", decision.username, tenant.realm,
               sip->sip_request ? sip->sip_request->rq_method_name : "", source.ip);
  if (on_failure_) on_failure_(source);
  nua_respond(nh, SIP_403_FORBIDDEN, NUTAG_WITH_THIS(nua), TAG_END());
  return std::nullopt;
}

std::string request_domain(const sip_t* sip) {
  const url_t* url = nullptr;
  if (sip->sip_request && sip->sip_request->rq_method == sip_method_register && sip->sip_to) {
    url = sip->sip_to->a_url;
  } else if (sip->sip_request) {
    url = sip->sip_request->rq_url;
  }
  return url && url->url_host ? url->url_host : "";
}

}  // namespace hotline::sip
