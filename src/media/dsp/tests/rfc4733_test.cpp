#include "media/dsp/rfc4733.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <iostream>
#include <random>
#include <string>
#include <vector>

namespace hotline::media::dsp {
namespace {

constexpr std::uint64_t kTick = 160;  // 20 ms at 8 kHz

// A packet as it travels: what the sender put in the RTP header and payload, and when it arrives.
struct WirePacket {
  std::array<std::uint8_t, kTelephoneEventBytes> payload{};
  std::uint32_t timestamp = 0;
  std::uint16_t seq = 0;
  std::uint64_t arrival = 0;
  bool end = false;
  std::uint16_t duration = 0;
  std::size_t digit_index = 0;
};

std::vector<Rfc4733Packet> encode(const std::string& digits, std::uint32_t duration_ms,
                                  std::uint32_t gap_ms = 100) {
  Rfc4733Encoder encoder;
  EXPECT_TRUE(encoder.start(digits, duration_ms, gap_ms));
  std::vector<Rfc4733Packet> packets;
  Rfc4733Packet p;
  while (encoder.next(p)) packets.push_back(p);
  return packets;
}

// Puts the encoder's packets on the wire from an RTP timestamp and sequence base, arriving at
// their send time (plus `start`).
std::vector<WirePacket> to_wire(const std::vector<Rfc4733Packet>& packets, std::uint32_t timestamp_base,
                                std::uint16_t seq_base, std::uint64_t start = 1000) {
  std::vector<WirePacket> wire;
  std::size_t digit_index = 0;
  for (std::size_t i = 0; i < packets.size(); ++i) {
    if (i > 0 && packets[i].timestamp_offset != packets[i - 1].timestamp_offset) ++digit_index;
    WirePacket w;
    write_telephone_event(packets[i].event, w.payload);
    w.timestamp = timestamp_base + packets[i].timestamp_offset;
    w.seq = static_cast<std::uint16_t>(seq_base + i);
    w.arrival = start + packets[i].send_offset;
    w.end = packets[i].event.end;
    w.duration = packets[i].event.duration;
    w.digit_index = digit_index;
    wire.push_back(w);
  }
  return wire;
}

// Delivers packets in the given order, ticking every 20 ms of arrival time, then runs the clock
// on for two seconds so any open event times out.
std::vector<DtmfDigit> deliver(Rfc4733Decoder& decoder, const std::vector<WirePacket>& wire) {
  std::vector<DtmfDigit> digits;
  auto drain = [&] {
    DtmfDigit d;
    while (decoder.poll(d)) digits.push_back(d);
  };
  std::uint64_t now = wire.empty() ? 0 : wire.front().arrival;
  for (const auto& w : wire) {
    for (; now + kTick <= w.arrival; now += kTick) decoder.tick(now);
    decoder.on_packet(w.payload, w.timestamp, w.seq, std::max(now, w.arrival));
    drain();
  }
  for (std::uint64_t end = now + 16000; now <= end; now += kTick) decoder.tick(now);
  drain();
  return digits;
}

std::vector<DtmfDigit> deliver(const std::vector<WirePacket>& wire) {
  Rfc4733Decoder decoder;
  return deliver(decoder, wire);
}

std::string digits_of(const std::vector<DtmfDigit>& digits) {
  std::string s;
  for (const auto& d : digits) s += d.digit;
  return s;
}

TEST(TelephoneEventTest, PayloadLayoutFollowsRfc4733) {
  std::array<std::uint8_t, 4> bytes{};
  ASSERT_EQ(write_telephone_event({.event = 5, .end = true, .volume = 10, .duration = 800}, bytes), 4u);
  EXPECT_EQ(bytes, (std::array<std::uint8_t, 4>{0x05, 0x8A, 0x03, 0x20}));
  const auto parsed = parse_telephone_event(bytes);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(*parsed, (TelephoneEvent{.event = 5, .end = true, .volume = 10, .duration = 800}));
  EXPECT_FALSE(parse_telephone_event(std::span(bytes).first(3)).has_value());
  std::array<std::uint8_t, 3> short_out{};
  EXPECT_EQ(write_telephone_event({}, short_out), 0u);
}

TEST(Rfc4733EncoderTest, OneDigitIsStartUpdatesAndThreeEnds) {
  const auto packets = encode("5", 100);
  ASSERT_EQ(packets.size(), 7u);  // 4 updates (20..80 ms) and 3 ends at 100 ms
  for (std::size_t i = 0; i < packets.size(); ++i) {
    EXPECT_EQ(packets[i].event.event, 5);
    EXPECT_EQ(packets[i].timestamp_offset, 0u);
    EXPECT_EQ(packets[i].marker, i == 0);
    EXPECT_EQ(packets[i].event.end, i >= 4);
  }
  EXPECT_EQ(packets[0].event.duration, 160);
  EXPECT_EQ(packets[3].event.duration, 640);
  EXPECT_EQ(packets[4].event.duration, 800);
  EXPECT_EQ(packets[6].event.duration, 800);
  EXPECT_EQ(packets[0].send_offset, 160u);
  EXPECT_EQ(packets[4].send_offset, 800u);
  EXPECT_EQ(packets[6].send_offset, 1120u);
}

TEST(Rfc4733EncoderTest, APressShorterThanAPacketIsThreeEndsWithTheMarkerOnTheFirst) {
  const auto packets = encode("#", 10);
  ASSERT_EQ(packets.size(), 3u);
  EXPECT_TRUE(packets[0].marker);
  EXPECT_FALSE(packets[1].marker);
  for (const auto& p : packets) {
    EXPECT_TRUE(p.event.end);
    EXPECT_EQ(p.event.event, 11);
    EXPECT_EQ(p.event.duration, 80);
  }
}

TEST(Rfc4733EncoderTest, SeveralDigitsGetTheirOwnTimestampsInSendOrder) {
  const auto packets = encode("12", 100, 60);
  ASSERT_EQ(packets.size(), 14u);
  EXPECT_EQ(packets[7].timestamp_offset, 800u + 480u);
  EXPECT_TRUE(packets[7].marker);
  for (std::size_t i = 1; i < packets.size(); ++i)
    EXPECT_LT(packets[i - 1].send_offset, packets[i].send_offset);
}

TEST(Rfc4733EncoderTest, RejectsWhatIsNotADigit) {
  Rfc4733Encoder encoder;
  EXPECT_FALSE(encoder.start("1x", 100));
  EXPECT_FALSE(encoder.start("1", 0));
  EXPECT_FALSE(encoder.active());
}

TEST(Rfc4733DecoderTest, CleanSequenceGivesEachDigitOnceWithItsDuration) {
  const auto digits = deliver(to_wire(encode("159#", 120), 1234, 77));
  ASSERT_EQ(digits_of(digits), "159#");
  for (const auto& d : digits) {
    EXPECT_EQ(d.duration_ms, 120u);
    EXPECT_EQ(d.source, DtmfDigit::Source::Rfc4733);
  }
}

TEST(Rfc4733DecoderTest, LostStartPacketStillGivesTheDigit) {
  auto wire = to_wire(encode("7", 200), 5000, 1);
  wire.erase(wire.begin());
  const auto digits = deliver(wire);
  ASSERT_EQ(digits_of(digits), "7");
  EXPECT_EQ(digits[0].duration_ms, 200u);
}

TEST(Rfc4733DecoderTest, LostEndPacketsAreInferredFromTheNextEvent) {
  auto wire = to_wire(encode("12", 200), 5000, 1);
  std::erase_if(wire, [](const WirePacket& w) { return w.end && w.digit_index == 0; });
  Rfc4733Decoder decoder({.end_timeout_ms = 10000});  // only the next event can end the first
  const auto digits = deliver(decoder, wire);
  ASSERT_EQ(digits_of(digits), "12");
  EXPECT_EQ(digits[0].duration_ms, 180u);  // the last update seen
  EXPECT_EQ(digits[1].duration_ms, 200u);
}

TEST(Rfc4733DecoderTest, LostEndPacketsAreInferredAfterTheTimeout) {
  auto wire = to_wire(encode("3", 200), 5000, 1);
  std::erase_if(wire, [](const WirePacket& w) { return w.end; });
  Rfc4733Decoder decoder;
  std::uint64_t now = 0;
  for (const auto& w : wire) {
    now = w.arrival;
    decoder.on_packet(w.payload, w.timestamp, w.seq, now);
  }
  DtmfDigit d;
  decoder.tick(now + 1000);  // 125 ms: still pressed as far as we know
  EXPECT_FALSE(decoder.poll(d));
  decoder.tick(now + 2000);  // 250 ms
  ASSERT_TRUE(decoder.poll(d));
  EXPECT_EQ(d.digit, '3');
  EXPECT_EQ(d.duration_ms, 180u);
  EXPECT_FALSE(decoder.poll(d));
}

TEST(Rfc4733DecoderTest, RetransmittedAndLateEndPacketsAreNotDuplicates) {
  auto wire = to_wire(encode("4", 100), 0xFFFFFF00u, 0xFFF0);  // timestamps and seqs wrap
  const WirePacket end = wire.back();
  for (int i = 0; i < 5; ++i) wire.push_back(end);
  auto next = to_wire(encode("4", 100), 0xFFFFFF00u + 4000, static_cast<std::uint16_t>(0xFFF0 + 20),
                      wire.back().arrival + 400);
  wire.insert(wire.end(), next.begin(), next.end());
  WirePacket late = end;  // the first digit's end, arriving during the second
  late.arrival = next[2].arrival;
  wire.insert(wire.end() - 4, late);
  EXPECT_EQ(digits_of(deliver(wire)), "44");
}

TEST(Rfc4733DecoderTest, IgnoresNonDtmfEventsAndShortPayloads) {
  Rfc4733Decoder decoder;
  std::array<std::uint8_t, 4> flash{};
  write_telephone_event({.event = 16, .end = true, .volume = 10, .duration = 800}, flash);
  decoder.on_packet(flash, 100, 1, 0);
  decoder.on_packet(std::span(flash).first(2), 200, 2, 0);
  decoder.tick(100000);
  DtmfDigit d;
  EXPECT_FALSE(decoder.poll(d));
}

struct Trial {
  std::string digits;
  std::vector<WirePacket> sent;
};

// Random digits with random press and gap lengths, stamped from a random base so that timestamps
// and sequence numbers wrap in some trials.
Trial random_trial(std::mt19937& rng) {
  static const std::string kKeys = "0123456789*#ABCD";
  std::uniform_int_distribution<int> count(1, 6), key(0, 15), press_ms(40, 400), gap_ms(40, 300);
  Trial t;
  const int n = count(rng);
  std::uint32_t ts = rng();
  auto seq = static_cast<std::uint16_t>(rng());
  std::uint64_t at = 1000;
  for (int i = 0; i < n; ++i) {
    const char digit = kKeys[static_cast<std::size_t>(key(rng))];
    const auto press = static_cast<std::uint32_t>(press_ms(rng));
    auto wire = to_wire(encode(std::string(1, digit), press), ts, seq, at);
    for (auto& w : wire) w.digit_index = static_cast<std::size_t>(i);
    t.digits += digit;
    t.sent.insert(t.sent.end(), wire.begin(), wire.end());
    const std::uint32_t gap = static_cast<std::uint32_t>(gap_ms(rng)) * 8;
    ts += press * 8 + gap + 320;  // the end train (40 ms) plus the gap
    seq = static_cast<std::uint16_t>(seq + wire.size());
    at = wire.back().arrival + gap;
  }
  return t;
}

// What the receiver must report for a digit: nothing if every packet was lost; otherwise the
// digit once, with the exact duration if an end packet got through, else no more than that.
struct Expected {
  char digit;
  bool any = false;
  bool end_seen = false;
  std::uint32_t true_ms = 0;
  std::uint32_t longest_seen_ms = 0;
};

std::vector<Expected> expected_after_loss(const Trial& t, const std::vector<WirePacket>& received) {
  std::vector<Expected> expected;
  for (char digit : t.digits) expected.push_back({digit});
  for (const auto& w : t.sent) {
    if (w.end) expected[w.digit_index].true_ms = w.duration / 8u;
  }
  for (const auto& w : received) {
    auto& e = expected[w.digit_index];
    e.any = true;
    e.end_seen = e.end_seen || w.end;
    e.longest_seen_ms = std::max<std::uint32_t>(e.longest_seen_ms, w.duration / 8u);
  }
  std::erase_if(expected, [](const Expected& e) { return !e.any; });
  return expected;
}

void check(const std::vector<Expected>& expected, const std::vector<DtmfDigit>& got, bool exact_when_end_seen,
           int trial) {
  ASSERT_EQ(got.size(), expected.size()) << "trial " << trial;
  for (std::size_t i = 0; i < got.size(); ++i) {
    ASSERT_EQ(got[i].digit, expected[i].digit) << "trial " << trial << " digit " << i;
    if (exact_when_end_seen && expected[i].end_seen) {
      ASSERT_EQ(got[i].duration_ms, expected[i].true_ms) << "trial " << trial << " digit " << i;
    } else {
      ASSERT_LE(got[i].duration_ms, expected[i].true_ms) << "trial " << trial << " digit " << i;
    }
  }
}

TEST(Rfc4733DecoderTest, RandomLossAndDuplicationGiveEachDigitExactlyOnce) {
  std::mt19937 rng(20240613);
  for (int trial = 0; trial < 3000; ++trial) {
    const Trial t = random_trial(rng);
    const double loss = std::uniform_real_distribution<double>(0.0, 0.7)(rng);
    std::bernoulli_distribution lost(loss), duplicated(0.1);
    std::vector<WirePacket> received;
    for (const auto& w : t.sent) {
      if (lost(rng)) continue;
      received.push_back(w);
      if (duplicated(rng)) received.push_back(w);
    }
    // Long enough that only a new event or the end of the stream closes an event whose ends
    // were lost, so durations are exact whenever an end packet arrived.
    Rfc4733Decoder decoder({.end_timeout_ms = 1000});
    check(expected_after_loss(t, received), deliver(decoder, received), true, trial);
  }
}

TEST(Rfc4733DecoderTest, RandomLossAndReorderingGiveEachDigitExactlyOnceInOrder) {
  std::mt19937 rng(4733);
  std::size_t expected_total = 0;
  std::size_t reported_total = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    const Trial t = random_trial(rng);
    std::bernoulli_distribution lost(0.3), swapped(0.2);
    std::vector<WirePacket> received;
    for (const auto& w : t.sent) {
      if (!lost(rng)) received.push_back(w);
    }
    for (std::size_t i = 1; i < received.size(); ++i) {
      if (swapped(rng)) std::swap(received[i - 1], received[i]);
    }
    // A swap across two digits can hide the first digit's only surviving packets behind the
    // second's; such a digit is dropped rather than reported out of order.
    const auto expected = expected_after_loss(t, received);
    Rfc4733Decoder decoder;
    const auto got = deliver(decoder, received);
    ASSERT_LE(got.size(), expected.size()) << "trial " << trial;
    expected_total += expected.size();
    reported_total += got.size();
    // Every reported digit is one that was sent, in order, and none twice.
    std::size_t e = 0;
    for (const auto& d : got) {
      while (e < expected.size() && expected[e].digit != d.digit) ++e;
      ASSERT_LT(e, expected.size()) << "trial " << trial;
      ASSERT_LE(d.duration_ms, expected[e].true_ms) << "trial " << trial;
      ++e;
    }
  }
  EXPECT_GT(static_cast<double>(reported_total), 0.98 * static_cast<double>(expected_total));
  std::cout << "reordering: " << reported_total << " of " << expected_total << " digits reported\n";
}

}  // namespace
}  // namespace hotline::media::dsp
