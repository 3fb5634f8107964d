#include "sip/digest.hpp"

#include <gtest/gtest.h>

#include "common/hash.hpp"

namespace hotline::sip {
namespace {

// RFC 2617 §3.5 example.
TEST(Digest, Rfc2617Vector) {
  auto c = parse_digest_credentials(
      R"(Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093",)"
      R"( uri="/dir/index.html", qop=auth, nc=00000001, cnonce="0a4f113b",)"
      R"( response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41")");
  ASSERT_TRUE(c.ok()) << c.error().message;
  auto ha1 = md5_hex("Mufasa:testrealm@host.com:Circle Of Life");
  EXPECT_EQ(digest_response(DigestAlgorithm::Md5, ha1, "GET", *c), "6629fae49393a05397450978507c4ef1");
}

TEST(Digest, ParseRejectsBadInput) {
  EXPECT_FALSE(parse_digest_credentials("Basic dXNlcjpwYXNz").ok());
  EXPECT_FALSE(parse_digest_credentials("Digest username=\"a\"").ok());
  EXPECT_FALSE(parse_digest_credentials("Digest username=\"a, nonce=x").ok());
  EXPECT_FALSE(parse_digest_credentials("Digest username=a,nonce=b,uri=c,response=d,algorithm=SHA-512").ok());
  auto e = parse_digest_credentials("Digest username=a,nonce=b,uri=c,response=d,qop=auth");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().field, "Authorization");
}

struct Fixture {
  ManualClock clock;
  DigestAuthenticator auth{"secret", clock, 300'000};
  std::string ha1_md5 = md5_hex("1001:hotline.demo:pw");
  std::string ha1_sha = sha256_hex("1001:hotline.demo:pw");

  DigestCredentials answer(const std::string& challenge, DigestAlgorithm alg, const std::string& ha1) {
    auto start = challenge.find("nonce=\"") + 7;
    DigestCredentials c;
    c.username = "1001";
    c.realm = "hotline.demo";
    c.nonce = challenge.substr(start, challenge.find('"', start) - start);
    c.uri = "sip:hotline.demo";
    c.algorithm = alg;
    c.qop = "auth";
    c.nc = "00000001";
    c.cnonce = "abc";
    c.response = digest_response(alg, ha1, "REGISTER", c);
    return c;
  }
};

TEST(DigestAuthenticator, AcceptsMd5AndSha256) {
  Fixture f;
  auto md5 = f.answer(f.auth.challenge("hotline.demo", DigestAlgorithm::Md5, false), DigestAlgorithm::Md5,
                      f.ha1_md5);
  EXPECT_EQ(f.auth.verify(md5, "REGISTER", f.ha1_md5), DigestVerdict::Ok);
  auto sha = f.answer(f.auth.challenge("hotline.demo", DigestAlgorithm::Sha256, false),
                      DigestAlgorithm::Sha256, f.ha1_sha);
  EXPECT_EQ(f.auth.verify(sha, "REGISTER", f.ha1_sha), DigestVerdict::Ok);
  EXPECT_EQ(f.auth.verify(sha, "INVITE", f.ha1_sha), DigestVerdict::WrongPassword);
}

TEST(DigestAuthenticator, WrongPasswordForgedAndStaleNonces) {
  Fixture f;
  auto challenge = f.auth.challenge("hotline.demo", DigestAlgorithm::Md5, false);
  auto wrong = f.answer(challenge, DigestAlgorithm::Md5, md5_hex("1001:hotline.demo:nope"));
  EXPECT_EQ(f.auth.verify(wrong, "REGISTER", f.ha1_md5), DigestVerdict::WrongPassword);

  auto forged = f.answer(challenge, DigestAlgorithm::Md5, f.ha1_md5);
  forged.nonce[forged.nonce.size() - 1] ^= 1;
  EXPECT_EQ(f.auth.verify(forged, "REGISTER", f.ha1_md5), DigestVerdict::BadNonce);

  auto good = f.answer(challenge, DigestAlgorithm::Md5, f.ha1_md5);
  f.clock.advance_ms(300'001);
  EXPECT_EQ(f.auth.verify(good, "REGISTER", f.ha1_md5), DigestVerdict::StaleNonce);
  EXPECT_NE(f.auth.challenge("hotline.demo", DigestAlgorithm::Md5, true).find("stale=true"),
            std::string::npos);
}

TEST(DigestAuthenticator, NonceFromAnotherSecretIsRejected) {
  Fixture f;
  DigestAuthenticator other("other-secret", f.clock);
  auto c =
      f.answer(other.challenge("hotline.demo", DigestAlgorithm::Md5, false), DigestAlgorithm::Md5, f.ha1_md5);
  EXPECT_EQ(f.auth.verify(c, "REGISTER", f.ha1_md5), DigestVerdict::BadNonce);
}

}  // namespace
}  // namespace hotline::sip
