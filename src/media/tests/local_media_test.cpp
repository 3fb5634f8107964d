// The server's own audio end to end over loopback: plays (tones, speech, files), DTMF sent into a
// leg, and conferences. Test phones decode what arrives: frequencies by Goertzel, digits by the
// RFC 4733 decoder and the in-band detector.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "media/dsp/codec.hpp"
#include "media/dsp/dtmf_detector.hpp"
#include "media/dsp/goertzel.hpp"
#include "media/dsp/rfc4733.hpp"
#include "media/dsp/tone_generator.hpp"
#include "media/media.hpp"
#include "media/rtp/rtp_header.hpp"
#include "media/tests/relay_fixtures.hpp"

namespace hotline::media {
namespace {

using namespace test_support;

constexpr int kRate = 8000;

// Play outcomes, collected from the media threads.
class Outcomes {
 public:
  void add(const PlayOutcome& outcome) {
    std::lock_guard lock(mutex_);
    outcomes_.push_back(outcome);
  }
  std::optional<PlayOutcome> of(PlayId play) {
    std::optional<PlayOutcome> found;
    eventually([&] {
      std::lock_guard lock(mutex_);
      for (const auto& o : outcomes_)
        if (o.play == play) found = o;
      return found.has_value();
    });
    return found;
  }

 private:
  std::mutex mutex_;
  std::vector<PlayOutcome> outcomes_;
};

struct Engine {
  Outcomes outcomes;
  std::mutex timeouts_mutex;
  std::vector<std::pair<RelayId, RelaySide>> timeouts;
  std::unique_ptr<MediaEngine> media;

  std::vector<std::pair<RelayId, RelaySide>> timeouts_so_far() {
    std::lock_guard lock(timeouts_mutex);
    return timeouts;
  }

  Engine(std::uint16_t port_min, std::uint16_t port_max, int workers = 1) {
    MediaOptions options;
    options.on_play_done = [this](const PlayOutcome& outcome) { outcomes.add(outcome); };
    options.on_media_timeout = [this](RelayId id, RelaySide side) {
      std::lock_guard lock(timeouts_mutex);
      timeouts.emplace_back(id, side);
    };
    options.speech_cache_dir = std::filesystem::temp_directory_path() / "hotline-local-media-test-speech";
    media = start_engine(port_min, port_max, workers, options);
  }
};

// RTP packets a phone received within `window_ms` (stops early after 300 ms of quiet).
std::vector<std::string> collect(const TestPeer& peer, int window_ms) {
  std::vector<std::string> packets;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(window_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    auto datagram = peer.receive(300);
    if (!datagram) break;
    packets.push_back(datagram->payload);
  }
  return packets;
}

rtp::RtpPacketView parse(const std::string& bytes) {
  rtp::RtpPacketView view;
  EXPECT_EQ(rtp::parse_rtp({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()}, view),
            rtp::RtpParseError::None);
  return view;
}

// The audio of the PCMU packets among `packets`, in arrival order.
std::vector<std::int16_t> decode_pcmu(const std::vector<std::string>& packets) {
  auto codec = std::move(dsp::make_codec(dsp::kPayloadTypePcmu)).value();
  std::vector<std::int16_t> pcm;
  std::array<std::int16_t, 1600> frame{};
  for (const auto& bytes : packets) {
    auto view = parse(bytes);
    if (view.header.payload_type != dsp::kPayloadTypePcmu) continue;
    std::size_t n = codec->decode(view.payload, frame);
    pcm.insert(pcm.end(), frame.begin(), frame.begin() + static_cast<std::ptrdiff_t>(n));
  }
  return pcm;
}

double power_db(std::span<const std::int16_t> pcm, double hz) {
  return 10 * std::log10(dsp::goertzel_power(pcm, hz, kRate) + 1e-9);
}

// One 20 ms PCMU packet of a sine at `hz`.
class ToneSender {
 public:
  ToneSender(double hz, std::uint32_t ssrc) : hz_(hz), ssrc_(ssrc) {}

