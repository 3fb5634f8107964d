#include "app/passwords.hpp"

#include <gtest/gtest.h>

namespace hotline::app {
namespace {

TEST(Passwords, HashVerifiesRoundTrip) {
  std::string hash = hash_password("correct horse");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_NE(hash.find("m=19456,t=2,p=1"), std::string::npos) << hash;
  EXPECT_TRUE(verify_password("correct horse", hash));
}

TEST(Passwords, WrongPasswordFails) {
  std::string hash = hash_password("correct horse");
  EXPECT_FALSE(verify_password("correct horse ", hash));
  EXPECT_FALSE(verify_password("", hash));
  EXPECT_FALSE(verify_password("correct horse", "not a hash"));
}

TEST(Passwords, SaltMakesEveryHashDifferent) { EXPECT_NE(hash_password("same"), hash_password("same")); }

TEST(Passwords, SipHa1KnownVector) {
  // printf %s "1001:hotline.demo:secret" | md5sum (and | sha256sum)
  SipHa1 ha1 = sip_ha1("1001", "hotline.demo", "secret");
  EXPECT_EQ(ha1.md5, "5077671e66c2f7f7010ebd7047578c5a");
  EXPECT_EQ(ha1.sha256, "c16d1a0df31da4de0144f7b193a6b988a9fe8727177e467cbe11a7c5b006a75e");
}

}  // namespace
}  // namespace hotline::app
