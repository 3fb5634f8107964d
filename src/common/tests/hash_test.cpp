#include "common/hash.hpp"
#include "common/ids.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace hotline {
namespace {

TEST(Hash, KnownDigests) {
  EXPECT_EQ(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Hash, RandomPasswordUsesUnambiguousAlphabet) {
  auto p = random_password(64);
  EXPECT_EQ(p.size(), 64u);
  EXPECT_EQ(p.find_first_of("0O1lI"), std::string::npos);
  EXPECT_NE(random_password(16), random_password(16));
}

TEST(Ids, UuidV4Format) {
  static const std::regex kUuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(std::regex_match(new_uuid(), kUuid));
}

}  // namespace
}  // namespace hotline