  std::string next() {
    std::array<std::int16_t, 160> pcm{};
    for (auto& sample : pcm)
      sample = static_cast<std::int16_t>(6000 * std::sin(2 * M_PI * hz_ * t_++ / kRate));
    rtp::RtpHeader header;
    header.payload_type = dsp::kPayloadTypePcmu;
    header.sequence = sequence_++;
    header.timestamp = timestamp_;
    header.ssrc = ssrc_;
    timestamp_ += 160;
    std::array<std::uint8_t, 200> packet{};
    std::size_t n = rtp::write_rtp_header(header, packet);
    n += codec_->encode(pcm, std::span(packet).subspan(n));
    return std::string(reinterpret_cast<const char*>(packet.data()), n);
  }

 private:
  double hz_;
  std::uint32_t ssrc_;
  std::unique_ptr<dsp::AudioCodec> codec_ = std::move(dsp::make_codec(dsp::kPayloadTypePcmu)).value();
  std::uint64_t t_ = 0;
  std::uint16_t sequence_ = 1;
  std::uint32_t timestamp_ = 0;
};

// The RFC 4733 packets of one key press, as a phone sends them.
std::vector<std::string> key_press(char digit, std::uint32_t ssrc) {
  dsp::Rfc4733Encoder encoder;
  EXPECT_TRUE(encoder.start(std::string(1, digit), 100));
  std::vector<std::string> packets;
  dsp::Rfc4733Packet event;
  for (std::uint16_t seq = 1; encoder.next(event); ++seq) {
    rtp::RtpHeader header;
    header.payload_type = 101;
    header.marker = event.marker;
    header.sequence = seq;
    header.timestamp = 8000 + event.timestamp_offset;
    header.ssrc = ssrc;
    std::array<std::uint8_t, 32> packet{};
    std::size_t n = rtp::write_rtp_header(header, packet);
    n += dsp::write_telephone_event(event.event, std::span(packet).subspan(n));
    packets.emplace_back(reinterpret_cast<const char*>(packet.data()), n);
  }
  return packets;
}

TEST(LocalMedia, PlaysAToneTowardsASideAndReportsItFinished) {
  Engine engine(20800, 20819);
  Call call = connect_call(*engine.media);
  PlaySpec spec;
  spec.items = {PlayItemSpec::tone("ringback", 600)};  // China: 450 Hz, 1 s on
  PlayId play = engine.media->play(call.ports.id, RelaySide::A, spec);

  auto pcm = decode_pcmu(collect(call.caller.rtp, 2000));
  auto outcome = engine.outcomes.of(play);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->end, PlayOutcome::End::Finished);
  EXPECT_EQ(outcome->relay, call.ports.id);
  EXPECT_NEAR(static_cast<double>(outcome->played_ms), 600, 20);
  EXPECT_NEAR(static_cast<double>(pcm.size()), 600 * 8, 2 * 160);  // one packet per 20 ms
  EXPECT_GT(power_db(pcm, 450), power_db(pcm, 1000) + 30);
  EXPECT_FALSE(call.callee.rtp.receive(100)) << "only the side it plays towards hears it";
}

TEST(LocalMedia, SpeaksTextInMandarinAndEnglish) {
  Engine engine(20820, 20839);
  Call call = connect_call(*engine.media);
  PlaySpec spec;
  spec.items = {PlayItemSpec::speech("您好，欢迎致电", "zh-CN"), PlayItemSpec::speech("Welcome", "en")};
  PlayId play = engine.media->play(call.ports.id, RelaySide::A, spec);

  auto pcm = decode_pcmu(collect(call.caller.rtp, 8000));
  auto outcome = engine.outcomes.of(play);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->end, PlayOutcome::End::Finished);
  EXPECT_GT(outcome->played_ms, 1000);
  EXPECT_GT(dsp::rms(pcm), 300.0) << "speech, not silence";
}

TEST(LocalMedia, AnItemThatCannotBePreparedFailsNamingIt) {
  Engine engine(20840, 20859);
  Call call = connect_call(*engine.media);
  PlaySpec spec;
  spec.items = {PlayItemSpec::tone("beep"), PlayItemSpec::file("/nonexistent/greeting.wav")};
  PlayId play = engine.media->play(call.ports.id, RelaySide::A, spec);
  auto outcome = engine.outcomes.of(play);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->end, PlayOutcome::End::Failed);
  EXPECT_NE(outcome->error.find("items[1]"), std::string::npos) << outcome->error;

  spec.items = {PlayItemSpec::tone("siren")};
  outcome = engine.outcomes.of(engine.media->play(call.ports.id, RelaySide::A, spec));
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->end, PlayOutcome::End::Failed);
  EXPECT_NE(outcome->error.find("siren"), std::string::npos) << outcome->error;
}

