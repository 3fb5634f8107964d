#include "http/url.hpp"

#include <gtest/gtest.h>

#include "http/session_token.hpp"

namespace hotline::http {
namespace {

TEST(UrlTest, EmbedOriginsAreSchemeHostAndPortOnly) {
  EXPECT_TRUE(is_embed_origin("https://crm.example.com"));
  EXPECT_TRUE(is_embed_origin("http://127.0.0.1:9000"));
  EXPECT_FALSE(is_embed_origin("crm.example.com"));
  EXPECT_FALSE(is_embed_origin("https://crm.example.com/path"));
  EXPECT_FALSE(is_embed_origin("https://a.com 'unsafe-inline'"));
  EXPECT_FALSE(is_embed_origin("https://"));
}

TEST(UrlTest, SplitsTarget) {
  EXPECT_EQ(split_target("/a/b?x=1").path, "/a/b");
  EXPECT_EQ(split_target("/a/b?x=1").query, "x=1");
  EXPECT_EQ(split_target("/a").query, "");
}

TEST(UrlTest, PercentDecodes) {
  EXPECT_EQ(percent_decode("a%20b%2B1+2"), "a b+1+2");
  EXPECT_FALSE(percent_decode("%4"));
  EXPECT_FALSE(percent_decode("%zz"));
}

TEST(UrlTest, ParsesQuery) {
  auto params = parse_query("number=%2B86&limit=5&&flag&limit=6");
  ASSERT_TRUE(params);
  EXPECT_EQ(params->at("number"), "+86");
  EXPECT_EQ(params->at("limit"), "6");
  EXPECT_EQ(params->at("flag"), "");
}

TEST(UrlTest, BadEscapeNamesParameter) {
  auto params = parse_query("a=1&number=%G1");
  ASSERT_FALSE(params);
  EXPECT_EQ(params.error().field, "number");
}

TEST(UrlTest, ParsesIntegersStrictly) {
  EXPECT_EQ(parse_int64("42"), 42);
  EXPECT_EQ(parse_int64("-7"), -7);
  EXPECT_FALSE(parse_int64(""));
  EXPECT_FALSE(parse_int64("4x"));
  EXPECT_FALSE(parse_int64(" 4"));
  EXPECT_FALSE(parse_int64("99999999999999999999"));
}

TEST(SessionTokenTest, ReadsBearerToken) {
  EXPECT_EQ(bearer_token("Bearer abc"), "abc");
  EXPECT_EQ(bearer_token("bearer  abc "), "abc");
  EXPECT_FALSE(bearer_token("Basic abc"));
  EXPECT_FALSE(bearer_token("Bearer"));
  EXPECT_FALSE(bearer_token("Bearer a b"));
}

TEST(SessionTokenTest, ReadsCookie) {
  EXPECT_EQ(cookie_value("a=1; hotline_session=tok; b=2", "hotline_session"), "tok");
  EXPECT_EQ(cookie_value("hotline_session=\"tok\"", "hotline_session"), "tok");
  EXPECT_FALSE(cookie_value("xhotline_session=tok", "hotline_session"));
  EXPECT_FALSE(cookie_value("hotline_session=", "hotline_session"));
}

TEST(SessionTokenTest, AuthorizationHeaderWinsOverCookie) {
  EXPECT_EQ(session_token("Bearer h", "hotline_session=c"), "h");
  EXPECT_EQ(session_token("", "hotline_session=c"), "c");
  EXPECT_FALSE(session_token("Basic x", "hotline_session=c"));
}

TEST(SessionTokenTest, CookieAttributes) {
  EXPECT_EQ(session_cookie("t"), "hotline_session=t; Path=/; HttpOnly; SameSite=Strict");
}

}  // namespace
}  // namespace hotline::http
