// Hex digests and random tokens (OpenSSL). Used for SIP digest HA1 values and session tokens.
#pragma once

#include <string>
#include <string_view>

namespace hotline {

std::string md5_hex(std::string_view data);
std::string sha256_hex(std::string_view data);

// `bytes` bytes from the OS CSPRNG, hex encoded (2 * bytes characters).
std::string random_hex(std::size_t bytes);

// A password made of unambiguous letters and digits, for generated SIP and admin secrets.
std::string random_password(std::size_t length);

}  // namespace hotline
