// Small readers of sofia's parsed SIP messages that the B2BUA's files share.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sip/location_service.hpp"
#include "sip/sofia.hpp"

namespace hotline::pbx {

inline std::string payload_of(const sip_t* sip) {
  if (!sip || !sip->sip_payload || !sip->sip_payload->pl_data) return {};
  return std::string(sip->sip_payload->pl_data, sip->sip_payload->pl_len);
}

// The realm of the first digest challenge in a 401/407.
inline std::string challenge_realm(const sip_t* sip) {
  const msg_auth_t* a =
      sip ? (sip->sip_www_authenticate ? sip->sip_www_authenticate : sip->sip_proxy_authenticate) : nullptr;
  for (auto* p = a ? a->au_params : nullptr; p && *p; ++p) {
    if (strncasecmp(*p, "realm=", 6) != 0) continue;
    std::string v = *p + 6;
    if (v.size() >= 2 && v.front() == '"') v = v.substr(1, v.size() - 2);
    return v;
  }
  return {};
}

// nua_respond() keeps the phrase pointer until the response is encoded, after the event that
// carried a peer's phrase has been freed: only phrases with static storage may be passed on.
inline const char* static_phrase(int status) {
  const char* phrase = sip_status_phrase(status);
  return phrase ? phrase : "Call Failed";
}

inline std::string user_of(const url_t* url) { return url && url->url_user ? url->url_user : ""; }

inline std::string display_of(const sip_from_t* from) {
  return from && from->a_display ? std::string(from->a_display) : std::string();
}

// The URI that reaches a registered contact: the contact itself, or for a phone behind NAT the
// address its REGISTER came from.
std::string contact_target(const sip::Binding& binding, const std::string& user);

struct InfoDigit {
  char digit = 0;
  std::optional<std::int64_t> duration_ms;
};

// The key in a SIP INFO body: application/dtmf-relay ("Signal=5", optional "Duration=160") or
// application/dtmf ("5"). Nothing for other bodies or characters that are not DTMF keys.
std::optional<InfoDigit> parse_info_dtmf(std::string_view content_type, std::string_view body);

}  // namespace hotline::pbx
