#include "media/pcm_queue.hpp"

#include <gtest/gtest.h>

#include <numeric>
#include <vector>

namespace hotline::media {
namespace {

std::vector<std::int16_t> ramp(std::int16_t first, std::size_t count) {
  std::vector<std::int16_t> samples(count);
  std::iota(samples.begin(), samples.end(), first);
  return samples;
}

std::vector<std::int16_t> pop(PcmQueue& queue, std::size_t count) {
  std::vector<std::int16_t> out(count, -1);
  queue.pop_frame(out);
  return out;
}

TEST(PcmQueue, FramesComeOutInOrderAcrossTheEndOfTheRing) {
  PcmQueue queue;
  std::int16_t next_in = 0;
  std::int16_t next_out = 0;
  // 160-sample frames in, then out, past the end of the 1,600-sample ring several times; the
  // queue holds 1 to 3 frames so that its head and tail wrap at different moments.
  for (int round = 0; round < 40; ++round) {
    for (int i = 0; i < (round % 3) + 1; ++i) {
      queue.push(ramp(next_in, 160));
      next_in = static_cast<std::int16_t>(next_in + 160);
    }
    while (queue.size() >= 160) {
      EXPECT_EQ(pop(queue, 160), ramp(next_out, 160)) << "round " << round;
      next_out = static_cast<std::int16_t>(next_out + 160);
    }
  }
  EXPECT_EQ(queue.size(), 0u);
}

TEST(PcmQueue, AFullQueueKeepsTheNewestAudio) {
  PcmQueue queue;
  queue.push(ramp(0, 1000));
  queue.push(ramp(1000, 1000));  // 400 of the oldest are dropped
  EXPECT_EQ(queue.size(), PcmQueue::kCapacity);
  EXPECT_EQ(pop(queue, 160), ramp(400, 160));
  queue.push(ramp(2000, 5000));  // more than the ring: only the last 1,600 count
  EXPECT_EQ(queue.size(), PcmQueue::kCapacity);
  EXPECT_EQ(pop(queue, 1600), ramp(5400, 1600));
}

TEST(PcmQueue, AShortQueueIsFilledOutWithSilence) {
  PcmQueue queue;
  std::vector<std::int16_t> out(160, -1);
  EXPECT_FALSE(queue.pop_frame(out));
  EXPECT_EQ(out, std::vector<std::int16_t>(160, 0));
  queue.push(ramp(1, 100));
  EXPECT_TRUE(queue.pop_frame(out));
  std::vector<std::int16_t> expected = ramp(1, 100);
  expected.resize(160, 0);
  EXPECT_EQ(out, expected);
  EXPECT_EQ(queue.size(), 0u);
}

}  // namespace
}  // namespace hotline::media
