// Figures for the RTP-level media pieces, per packet or per 20 ms frame: parsing and rewriting a
// forwarded packet, the jitter buffer's push and pop, the conference mix for 3 and 10 parties and
// building an RTCP report. Run with `build/bench/bench_rtp`; the numbers depend on the machine and
// are printed, never asserted.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <vector>

#include "media/rtp/rtp.hpp"

namespace hotline::media::rtp {
namespace {

constexpr std::uint32_t kFrame = 160;

std::array<std::uint8_t, 172> peer_packet() {
  std::array<std::uint8_t, 172> packet{};
  RtpHeader header;
  header.ssrc = 0xaaaa;
  header.payload_type = 0;
  write_rtp_header(header, packet);
  return packet;
}

void set_sequence(std::span<std::uint8_t> packet, std::uint16_t seq, std::uint32_t ts) {
  RtpRewrite rewrite{false, 0, seq, ts, 0xaaaa};
  patch_rtp_header(packet, rewrite);
}

// A forwarded packet: parse, map the payload type, rewrite seq/ts/SSRC in place.
void BM_RtpParseAndRewrite(benchmark::State& state) {
  RtpSender sender({0x1111, 1000, 50'000});
  auto packet = peer_packet();
  std::uint16_t seq = 0;
  std::uint32_t now = 0;
  for (auto _ : state) {
    set_sequence(packet, seq, now);
    benchmark::DoNotOptimize(sender.forward(packet, now));
    ++seq;
    now += kFrame;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RtpParseAndRewrite);

// Receive path statistics for one packet (RFC 3550 A.1 + A.8).
void BM_RtpReceiverOnPacket(benchmark::State& state) {
  RtpReceiver receiver;
  RtpHeader header;
  header.ssrc = 0xaaaa;
  std::uint32_t now = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(receiver.on_packet(header, now + (header.sequence & 7)));
    ++header.sequence;
    header.timestamp += kFrame;
    now += kFrame;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RtpReceiverOnPacket);

// One push and one pop per 20 ms frame, with mild reordering.
void BM_JitterBufferPushPop(benchmark::State& state) {
  JitterBuffer buffer;
  const std::array<std::uint8_t, 160> payload{};
  RtpHeader header;
  std::uint32_t tick = 0;
  for (auto _ : state) {
    const std::uint32_t i = tick ^ 1;  // pairs swapped
    header.sequence = static_cast<std::uint16_t>(i);
    header.timestamp = i * kFrame;
    benchmark::DoNotOptimize(buffer.push(header, payload, tick * kFrame));
    benchmark::DoNotOptimize(buffer.pop(tick * kFrame));
    ++tick;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JitterBufferPushPop);

// One tick of an N-party conference: every party contributes a frame and every party is mixed.
void BM_MixerTick(benchmark::State& state) {
  Mixer mixer;
  const auto parties = static_cast<std::size_t>(state.range(0));
  std::vector<ParticipantId> ids;
  std::vector<std::array<std::int16_t, 160>> frames(parties);
  for (std::size_t p = 0; p < parties; ++p) {
    ids.push_back(mixer.add().value());
    for (std::size_t i = 0; i < 160; ++i)
      frames[p][i] = static_cast<std::int16_t>((i * 97 + p * 1013) % 20000 - 10000);
  }
  for (auto _ : state) {
    for (std::size_t p = 0; p < parties; ++p) mixer.contribute(ids[p], frames[p]);
    mixer.mix();
    benchmark::DoNotOptimize(mixer.output(ids[0]).data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MixerTick)->Arg(3)->Arg(10);

// A supervisor whispering in a 3-party call: one speaker is heard by one listener only.
void BM_MixerTickWhisper(benchmark::State& state) {
  Mixer mixer;
  const ParticipantId customer = mixer.add().value();
  const ParticipantId agent = mixer.add().value();
  const ParticipantId supervisor = mixer.add().value();
  mixer.set_audience(supervisor, participant_bit(agent));
  std::array<std::int16_t, 160> frame{};
  frame.fill(1000);
  for (auto _ : state) {
    mixer.contribute(customer, frame);
    mixer.contribute(agent, frame);
    mixer.contribute(supervisor, frame);
    mixer.mix();
    benchmark::DoNotOptimize(mixer.output(agent).data());
  }
}
BENCHMARK(BM_MixerTickWhisper);

// An SR with one report block and an SDES CNAME, as sent every ~5 s per leg.
void BM_RtcpBuildReport(benchmark::State& state) {
  RtcpSession session(0x1111, "leg-42@hotline.example", 1);
  const ReceptionReport received{0x2222, 3, 17, 70'000, 24};
  const SenderSnapshot sent{123'456, 5000, 800'000};
  std::array<std::uint8_t, 256> out{};
  std::int64_t now = 1'700'000'000'000'000;
  for (auto _ : state) {
    benchmark::DoNotOptimize(session.build_report(now, sent, &received, out));
    now += 5'000'000;
  }
}
BENCHMARK(BM_RtcpBuildReport);

void BM_RtcpParseReport(benchmark::State& state) {
  RtcpSession session(0x1111, "leg-42@hotline.example", 1);
  const ReceptionReport received{0x2222, 3, 17, 70'000, 24};
  std::array<std::uint8_t, 256> out{};
  const std::size_t size =
      session.build_report(1'700'000'000'000'000, SenderSnapshot{1, 2, 3}, &received, out);
  RtcpCompound compound;
  for (auto _ : state) {
    benchmark::DoNotOptimize(parse_rtcp(std::span(out).first(size), compound));
  }
}
BENCHMARK(BM_RtcpParseReport);

}  // namespace
}  // namespace hotline::media::rtp

BENCHMARK_MAIN();
