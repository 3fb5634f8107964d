#include "app/passwords.hpp"

#include <argon2.h>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>
#include <string>

#include "common/hash.hpp"

namespace hotline::app {
namespace {

// OWASP's argon2id baseline: 19 MiB of memory, 2 passes, 1 lane.
constexpr std::uint32_t kTimeCost = 2;
constexpr std::uint32_t kMemoryKiB = 19 * 1024;
constexpr std::uint32_t kParallelism = 1;
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;

}  // namespace

// A failure here (no entropy, no memory) is a broken machine, not an expected outcome: it throws.
std::string hash_password(std::string_view password) {
  std::array<unsigned char, kSaltBytes> salt{};
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
    throw std::runtime_error("RAND_bytes failed while salting a password");
  }
  std::string encoded(
      argon2_encodedlen(kTimeCost, kMemoryKiB, kParallelism, kSaltBytes, kHashBytes, Argon2_id), '\0');
  int rc = argon2id_hash_encoded(kTimeCost, kMemoryKiB, kParallelism, password.data(), password.size(),
                                 salt.data(), salt.size(), kHashBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) throw std::runtime_error(std::string("argon2id: ") + argon2_error_message(rc));
  encoded.resize(std::char_traits<char>::length(encoded.c_str()));
  return encoded;
}

bool verify_password(std::string_view password, const std::string& encoded_hash) {
  return argon2id_verify(encoded_hash.c_str(), password.data(), password.size()) == ARGON2_OK;
}

SipHa1 sip_ha1(std::string_view user, std::string_view realm, std::string_view password) {
  std::string input;
  input.reserve(user.size() + realm.size() + password.size() + 2);
  input.append(user).append(":").append(realm).append(":").append(password);
  return {md5_hex(input), sha256_hex(input)};
}

}  // namespace hotline::app
