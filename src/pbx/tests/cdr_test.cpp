#include "pbx/cdr.hpp"

#include <gtest/gtest.h>

namespace hotline::pbx {
namespace {

TEST(Cdr, DispositionForStatus) {
  EXPECT_STREQ(disposition_for_status(486), "busy");
  EXPECT_STREQ(disposition_for_status(603), "rejected");
  EXPECT_STREQ(disposition_for_status(480), "no_answer");
  EXPECT_STREQ(disposition_for_status(487), "cancelled");
  EXPECT_STREQ(disposition_for_status(500), "failed");
}

TEST(Cdr, DurationsOfAnAnsweredCall) {
  sip::CoreLoop loop;
  Call call(loop);
  call.id = "c";
  call.started_at = 1000;
  call.answered_at = 4000;
  call.ended_at = 64000;
  call.disposition = "answered";
  auto r = to_call_record(call);
  EXPECT_EQ(r.ring_ms, 3000);
  EXPECT_EQ(r.talk_ms, 60000);
  EXPECT_EQ(r.duration_ms, 63000);
}

TEST(Cdr, UnansweredCallHasNoTalkTime) {
  sip::CoreLoop loop;
  Call call(loop);
  call.started_at = 1000;
  call.ended_at = 31000;
  auto r = to_call_record(call);
  EXPECT_EQ(r.ring_ms, 30000);
  EXPECT_FALSE(r.talk_ms.has_value());
  EXPECT_FALSE(to_call_record(Call(loop)).duration_ms.has_value());
}

}  // namespace
}  // namespace hotline::pbx
