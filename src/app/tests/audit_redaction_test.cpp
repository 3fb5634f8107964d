#include "app/audit_redaction.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace hotline::app {
namespace {

TEST(AuditRedaction, SecretFieldsAreRedactedAtAnyDepth) {
  auto redacted = redact_secrets(
      R"({"username":"alice","password":"p1","nested":{"sip_password":"p2","list":[{"token":"t","secret":"s"}]},)"
      R"("current_password":"c","new_password":"n","name":"kept"})");
  ASSERT_TRUE(redacted);
  auto body = nlohmann::json::parse(*redacted);
  EXPECT_EQ(body["username"], "alice");
  EXPECT_EQ(body["name"], "kept");
  for (const auto& value :
       {body["password"], body["nested"]["sip_password"], body["nested"]["list"][0]["token"],
        body["nested"]["list"][0]["secret"], body["current_password"], body["new_password"]})
    EXPECT_EQ(value, "[redacted]");
  EXPECT_EQ(redacted->find("p1"), std::string::npos);
}

TEST(AuditRedaction, WhatIsNotJsonIsNotKept) {
  EXPECT_FALSE(redact_secrets(""));
  EXPECT_FALSE(redact_secrets("RIFF....WAVEfmt "));
  EXPECT_EQ(redact_secrets("[1,2]"), "[1,2]");
}

}  // namespace
}  // namespace hotline::app
