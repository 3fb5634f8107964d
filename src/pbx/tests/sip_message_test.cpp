#include "pbx/sip_message.hpp"

#include <gtest/gtest.h>

namespace hotline::pbx {
namespace {

TEST(ParseInfoDtmf, DtmfRelayWithDuration) {
  auto d = parse_info_dtmf("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->digit, '5');
  EXPECT_EQ(d->duration_ms, 160);
  EXPECT_EQ(parse_info_dtmf("Application/DTMF-Relay", "signal = #\r\n")->digit, '#');
  EXPECT_FALSE(parse_info_dtmf("application/dtmf-relay", "Signal=5\r\n")->duration_ms.has_value());
}

TEST(ParseInfoDtmf, PlainDtmfAndRejects) {
  EXPECT_EQ(parse_info_dtmf("application/dtmf", "b\r\n")->digit, 'B');
  EXPECT_FALSE(parse_info_dtmf("application/dtmf-relay", "Duration=160").has_value());
  EXPECT_FALSE(parse_info_dtmf("application/dtmf-relay", "Signal=55").has_value());
  EXPECT_FALSE(parse_info_dtmf("application/dtmf", "x").has_value());
  EXPECT_FALSE(parse_info_dtmf("application/media_control+xml", "<x/>").has_value());
}

}  // namespace
}  // namespace hotline::pbx
