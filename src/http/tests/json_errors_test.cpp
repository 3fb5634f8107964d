#include "http/json_errors.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace hotline::http {
namespace {

nlohmann::json body_of(const ApiResponse& response) { return nlohmann::json::parse(response.body); }

std::string header(const ApiResponse& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return {};
}

TEST(JsonErrorsTest, InvalidArgumentNamesTheField) {
  ApiResponse response = error_response(Error::invalid("limit", "limit must be from 1 to 500"));
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(
      body_of(response),
      nlohmann::json::parse(R"({"error":{"code":"invalid_argument","message":"limit must be from 1 to 500",
                                     "field":"limit"}})"));
}

TEST(JsonErrorsTest, FieldIsOmittedWhenEmpty) {
  ApiResponse response = error_response(Error::not_found("no call x"));
  EXPECT_EQ(response.status, 404);
  nlohmann::json error = body_of(response)["error"];
  EXPECT_EQ(error["code"], "not_found");
  EXPECT_FALSE(error.contains("field"));
}

TEST(JsonErrorsTest, EveryCodeMapsToAStatus) {
  EXPECT_EQ(http_status_for(ErrorCode::InvalidArgument), 400);
  EXPECT_EQ(http_status_for(ErrorCode::Unauthenticated), 401);
  EXPECT_EQ(http_status_for(ErrorCode::PermissionDenied), 403);
  EXPECT_EQ(http_status_for(ErrorCode::NotFound), 404);
  EXPECT_EQ(http_status_for(ErrorCode::Conflict), 409);
  EXPECT_EQ(http_status_for(ErrorCode::Internal), 500);
  EXPECT_EQ(http_status_for(ErrorCode::Unavailable), 503);
}

TEST(JsonErrorsTest, UnauthenticatedCarriesChallenge) {
  ApiResponse response = unauthenticated_response("token expired");
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(header(response, "WWW-Authenticate"), "Bearer");
  EXPECT_EQ(body_of(response)["error"]["code"], "unauthenticated");
}

TEST(JsonErrorsTest, ExplicitStatusKeepsCode) {
  ApiResponse response = error_response(413, Error::invalid("body", "too big"));
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(body_of(response)["error"]["field"], "body");
}

TEST(JsonErrorsTest, InvalidUtf8IsReplacedNotThrown) {
  ApiResponse response = json_response(200, {{"caller", std::string("\xff\xfe")}});
  EXPECT_EQ(response.status, 200);
  EXPECT_NO_THROW(body_of(response));
}

}  // namespace
}  // namespace hotline::http
