// What counts as a failed authentication (towards a source's ban): a wrong password and an unknown
// user do; a request without credentials, which gets the normal challenge, does not.
#include "sip/request_authenticator.hpp"

#include <gtest/gtest.h>
#include <sofia-sip/msg.h>

#include <map>

#include "common/hash.hpp"

namespace hotline::sip {
namespace {

const TenantRealm kTenant{1, "hotline.demo"};

class OneExtension final : public IdentityDirectory {
 public:
  std::optional<TenantRealm> tenant_for_domain(const std::string&) const override { return kTenant; }
  std::optional<SipIdentity> identity(std::int64_t tenant_id, const std::string& user) const override {
    if (tenant_id != kTenant.tenant_id || user != "1001") return std::nullopt;
    return SipIdentity{kTenant.tenant_id, "1001", "", md5_hex("1001:hotline.demo:right-pw"),
                       sha256_hex("1001:hotline.demo:right-pw")};
  }
};

class RequestAuthenticatorTest : public ::testing::Test {
 protected:
  ~RequestAuthenticatorTest() override {
    for (msg_t* m : parsed_) msg_destroy(m);
  }

  // A REGISTER from `user`, with an Authorization answering the server's challenge with
  // `password`, or with no Authorization when `user` is empty.
  const sip_t* register_request(const std::string& user, const std::string& password) {
    std::string text =
        "REGISTER sip:hotline.demo SIP/2.0\r\n"
        "Via: SIP/2.0/UDP 127.0.0.2:5070;branch=z9hG4bK-1\r\n"
        "From: <sip:1001@hotline.demo>;tag=1\r\nTo: <sip:1001@hotline.demo>\r\n"
        "Call-ID: c1\r\nCSeq: 2 REGISTER\r\nContact: <sip:1001@127.0.0.2:5070>\r\n";
    if (!user.empty()) text += "Authorization: " + answer(user, password) + "\r\n";
    text += "Content-Length: 0\r\n\r\n";
    msg_t* msg = msg_make(sip_default_mclass(), 0, text.data(), static_cast<ssize_t>(text.size()));
    parsed_.push_back(msg);
    return sip_object(msg);
  }

  std::string answer(const std::string& user, const std::string& password) {
    std::string challenge = digest.challenge(kTenant.realm, DigestAlgorithm::Md5, false);
    auto start = challenge.find("nonce=\"") + 7;
    DigestCredentials c;
    c.username = user;
    c.realm = kTenant.realm;
    c.nonce = challenge.substr(start, challenge.find('"', start) - start);
    c.uri = "sip:hotline.demo";
    std::string ha1 = md5_hex(user + ":" + kTenant.realm + ":" + password);
    c.response = digest_response(DigestAlgorithm::Md5, ha1, "REGISTER", c);
    return "Digest username=\"" + user + "\", realm=\"" + c.realm + "\", nonce=\"" + c.nonce + "\", uri=\"" +
           c.uri + "\", response=\"" + c.response + "\", algorithm=MD5";
  }

  ManualClock clock;
  DigestAuthenticator digest{"secret", clock};
  OneExtension directory;
  RequestAuthenticator auth{directory, digest};
  std::vector<msg_t*> parsed_;
};

using Verdict = AuthDecision::Verdict;

TEST_F(RequestAuthenticatorTest, ARequestWithoutCredentialsIsChallengedNotRefused) {
  const sip_t* sip = register_request("", "");
  ASSERT_NE(sip, nullptr);
  EXPECT_EQ(auth.decide(sip, kTenant, false).verdict, Verdict::Challenge);
}

TEST_F(RequestAuthenticatorTest, TheRightPasswordIsAccepted) {
  auto decision = auth.decide(register_request("1001", "right-pw"), kTenant, false);
  EXPECT_EQ(decision.verdict, Verdict::Accepted);
  ASSERT_TRUE(decision.identity);
  EXPECT_EQ(decision.identity->user, "1001");
}

TEST_F(RequestAuthenticatorTest, AWrongPasswordAndAnUnknownUserAreRefusedAlike) {
  EXPECT_EQ(auth.decide(register_request("1001", "wrong-pw"), kTenant, false).verdict, Verdict::Refused);
  EXPECT_EQ(auth.decide(register_request("1999", "right-pw"), kTenant, false).verdict, Verdict::Refused);
}

TEST_F(RequestAuthenticatorTest, CredentialsForAnotherHeaderAreAChallenge) {
  // An INVITE is checked against Proxy-Authorization: an Authorization header does not count.
  EXPECT_EQ(auth.decide(register_request("1001", "wrong-pw"), kTenant, true).verdict, Verdict::Challenge);
}

TEST_F(RequestAuthenticatorTest, CredentialsAreOfferedOnlyForTheRealmInTheRightHeader) {
  // What decides whether an INVITE may be an anonymous call: whether it carries any credentials.
  const sip_t* bare = register_request("", "");
  const sip_t* with_credentials = register_request("1001", "wrong-pw");
  EXPECT_FALSE(RequestAuthenticator::offers_credentials(bare, kTenant, false));
  EXPECT_TRUE(RequestAuthenticator::offers_credentials(with_credentials, kTenant, false));
  EXPECT_FALSE(RequestAuthenticator::offers_credentials(with_credentials, kTenant, true));
  EXPECT_FALSE(
      RequestAuthenticator::offers_credentials(with_credentials, TenantRealm{2, "other.test"}, false));
}

}  // namespace
}  // namespace hotline::sip
