// HTTP digest authentication for SIP (RFC 3261 §22, RFC 2617, RFC 7616 algorithms as used by
// RFC 8760): challenges with stateless nonces, parsing of Authorization / Proxy-Authorization,
// and verification against stored HA1 values (MD5 and SHA-256).
//
// Nonces are "<issued-ms hex>.<HMAC-SHA256(secret, issued-ms) prefix>": any node that shares the
// secret can check one without remembering it, and a nonce older than its lifetime is answered
// with stale=true so a phone retries without asking its user.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.hpp"
#include "common/result.hpp"

namespace hotline::sip {

enum class DigestAlgorithm { Md5, Sha256 };

struct DigestCredentials {
  std::string username;
  std::string realm;
  std::string nonce;
  std::string uri;
  std::string response;
  DigestAlgorithm algorithm = DigestAlgorithm::Md5;
  std::string qop;  // "auth" or empty
  std::string nc;
  std::string cnonce;
  std::string opaque;
};

// Parses the value of an Authorization or Proxy-Authorization header ("Digest k=v, k="v"...").
Result<DigestCredentials> parse_digest_credentials(std::string_view header_value);

// response = H(HA1:nonce[:nc:cnonce:qop]:H(method:uri)).
std::string digest_response(DigestAlgorithm algorithm, std::string_view ha1, std::string_view method,
                            const DigestCredentials& credentials);

enum class DigestVerdict { Ok, WrongPassword, StaleNonce, BadNonce };

class DigestAuthenticator {
 public:
  DigestAuthenticator(std::string secret, const Clock& clock, std::int64_t nonce_lifetime_ms = 300'000);

  // The WWW-Authenticate / Proxy-Authenticate values to send, strongest algorithm first.
  std::string challenge(std::string_view realm, DigestAlgorithm algorithm, bool stale) const;

  // Checks nonce freshness and the response against the HA1 for the credentials' algorithm.
  DigestVerdict verify(const DigestCredentials& credentials, std::string_view method,
                       std::string_view ha1) const;

 private:
  std::string make_nonce(UnixMs issued) const;
  std::optional<UnixMs> nonce_issued_at(std::string_view nonce) const;

  std::string secret_;
  const Clock& clock_;
  std::int64_t nonce_lifetime_ms_;
};

}  // namespace hotline::sip
