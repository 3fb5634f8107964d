#include "media/rtp/loss_concealer.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>

namespace hotline::media::rtp {
namespace {

using Frame = std::array<std::int16_t, LossConcealer::kFrameSamples>;

Frame constant(std::int16_t value) {
  Frame frame;
  frame.fill(value);
  return frame;
}

TEST(LossConcealer, RepeatsTheLastFrameFadingToSilenceOverThreeFrames) {
  LossConcealer concealer;
  Frame good = constant(3000);
  concealer.on_good_frame(good);
  Frame out{};
  concealer.conceal(out);
  EXPECT_EQ(out.front(), 3000);       // starts at full level: no click
  EXPECT_NEAR(out.back(), 2000, 15);  // ends near 2/3
  concealer.conceal(out);
  EXPECT_NEAR(out.front(), 2000, 15);
  EXPECT_NEAR(out.back(), 1000, 15);
  concealer.conceal(out);
  EXPECT_NEAR(out.front(), 1000, 15);
  EXPECT_NEAR(out.back(), 0, 20);
  concealer.conceal(out);
  EXPECT_EQ(out, Frame{});
  EXPECT_EQ(concealer.consecutive_missing(), 4);
}

TEST(LossConcealer, FadesBackInAfterAConcealment) {
  LossConcealer concealer;
  Frame good = constant(3000);
  concealer.on_good_frame(good);
  Frame out{};
  for (int i = 0; i < 4; ++i) concealer.conceal(out);  // faded all the way out
  Frame next = constant(3000);
  concealer.on_good_frame(next);
  EXPECT_EQ(next[0], 0);
  EXPECT_NEAR(next[20], 1500, 10);
  EXPECT_EQ(next[LossConcealer::kFadeInSamples], 3000);
  EXPECT_EQ(concealer.consecutive_missing(), 0);
  // A frame that follows a good one is left alone.
  Frame after = constant(3000);
  concealer.on_good_frame(after);
  EXPECT_EQ(after[0], 3000);
}

TEST(LossConcealer, WithoutAGoodFrameConcealsWithSilence) {
  LossConcealer concealer;
  Frame out = constant(5);
  concealer.conceal(out);
  EXPECT_EQ(out, Frame{});
  Frame loud = constant(100);
  concealer.on_good_frame(loud);
  concealer.reset();
  out = constant(5);
  concealer.conceal(out);
  EXPECT_EQ(out, Frame{});
}

}  // namespace
}  // namespace hotline::media::rtp
