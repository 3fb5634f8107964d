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

// A leg's row carries what the server measured of its RTP and what its RTCP reported about the
// audio it heard; a leg with neither leaves the columns null.
TEST(Cdr, LegRecordCarriesMeasuredAndReportedQuality) {
  sip::CoreLoop loop;
  Call call(loop);
  call.id = "c";
  Leg leg;
  leg.call = &call;
  EXPECT_FALSE(to_leg_record(leg, 1).remote_fraction_lost.has_value());
  EXPECT_FALSE(to_leg_record(leg, 1).round_trip_ms.has_value());

  leg.quality = media::ReceiveQuality{500, 3, 1.5};
  leg.remote_report = media::RemoteReport{0.25, 12, 20.0, std::nullopt};
  auto r = to_leg_record(leg, 1);
  EXPECT_EQ(r.rtp_received, 500);
  EXPECT_EQ(r.rtp_lost, 3);
  EXPECT_EQ(r.remote_fraction_lost, 0.25);
  EXPECT_EQ(r.remote_lost, 12);
  EXPECT_EQ(r.remote_jitter_ms, 20.0);
  EXPECT_FALSE(r.round_trip_ms.has_value()) << "no report answered an SR";
  leg.remote_report->round_trip_ms = 42.0;
  EXPECT_EQ(to_leg_record(leg, 1).round_trip_ms, 42.0);
}

}  // namespace
}  // namespace hotline::pbx