TEST(LocalMedia, AKeyPressedByTheListenerInterruptsThePlay) {
  Engine engine(20860, 20879);
  Call call = connect_call(*engine.media);
  PlaySpec spec;
  spec.items = {PlayItemSpec::tone("dial", 10'000)};
  PlayId play = engine.media->play(call.ports.id, RelaySide::A, spec);
  ASSERT_TRUE(call.caller.rtp.receive(1000)) << "the play started";
  for (const auto& packet : key_press('5', 0x1234)) call.caller.rtp.send_to(call.ports.port_a, packet);

  auto outcome = engine.outcomes.of(play);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->end, PlayOutcome::End::Interrupted);
  EXPECT_EQ(outcome->digit, '5');
  EXPECT_LT(outcome->played_ms, 2000);
}

TEST(LocalMedia, RelayingStopsWhilePlayingAndResumesAfter) {
  Engine engine(20880, 20899);
  Call call = connect_call(*engine.media);
  PlaySpec spec;
  spec.items = {PlayItemSpec::tone("busy", 400)};
  PlayId play = engine.media->play(call.ports.id, RelaySide::A, spec);
  ASSERT_TRUE(call.caller.rtp.receive(1000)) << "the play started";
  ToneSender callee(1500, 0x4242);
  for (int i = 0; i < 5; ++i) call.callee.rtp.send_to(call.ports.port_b, callee.next());
  auto during = collect(call.caller.rtp, 1000);
  for (const auto& bytes : during) EXPECT_NE(parse(bytes).header.ssrc, 0x4242u) << "relayed during a play";
  ASSERT_TRUE(engine.outcomes.of(play));

  call.callee.rtp.send_to(call.ports.port_b, callee.next());
  auto after = call.caller.rtp.receive(1000);
  ASSERT_TRUE(after);
  EXPECT_EQ(parse(after->payload).header.ssrc, 0x4242u) << "relayed again once the play is over";
}

TEST(LocalMedia, StopPlayEndsItStopped) {
  Engine engine(20900, 20919);
  Call call = connect_call(*engine.media);
  PlaySpec spec;
  spec.items = {PlayItemSpec::tone("ringback")};
  spec.loops = -1;
  PlayId play = engine.media->play(call.ports.id, RelaySide::A, spec);
  ASSERT_TRUE(call.caller.rtp.receive(1000));
  engine.media->stop_play(call.ports.id, RelaySide::A);
  auto outcome = engine.outcomes.of(play);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->end, PlayOutcome::End::Stopped);
}

TEST(LocalMedia, SendsDigitsAsTelephoneEvents) {
  Engine engine(20920, 20939);
  Call call = connect_call(*engine.media);
  ASSERT_TRUE(engine.media->send_dtmf(call.ports.id, RelaySide::B, {"12#9", 100, 100, 101}));

  dsp::Rfc4733Decoder decoder;
  std::string digits;
  std::uint64_t now = 0;
  for (const auto& bytes : collect(call.callee.rtp, 3000)) {
    auto view = parse(bytes);
    EXPECT_EQ(view.header.payload_type, 101);
    decoder.on_packet(view.payload, view.header.timestamp, view.header.sequence, now += 160);
  }
  decoder.tick(now + 8000);
  for (dsp::DtmfDigit digit; decoder.poll(digit);) {
    digits += digit.digit;
    EXPECT_NEAR(digit.duration_ms, 100, 20);
  }
  EXPECT_EQ(digits, "12#9");
}

