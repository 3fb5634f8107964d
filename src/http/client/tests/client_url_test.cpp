#include "http/client/client_url.hpp"

#include <gtest/gtest.h>

namespace hotline::http_client {
namespace {

TEST(ClientUrlTest, TakesHttpAndHttpsApart) {
  auto plain = parse_client_url("http://127.0.0.1:8081/balance?caller=1001#top");
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_FALSE(plain->tls);
  EXPECT_EQ(plain->host, "127.0.0.1");
  EXPECT_EQ(plain->port, "8081");
  EXPECT_EQ(plain->target, "/balance?caller=1001");
  EXPECT_EQ(plain->host_header(), "127.0.0.1:8081");

  auto secure = parse_client_url("HTTPS://crm.example.com");
  ASSERT_TRUE(secure);
  EXPECT_TRUE(secure->tls);
  EXPECT_EQ(secure->port, "443");
  EXPECT_EQ(secure->target, "/");
  EXPECT_EQ(secure->host_header(), "crm.example.com");

  auto v6 = parse_client_url("http://[::1]:9000?q=1");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->target, "/?q=1");
  EXPECT_EQ(v6->host_header(), "[::1]:9000");
}

TEST(ClientUrlTest, RefusesWhatItCannotSendNamingTheProblem) {
  for (const char* url : {"ftp://host/x", "http://", "http://user:pw@host/", "http://host:0/",
                          "http://host:99999/", "http://host:8o/", "http://[::1/", "http://host/a b"}) {
    auto parsed = parse_client_url(url);
    ASSERT_FALSE(parsed) << url;
    EXPECT_EQ(parsed.error().code, ErrorCode::InvalidArgument) << url;
    EXPECT_EQ(parsed.error().field, "url") << url;
  }
}

}  // namespace
}  // namespace hotline::http_client
