#include "http/call_query.hpp"

#include <gtest/gtest.h>

namespace hotline::http {
namespace {

TEST(CallQueryTest, DefaultsAndTenant) {
  auto query = parse_call_query({}, 7);
  ASSERT_TRUE(query);
  EXPECT_EQ(query->tenant_id, 7);
  EXPECT_EQ(query->limit, 50);
  EXPECT_EQ(query->offset, 0);
  EXPECT_FALSE(query->from_ms);
  EXPECT_FALSE(query->number);
}

TEST(CallQueryTest, ReadsEveryFilter) {
  auto query = parse_call_query({{"from", "10"},
                                 {"to", "20"},
                                 {"number", "1001"},
                                 {"direction", "inbound"},
                                 {"limit", "500"},
                                 {"offset", "3"},
                                 {"unknown", "x"}},
                                1);
  ASSERT_TRUE(query);
  EXPECT_EQ(query->from_ms, 10);
  EXPECT_EQ(query->to_ms, 20);
  EXPECT_EQ(query->number, "1001");
  EXPECT_EQ(query->direction, "inbound");
  EXPECT_EQ(query->limit, 500);
  EXPECT_EQ(query->offset, 3);
}

void expect_invalid(const QueryParams& params, const std::string& field) {
  auto query = parse_call_query(params, 1);
  ASSERT_FALSE(query) << field;
  EXPECT_EQ(query.error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(query.error().field, field);
}

TEST(CallQueryTest, RejectsBadValuesNamingTheParameter) {
  expect_invalid({{"limit", "0"}}, "limit");
  expect_invalid({{"limit", "501"}}, "limit");
  expect_invalid({{"limit", "ten"}}, "limit");
  expect_invalid({{"offset", "-1"}}, "offset");
  expect_invalid({{"offset", "99999999999"}}, "offset");
  expect_invalid({{"from", "yesterday"}}, "from");
  expect_invalid({{"to", ""}}, "to");
  expect_invalid({{"from", "20"}, {"to", "10"}}, "to");
  expect_invalid({{"direction", "sideways"}}, "direction");
}

}  // namespace
}  // namespace hotline::http