TEST(LocalMedia, SendsDigitsInBandWithoutTelephoneEvent) {
  Engine engine(20940, 20959);
  Call call = connect_call(*engine.media);
  ASSERT_TRUE(engine.media->send_dtmf(call.ports.id, RelaySide::B, {"*07", 100, 100, -1}));
  auto pcm = decode_pcmu(collect(call.callee.rtp, 3000));
  auto detector = std::move(dsp::DtmfDetector::create()).value();
  detector->process(pcm);
  std::array<std::int16_t, 800> silence{};
  detector->process(silence);
  std::string digits;
  for (dsp::DetectedDtmf detected; detector->poll(detected);) digits += detected.digit.digit;
  EXPECT_EQ(digits, "*07");
}

TEST(LocalMedia, RejectsBadDtmfRequestsNamingTheField) {
  Engine engine(20960, 20979);
  Call call = connect_call(*engine.media);
  auto bad_digit = engine.media->send_dtmf(call.ports.id, RelaySide::B, {"12x", 100, 100, 101});
  ASSERT_FALSE(bad_digit);
  EXPECT_EQ(bad_digit.error().field, "digits");
  auto short_tone = engine.media->send_dtmf(call.ports.id, RelaySide::B, {"1", 5, 100, 101});
  ASSERT_FALSE(short_tone);
  EXPECT_EQ(short_tone.error().field, "duration_ms");
}

