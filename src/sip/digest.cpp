#include "sip/digest.hpp"

#include <openssl/crypto.h>
#include <openssl/hmac.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <cstring>

#include "common/hash.hpp"
#include "common/text.hpp"

namespace hotline::sip {
namespace {

// Reads `name=value` or `name="value"` from the front of `s`; advances past a following comma.
bool next_param(std::string_view& s, std::string& name, std::string& value) {
  s = trim(s);
  if (s.empty()) return false;
  auto eq = s.find('=');
  if (eq == std::string_view::npos) return false;
  name = std::string(trim(s.substr(0, eq)));
  s = trim(s.substr(eq + 1));
  value.clear();
  if (!s.empty() && s.front() == '"') {
    std::size_t i = 1;
    for (; i < s.size() && s[i] != '"'; ++i) {
      if (s[i] == '\\' && i + 1 < s.size()) ++i;
      value.push_back(s[i]);
    }
    if (i >= s.size()) return false;  // unterminated quote
    s.remove_prefix(i + 1);
  } else {
    auto end = s.find(',');
    value = std::string(trim(s.substr(0, end)));
    s.remove_prefix(end == std::string_view::npos ? s.size() : end);
  }
  s = trim(s);
  if (!s.empty() && s.front() == ',') s.remove_prefix(1);
  return true;
}

std::string hash(DigestAlgorithm algorithm, std::string_view data) {
  return algorithm == DigestAlgorithm::Sha256 ? sha256_hex(data) : md5_hex(data);
}

}  // namespace

Result<DigestCredentials> parse_digest_credentials(std::string_view header_value) {
  auto v = trim(header_value);
  if (v.size() < 7 || !iequals(v.substr(0, 6), "Digest") || !std::isspace(static_cast<unsigned char>(v[6]))) {
    return Error::invalid("Authorization", "scheme is not Digest");
  }
  v.remove_prefix(7);
  DigestCredentials c;
  std::string name, value;
  while (next_param(v, name, value)) {
    if (iequals(name, "username"))
      c.username = value;
    else if (iequals(name, "realm"))
      c.realm = value;
    else if (iequals(name, "nonce"))
      c.nonce = value;
    else if (iequals(name, "uri"))
      c.uri = value;
    else if (iequals(name, "response"))
      c.response = value;
    else if (iequals(name, "qop"))
      c.qop = value;
    else if (iequals(name, "nc"))
      c.nc = value;
    else if (iequals(name, "cnonce"))
      c.cnonce = value;
    else if (iequals(name, "opaque"))
      c.opaque = value;
    else if (iequals(name, "algorithm")) {
      if (iequals(value, "MD5"))
        c.algorithm = DigestAlgorithm::Md5;
      else if (iequals(value, "SHA-256"))
        c.algorithm = DigestAlgorithm::Sha256;
      else
        return Error::invalid("Authorization", "unsupported algorithm " + value);
    }
  }
  if (!trim(v).empty()) return Error::invalid("Authorization", "malformed parameter list");
  if (c.username.empty() || c.nonce.empty() || c.uri.empty() || c.response.empty()) {
    return Error::invalid("Authorization", "username, nonce, uri and response are required");
  }
  if (!c.qop.empty() && (c.qop != "auth" || c.nc.empty() || c.cnonce.empty())) {
    return Error::invalid("Authorization", "qop must be auth with nc and cnonce");
  }
  return c;
}

std::string digest_response(DigestAlgorithm algorithm, std::string_view ha1, std::string_view method,
                            const DigestCredentials& c) {
  std::string a2 = std::string(method) + ":" + c.uri;
  std::string ha2 = hash(algorithm, a2);
  std::string kd = std::string(ha1) + ":" + c.nonce + ":";
  if (!c.qop.empty()) kd += c.nc + ":" + c.cnonce + ":" + c.qop + ":";
  kd += ha2;
  return hash(algorithm, kd);
}

DigestAuthenticator::DigestAuthenticator(std::string secret, const Clock& clock,
                                         std::int64_t nonce_lifetime_ms)
    : secret_(std::move(secret)), clock_(clock), nonce_lifetime_ms_(nonce_lifetime_ms) {}

std::string DigestAuthenticator::make_nonce(UnixMs issued) const {
  char stamp[17];
  std::snprintf(stamp, sizeof stamp, "%llx", static_cast<unsigned long long>(issued));
  std::array<unsigned char, 32> mac{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(stamp), std::strlen(stamp), mac.data(), &len);
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string nonce = std::string(stamp) + ".";
  for (std::size_t i = 0; i < 12; ++i) {
    nonce.push_back(kDigits[mac[i] >> 4]);
    nonce.push_back(kDigits[mac[i] & 0xf]);
  }
  return nonce;
}

std::optional<UnixMs> DigestAuthenticator::nonce_issued_at(std::string_view nonce) const {
  auto dot = nonce.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 16) return std::nullopt;
  UnixMs issued = 0;
  for (char ch : nonce.substr(0, dot)) {
    if (!std::isxdigit(static_cast<unsigned char>(ch))) return std::nullopt;
    issued =
        issued * 16 + (std::isdigit(static_cast<unsigned char>(ch)) ? ch - '0' : std::tolower(ch) - 'a' + 10);
  }
  if (make_nonce(issued) != nonce) return std::nullopt;
  return issued;
}

std::string DigestAuthenticator::challenge(std::string_view realm, DigestAlgorithm algorithm,
                                           bool stale) const {
  std::string c = "Digest realm=\"" + std::string(realm) + "\", nonce=\"" + make_nonce(clock_.now_ms()) +
                  "\", qop=\"auth\", algorithm=" + (algorithm == DigestAlgorithm::Sha256 ? "SHA-256" : "MD5");
  if (stale) c += ", stale=true";
  return c;
}

DigestVerdict DigestAuthenticator::verify(const DigestCredentials& c, std::string_view method,
                                          std::string_view ha1) const {
  auto issued = nonce_issued_at(c.nonce);
  if (!issued) return DigestVerdict::BadNonce;
  auto age = clock_.now_ms() - *issued;
  if (age < -60'000 || age > nonce_lifetime_ms_) return DigestVerdict::StaleNonce;
  std::string expected = digest_response(c.algorithm, ha1, method, c);
  if (expected.size() != c.response.size() ||
      CRYPTO_memcmp(expected.data(), c.response.data(), expected.size()) != 0) {
    return DigestVerdict::WrongPassword;
  }
  return DigestVerdict::Ok;
}

}  // namespace hotline::sip
