// Password hashing with argon2id (libargon2) in its encoded form ($argon2id$v=19$m=...,t=...,p=...$salt$hash).
#pragma once

#include <string>
#include <string_view>

namespace hotline::app {

std::string hash_password(std::string_view password);
bool verify_password(std::string_view password, const std::string& encoded_hash);

// Digest HA1 values for a SIP identity: H(user:realm:password) with MD5 and SHA-256 (RFC 8760).
struct SipHa1 {
  std::string md5;
  std::string sha256;
};
SipHa1 sip_ha1(std::string_view user, std::string_view realm, std::string_view password);

}  // namespace hotline::app