TEST(MediaTimeout, ASideThatStopsSendingIsReportedOnce) {
  Engine engine(20706, 20719);
  Call call = connect_call(*engine.media);
  engine.media->watch_media(call.ports.id, RelaySide::B, 200);
  ToneSender callee(1000, 9);
  for (int i = 0; i < 30; ++i) {  // 600 ms of RTP: three times the timeout
    call.callee.rtp.send_to(call.ports.port_b, callee.next());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(engine.timeouts_so_far().empty()) << "a side that sends is not timed out";
  ASSERT_TRUE(eventually([&] { return !engine.timeouts_so_far().empty(); }));
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  auto timeouts = engine.timeouts_so_far();
  ASSERT_EQ(timeouts.size(), 1u);
  EXPECT_EQ(timeouts[0], std::pair(call.ports.id, RelaySide::B));
}

// Three phones in one conference, each sending its own tone: each hears the other two and not
// itself. Two workers, so some relays move to the conference's worker when they join.
TEST(Conference, EachOfThreePartiesHearsTheOtherTwoAndNotItself) {
  Engine engine(20980, 20999, 2);
  std::vector<Call> calls;
  for (int i = 0; i < 3; ++i) calls.push_back(connect_call(*engine.media));
  ConferenceId conference = engine.media->create_conference();
  for (auto& call : calls)
    ASSERT_TRUE(engine.media->join_conference(conference, call.ports.id, RelaySide::A));

  const std::array<double, 3> hz = {500, 1100, 1700};
  std::array<ToneSender, 3> senders = {ToneSender(hz[0], 1), ToneSender(hz[1], 2), ToneSender(hz[2], 3)};
  std::array<std::vector<std::string>, 3> heard;
  for (int tick = 0; tick < 75; ++tick) {  // 1.5 s
    for (int i = 0; i < 3; ++i) calls[i].caller.rtp.send_to(calls[i].ports.port_a, senders[i].next());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    for (int i = 0; i < 3; ++i) {
      while (auto datagram = calls[i].caller.rtp.receive(0)) heard[i].push_back(datagram->payload);
    }
  }
  for (int i = 0; i < 3; ++i) {
    auto pcm = decode_pcmu(heard[i]);
    ASSERT_GT(pcm.size(), 8000u) << "party " << i << " hears the mix";
    auto steady = std::span<const std::int16_t>(pcm).subspan(pcm.size() / 3);  // after the start-up
    for (int j = 0; j < 3; ++j) {
      double level = power_db(steady, hz[j]);
      if (i == j)
        EXPECT_LT(level, 30) << "party " << i << " hears itself";
      else
        EXPECT_GT(level, 55) << "party " << i << " does not hear party " << j;
    }
  }
}

// A supervisor whispering to the agent: the agent hears both, the customer only the agent.
TEST(Conference, AWhisperReachesOnlyItsTarget) {
  Engine engine(20720, 20759);
  std::vector<Call> calls;  // customer, agent, supervisor
  for (int i = 0; i < 3; ++i) calls.push_back(connect_call(*engine.media));
  ConferenceId conference = engine.media->create_conference();
  ASSERT_TRUE(engine.media->join_conference(conference, calls[0].ports.id, RelaySide::A));
  ASSERT_TRUE(engine.media->join_conference(conference, calls[1].ports.id, RelaySide::A));
  ParticipantSpec whisper;
  whisper.whisper_to = std::pair{calls[1].ports.id, RelaySide::A};
  ASSERT_TRUE(engine.media->join_conference(conference, calls[2].ports.id, RelaySide::A, whisper));
  ParticipantSpec nobody;
  nobody.whisper_to = std::pair{RelayId{999}, RelaySide::A};
  auto missing = engine.media->join_conference(conference, calls[2].ports.id, RelaySide::A, nobody);
  EXPECT_FALSE(missing) << "whispering to someone not in the conference";

  const std::array<double, 3> hz = {500, 1100, 1700};
  std::array<ToneSender, 3> senders = {ToneSender(hz[0], 1), ToneSender(hz[1], 2), ToneSender(hz[2], 3)};
  std::array<std::vector<std::string>, 3> heard;
  for (int tick = 0; tick < 60; ++tick) {
    for (int i = 0; i < 3; ++i) calls[i].caller.rtp.send_to(calls[i].ports.port_a, senders[i].next());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    for (int i = 0; i < 3; ++i) {
      while (auto datagram = calls[i].caller.rtp.receive(0)) heard[i].push_back(datagram->payload);
    }
  }
  auto customer = decode_pcmu(heard[0]);
  auto agent = decode_pcmu(heard[1]);
  ASSERT_GT(customer.size(), 4000u);
  ASSERT_GT(agent.size(), 4000u);
  EXPECT_GT(power_db(customer, hz[1]), 55) << "the customer hears the agent";
  EXPECT_LT(power_db(customer, hz[2]), 30) << "the customer hears the whisper";
  EXPECT_GT(power_db(agent, hz[0]), 55) << "the agent hears the customer";
  EXPECT_GT(power_db(agent, hz[2]), 55) << "the agent hears the whisper";
}

// A relay with a side in each of two conferences needs both on its worker: a conference created
// beside the first is, one created anywhere may not be (two workers, taken in turn).
TEST(Conference, OneCreatedBesideAnotherTakesTheOtherSideOfItsRelays) {
  Engine engine(20610, 20649, 2);
  Call call = connect_call(*engine.media);
  ConferenceId first = engine.media->create_conference();
  ASSERT_TRUE(engine.media->join_conference(first, call.ports.id, RelaySide::A));
  ConferenceId beside = engine.media->create_conference_beside(first);
  EXPECT_TRUE(engine.media->join_conference(beside, call.ports.id, RelaySide::B));
  engine.media->leave_conference(beside, call.ports.id, RelaySide::B);
  ConferenceId elsewhere = engine.media->create_conference();
  auto refused = engine.media->join_conference(elsewhere, call.ports.id, RelaySide::B);
  ASSERT_FALSE(refused) << "a conference on the other worker took the relay's other side";
  EXPECT_EQ(refused.error().code, ErrorCode::Conflict);
  for (ConferenceId conference : {first, beside, elsewhere}) engine.media->destroy_conference(conference);
}

TEST(Conference, LeavingGoesBackToRelaying) {
  Engine engine(20760, 20799);
  Call call = connect_call(*engine.media);
  ConferenceId conference = engine.media->create_conference();
  ASSERT_TRUE(engine.media->join_conference(conference, call.ports.id, RelaySide::A));
  ASSERT_TRUE(call.caller.rtp.receive(1000)) << "the mix (silence) is sent";
  engine.media->leave_conference(conference, call.ports.id, RelaySide::A);
  ToneSender callee(1000, 0x77);
  ASSERT_TRUE(eventually([&] {
    call.callee.rtp.send_to(call.ports.port_b, callee.next());
    auto datagram = call.caller.rtp.receive(50);
    return datagram && parse(datagram->payload).header.ssrc == 0x77u;
  }));
  EXPECT_FALSE(engine.media->join_conference(conference + 1, call.ports.id, RelaySide::A));
  engine.media->destroy_conference(conference);
}

}  // namespace
}  // namespace hotline::media
