#include "media/rtp/jitter_buffer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <random>
#include <vector>

namespace hotline::media::rtp {
namespace {

constexpr std::uint32_t kFrameRtpUnits = 160;  // RTP units per 20 ms tick

struct Sent {
  std::uint16_t seq = 0;
  std::uint32_t ts = 0;
  std::uint32_t arrival = 0;
  bool marker = false;
};

struct Outcome {
  std::vector<PoppedFrame> ticks;  // payload spans are not kept
  JitterBufferStats stats;

  // Ticks with `status` between the first and the last frame played (not the prefill, not the end).
  std::size_t count_while_playing(PopStatus status) const {
    std::size_t first = 0;
    while (first < ticks.size() && ticks[first].status != PopStatus::Frame) ++first;
    std::size_t last = ticks.size();
    while (last > first && ticks[last - 1].status != PopStatus::Frame) --last;
    return static_cast<std::size_t>(std::count_if(ticks.begin() + static_cast<std::ptrdiff_t>(first),
                                                  ticks.begin() + static_cast<std::ptrdiff_t>(last),
                                                  [&](const PoppedFrame& f) { return f.status == status; }));
  }
  std::vector<std::uint32_t> played_timestamps() const {
    std::vector<std::uint32_t> out;
    for (const auto& f : ticks) {
      if (f.status == PopStatus::Frame) out.push_back(f.timestamp);
    }
    return out;
  }
};

// Feeds packets to the buffer at their arrival times and pops once per 20 ms tick.
Outcome simulate(std::vector<Sent> packets, std::uint32_t ticks, JitterBufferConfig config = {}) {
  std::stable_sort(packets.begin(), packets.end(),
                   [](const Sent& a, const Sent& b) { return a.arrival < b.arrival; });
  JitterBuffer buffer(config);
  Outcome outcome;
  std::size_t next = 0;
  const std::array<std::uint8_t, 160> payload{};
  for (std::uint32_t tick = 0; tick < ticks; ++tick) {
    const std::uint32_t now = tick * kFrameRtpUnits;
    for (; next < packets.size() && packets[next].arrival <= now; ++next) {
      RtpHeader header;
      header.sequence = packets[next].seq;
      header.timestamp = packets[next].ts;
      header.marker = packets[next].marker;
      buffer.push(header, payload, packets[next].arrival);
    }
    PoppedFrame frame = buffer.pop(now);
    frame.payload = {};
    outcome.ticks.push_back(frame);
  }
  outcome.stats = buffer.stats();
  return outcome;
}

// A stream of `count` 20 ms packets sent on time; seq starts near the wrap to cover it.
std::vector<Sent> stream(std::uint32_t count) {
  std::vector<Sent> packets;
  for (std::uint32_t i = 0; i < count; ++i) {
    packets.push_back(
        {static_cast<std::uint16_t>(65000 + i), 1'000'000 + i * kFrameRtpUnits, i * kFrameRtpUnits, i == 0});
  }
  return packets;
}

// Every frame from the first played to the last is accounted for exactly once, in order:
// nothing played twice or out of order, and playout stayed locked to the clock.
void expect_continuous(const Outcome& outcome) {
  const auto played = outcome.played_timestamps();
  ASSERT_FALSE(played.empty());
  for (std::size_t i = 1; i < played.size(); ++i) {
    ASSERT_GT(static_cast<std::int32_t>(played[i] - played[i - 1]), 0) << "at " << i;
  }
  std::size_t first = 0;
  while (outcome.ticks[first].status != PopStatus::Frame) ++first;
  std::size_t last = outcome.ticks.size() - 1;
  while (outcome.ticks[last].status != PopStatus::Frame) --last;
  EXPECT_EQ(last - first, (played.back() - played.front()) / kFrameRtpUnits);
}

TEST(JitterBuffer, InOrderStreamPlaysEveryFrameAfterTheTargetDelay) {
  const Outcome outcome = simulate(stream(200), 210);
  EXPECT_EQ(outcome.stats.played, 200u);
  EXPECT_EQ(outcome.count_while_playing(PopStatus::Missing), 0u);
  EXPECT_EQ(outcome.stats.late, 0u);
  EXPECT_EQ(outcome.stats.target_delay_ms, 40u);
  // Two silent ticks of prefill (40 ms), then the first frame.
  EXPECT_EQ(outcome.ticks[0].status, PopStatus::Silence);
  EXPECT_EQ(outcome.ticks[1].status, PopStatus::Silence);
  EXPECT_EQ(outcome.ticks[2].status, PopStatus::Frame);
  EXPECT_EQ(outcome.ticks[2].timestamp, 1'000'000u);
  EXPECT_EQ(outcome.ticks[2].sequence, 65000);
  expect_continuous(outcome);
}

TEST(JitterBuffer, ReorderedPacketsComeOutInOrder) {
  auto packets = stream(200);
  for (std::size_t i = 2; i + 1 < packets.size(); i += 2) {
    std::swap(packets[i].arrival, packets[i + 1].arrival);  // each pair arrives swapped
    packets[i].arrival += 5;                                // and a little late
  }
  const Outcome outcome = simulate(packets, 210);
  EXPECT_EQ(outcome.stats.played, 200u);
  EXPECT_EQ(outcome.count_while_playing(PopStatus::Missing), 0u);
  EXPECT_EQ(outcome.stats.late, 0u);
  expect_continuous(outcome);
}

TEST(JitterBuffer, APacketReorderedAheadOfTheFirstStillPlaysFirst) {
  auto packets = stream(20);
  packets[0].arrival = 30;  // the second packet arrives first
  const Outcome outcome = simulate(packets, 30);
  EXPECT_EQ(outcome.stats.played, 20u);
  EXPECT_EQ(outcome.played_timestamps().front(), 1'000'000u);
}

TEST(JitterBuffer, DuplicatesAreDroppedWhetherBufferedOrAlreadyPlayed) {
  auto packets = stream(200);
  std::vector<Sent> copies;
  for (std::size_t i = 0; i < packets.size(); i += 5) {
    Sent copy = packets[i];
    copy.arrival += (i % 10 == 0) ? 1 : 100;  // half while buffered, half after playing
    copies.push_back(copy);
  }
  packets.insert(packets.end(), copies.begin(), copies.end());
  const Outcome outcome = simulate(packets, 210);
  EXPECT_EQ(outcome.stats.played, 200u);
  EXPECT_EQ(outcome.stats.duplicates, 40u);
  EXPECT_EQ(outcome.count_while_playing(PopStatus::Missing), 0u);
  expect_continuous(outcome);
}

void run_random_loss(double loss_rate, std::uint32_t seed) {
  std::mt19937 random(seed);
  std::bernoulli_distribution lose(loss_rate);
  std::vector<Sent> packets;
  std::size_t lost = 0;
  for (const Sent& packet : stream(1000)) {
    if (lose(random) && packet.seq != 65000 && packet.seq != static_cast<std::uint16_t>(65000 + 999)) {
      ++lost;
    } else {
      packets.push_back(packet);
    }
  }
  const Outcome outcome = simulate(packets, 1010);
  EXPECT_EQ(outcome.stats.played, 1000u - lost);
  EXPECT_EQ(outcome.stats.late, 0u);
  // Each lost frame is a tick answered Missing, or Silence when a run of losses was long enough
  // to look like a pause.
  const std::size_t gaps =
      outcome.count_while_playing(PopStatus::Missing) + outcome.count_while_playing(PopStatus::Silence);
  EXPECT_EQ(gaps, lost);
  EXPECT_EQ(outcome.stats.skipped, 0u);
  expect_continuous(outcome);
}

TEST(JitterBuffer, FivePercentRandomLoss) { run_random_loss(0.05, 1); }
TEST(JitterBuffer, TwentyPercentRandomLoss) { run_random_loss(0.20, 2); }

TEST(JitterBuffer, BurstyJitterUpTo60MsAdaptsTheDelay) {
  // Every 25th packet the network stalls for 60 ms and then delivers what queued at once.
  auto packets = stream(1000);
  for (std::size_t i = 0; i < packets.size(); ++i) {
    const std::size_t in_burst = i % 25;
    if (i > 25 && in_burst < 3) packets[i].arrival = (i - in_burst) * kFrameRtpUnits + 60 * 8;
  }
  const Outcome outcome = simulate(packets, 1010);
  EXPECT_EQ(outcome.stats.target_delay_ms, 60u);
  EXPECT_LE(outcome.stats.late, 1u);  // only the first stall, before the delay grew
  EXPECT_GE(outcome.stats.played, 999u);
  EXPECT_LE(outcome.count_while_playing(PopStatus::Missing), 2u);
  const auto played = outcome.played_timestamps();
  for (std::size_t i = 1; i < played.size(); ++i) ASSERT_GT(played[i], played[i - 1]);
}

TEST(JitterBuffer, RandomJitterWithinTheMaximumLosesNothingOnceAdapted) {
  std::mt19937 random(3);
  std::uniform_int_distribution<std::uint32_t> jitter(0, 60 * 8);
  auto packets = stream(1000);
  for (auto& packet : packets) packet.arrival += jitter(random);
  const Outcome outcome = simulate(packets, 1010);
  EXPECT_EQ(outcome.stats.target_delay_ms, 60u);
  EXPECT_LE(outcome.stats.late, 5u);
  EXPECT_GE(outcome.stats.played, 995u);
  const auto played = outcome.played_timestamps();
  for (std::size_t i = 1; i < played.size(); ++i) ASSERT_GT(played[i], played[i - 1]);
}

// Talkspurt, 2 s of DTX (no packets; seq continues, ts jumps), talkspurt with the marker bit.
TEST(JitterBuffer, DtxGapIsSilenceAndTheNextTalkspurtResyncs) {
  std::vector<Sent> packets;
  for (std::uint32_t i = 0; i < 50; ++i)
    packets.push_back({static_cast<std::uint16_t>(i), i * kFrameRtpUnits, i * kFrameRtpUnits, i == 0});
  for (std::uint32_t i = 150; i < 200; ++i) {
    packets.push_back(
        {static_cast<std::uint16_t>(i - 100), i * kFrameRtpUnits, i * kFrameRtpUnits + 3, i == 150});
  }
  const Outcome outcome = simulate(packets, 210);
  EXPECT_EQ(outcome.stats.played, 100u);
  // The gap is concealed for at most 60 ms (the buffer cannot tell a pause from loss), then silent.
  EXPECT_LE(outcome.count_while_playing(PopStatus::Missing), 3u);
  EXPECT_EQ(outcome.stats.resyncs, 2u);
  EXPECT_EQ(outcome.stats.late, 0u);
}

TEST(JitterBuffer, AShortGapBeforeAMarkedTalkspurtIsNotConcealed) {
  std::vector<Sent> packets;
  for (std::uint32_t i = 0; i < 20; ++i)
    packets.push_back({static_cast<std::uint16_t>(i), i * kFrameRtpUnits, i * kFrameRtpUnits, i == 0});
  for (std::uint32_t i = 22; i < 40; ++i) {
    packets.push_back({static_cast<std::uint16_t>(i - 2), i * kFrameRtpUnits, i * kFrameRtpUnits, i == 22});
  }
  const Outcome outcome = simulate(packets, 45);
  EXPECT_EQ(outcome.stats.played, 38u);
  EXPECT_EQ(outcome.count_while_playing(PopStatus::Missing), 0u);
  EXPECT_EQ(outcome.stats.resyncs, 2u);
}

TEST(JitterBuffer, AContinuousSequenceAcrossATimestampJumpIsATalkspurtWithoutMarker) {
  std::vector<Sent> packets;
  for (std::uint32_t i = 0; i < 20; ++i)
    packets.push_back({static_cast<std::uint16_t>(i), i * kFrameRtpUnits, i * kFrameRtpUnits});
  for (std::uint32_t i = 22; i < 40; ++i)
    packets.push_back({static_cast<std::uint16_t>(i - 2), i * kFrameRtpUnits, i * kFrameRtpUnits});
  const Outcome outcome = simulate(packets, 45);
  EXPECT_EQ(outcome.stats.played, 38u);
  EXPECT_EQ(outcome.count_while_playing(PopStatus::Missing), 0u);
}

TEST(JitterBuffer, RefusesOversizedPayloadsAndOverflow) {
  JitterBuffer buffer;
  RtpHeader header;
  std::array<std::uint8_t, JitterBuffer::kMaxPayloadBytes + 1> big{};
  EXPECT_EQ(buffer.push(header, big, 0), PushResult::Oversized);
  const std::array<std::uint8_t, 160> payload{};
  for (std::uint16_t i = 0; i < JitterBuffer::kCapacity; ++i) {
    header.sequence = i;
    header.timestamp = i * kFrameRtpUnits;
    EXPECT_EQ(buffer.push(header, payload, 0), PushResult::Stored);
  }
  header.sequence = 99;
  header.timestamp = 99 * kFrameRtpUnits;
  EXPECT_EQ(buffer.push(header, payload, 0), PushResult::Overflow);
  EXPECT_EQ(buffer.stats().depth, JitterBuffer::kCapacity);
}

TEST(JitterBuffer, PayloadComesBackIntact) {
  JitterBuffer buffer;
  RtpHeader header;
  header.payload_type = 8;
  header.sequence = 5;
  header.timestamp = 800;
  const std::array<std::uint8_t, 3> payload = {1, 2, 3};
  ASSERT_EQ(buffer.push(header, payload, 800), PushResult::Stored);
  EXPECT_EQ(buffer.pop(800).status, PopStatus::Silence);
  EXPECT_EQ(buffer.pop(960).status, PopStatus::Silence);
  const PoppedFrame frame = buffer.pop(1120);
  ASSERT_EQ(frame.status, PopStatus::Frame);
  EXPECT_EQ(frame.payload_type, 8);
  ASSERT_EQ(frame.payload.size(), 3u);
  EXPECT_EQ(frame.payload[2], 3);
}

TEST(JitterBuffer, ResetStartsOverForANewSource) {
  JitterBuffer buffer;
  RtpHeader header;
  const std::array<std::uint8_t, 160> payload{};
  for (std::uint16_t i = 0; i < 4; ++i) {
    header.sequence = i;
    header.timestamp = i * kFrameRtpUnits;
    buffer.push(header, payload, i * kFrameRtpUnits);
  }
  buffer.reset();
  EXPECT_EQ(buffer.stats().depth, 0u);
  EXPECT_EQ(buffer.pop(1000).status, PopStatus::Silence);
  header.sequence = 7000;
  header.timestamp = 5'000'000;
  EXPECT_EQ(buffer.push(header, payload, 1000), PushResult::Stored);
  EXPECT_EQ(buffer.pop(1000 + 2 * kFrameRtpUnits).status, PopStatus::Frame);
}

}  // namespace
}  // namespace hotline::media::rtp
