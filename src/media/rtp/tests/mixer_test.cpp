#include "media/rtp/mixer.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>

#include "media/rtp/tests/test_audio.hpp"

namespace hotline::media::rtp {
namespace {

using testing::goertzel_amplitude;
using testing::sine_frame;

constexpr double kAmplitude = 8000;
constexpr double kPresent = kAmplitude * 0.95;
constexpr double kAbsent = 50;

// Each party speaks its own tone, so what a listener hears tells who reached it.
struct Party {
  ParticipantId id = 0;
  double frequency = 0;
  std::array<std::int16_t, 160> frame{};
};

class MixerTest : public ::testing::Test {
 protected:
  Party join(double frequency) {
    Party party;
    party.id = mixer_.add().value();
    party.frequency = frequency;
    party.frame = sine_frame(frequency, kAmplitude);
    return party;
  }
  void tick(std::initializer_list<const Party*> speaking) {
    for (const Party* party : speaking) mixer_.contribute(party->id, party->frame);
    mixer_.mix();
  }
  double heard(const Party& listener, const Party& speaker) const {
    return goertzel_amplitude(mixer_.output(listener.id), speaker.frequency);
  }

  Mixer mixer_;
};

TEST_F(MixerTest, ThreePartiesEachHearTheOtherTwoAndNotThemselves) {
  const Party a = join(400);
  const Party b = join(700);
  const Party c = join(1100);
  tick({&a, &b, &c});
  for (const Party* listener : {&a, &b, &c}) {
    for (const Party* speaker : {&a, &b, &c}) {
      const double amplitude = heard(*listener, *speaker);
      if (listener == speaker) {
        EXPECT_LT(amplitude, kAbsent) << listener->frequency;
      } else {
        EXPECT_GT(amplitude, kPresent) << listener->frequency << " hears " << speaker->frequency;
      }
    }
  }
}

TEST_F(MixerTest, ListenOnlySupervisorHearsEveryoneAndNobodyHearsThem) {
  const Party customer = join(400);
  const Party agent = join(700);
  const Party supervisor = join(1500);
  mixer_.set_speaks(supervisor.id, false);
  tick({&customer, &agent, &supervisor});
  EXPECT_GT(heard(supervisor, customer), kPresent);
  EXPECT_GT(heard(supervisor, agent), kPresent);
  EXPECT_LT(heard(customer, supervisor), kAbsent);
  EXPECT_LT(heard(agent, supervisor), kAbsent);
  EXPECT_GT(heard(customer, agent), kPresent);
  EXPECT_GT(heard(agent, customer), kPresent);
}

TEST_F(MixerTest, WhisperReachesOnlyTheAgent) {
  const Party customer = join(400);
  const Party agent = join(700);
  const Party supervisor = join(1500);
  mixer_.set_audience(supervisor.id, participant_bit(agent.id));
  tick({&customer, &agent, &supervisor});
  EXPECT_GT(heard(agent, supervisor), kPresent);
  EXPECT_GT(heard(agent, customer), kPresent);
  EXPECT_LT(heard(customer, supervisor), kAbsent);
  EXPECT_GT(heard(customer, agent), kPresent);
  EXPECT_GT(heard(supervisor, customer), kPresent);
  EXPECT_GT(heard(supervisor, agent), kPresent);
  EXPECT_LT(heard(supervisor, supervisor), kAbsent);
  EXPECT_TRUE(mixer_.hears(agent.id, supervisor.id));
  EXPECT_FALSE(mixer_.hears(customer.id, supervisor.id));

  // Barge: the supervisor becomes a full participant.
  mixer_.set_audience(supervisor.id, kEveryone);
  tick({&customer, &agent, &supervisor});
  EXPECT_GT(heard(customer, supervisor), kPresent);
}

TEST_F(MixerTest, SumsInInt32AndClipsOnlyTheResult) {
  const Party a = join(400);
  const Party b = join(700);
  const Party c = join(1100);
  std::array<std::int16_t, 160> loud{};
  loud.fill(30'000);
  std::array<std::int16_t, 160> quiet{};
  quiet.fill(-20'000);
  mixer_.contribute(a.id, loud);
  mixer_.contribute(b.id, loud);
  mixer_.contribute(c.id, quiet);
  mixer_.mix();
  // a hears b + c = 10000 exactly: its own 30000 was taken out of the unclipped sum.
  for (std::int16_t sample : mixer_.output(a.id)) ASSERT_EQ(sample, 10'000);
  // c hears a + b = 60000, clipped to full scale.
  for (std::int16_t sample : mixer_.output(c.id)) ASSERT_EQ(sample, 32'767);

  loud.fill(-32'768);
  mixer_.contribute(a.id, loud);
  mixer_.contribute(b.id, loud);
  mixer_.mix();
  for (std::int16_t sample : mixer_.output(c.id)) ASSERT_EQ(sample, -32'768);
  for (std::int16_t sample : mixer_.output(a.id)) ASSERT_EQ(sample, -32'768);
}

TEST_F(MixerTest, AMutedParticipantStillHears) {
  const Party a = join(400);
  const Party b = join(700);
  const Party c = join(1100);
  mixer_.set_speaks(b.id, false);
  tick({&a, &b, &c});
  EXPECT_LT(heard(a, b), kAbsent);
  EXPECT_LT(heard(c, b), kAbsent);
  EXPECT_GT(heard(b, a), kPresent);
  EXPECT_GT(heard(b, c), kPresent);
  mixer_.set_speaks(b.id, true);
  tick({&a, &b, &c});
  EXPECT_GT(heard(a, b), kPresent);
}

TEST_F(MixerTest, SilentOrMissingFramesContributeNothing) {
  const Party a = join(400);
  const Party b = join(700);
  const Party c = join(1100);
  tick({&a, &c});  // b sent nothing this tick
  EXPECT_LT(heard(a, b), kAbsent);
  EXPECT_GT(heard(a, c), kPresent);
  EXPECT_GT(heard(b, a), kPresent);
  tick({});  // contributions do not carry over to the next tick
  for (const Party* p : {&a, &b, &c}) {
    for (std::int16_t sample : mixer_.output(p->id)) ASSERT_EQ(sample, 0);
  }
}

TEST_F(MixerTest, HearsFromAndHearsSettingsShapeTheMatrix) {
  const Party a = join(400);
  const Party b = join(700);
  const Party c = join(1100);
  mixer_.set_hears_from(c.id, kEveryone & ~participant_bit(a.id));  // c does not hear a
  mixer_.set_hears(b.id, false);                                    // b hears nobody
  tick({&a, &b, &c});
  EXPECT_LT(heard(c, a), kAbsent);
  EXPECT_GT(heard(c, b), kPresent);
  EXPECT_GT(heard(a, b), kPresent);
  EXPECT_GT(heard(a, c), kPresent);
  for (std::int16_t sample : mixer_.output(b.id)) ASSERT_EQ(sample, 0);
}

TEST_F(MixerTest, RemovedParticipantsLeaveTheMixAndFreeTheirSlot) {
  const Party a = join(400);
  const Party b = join(700);
  const Party c = join(1100);
  mixer_.remove(b.id);
  EXPECT_EQ(mixer_.size(), 2u);
  tick({&a, &b, &c});  // b's frame is ignored
  EXPECT_LT(heard(a, b), kAbsent);
  EXPECT_GT(heard(a, c), kPresent);
  EXPECT_EQ(mixer_.add().value(), b.id);
}

TEST_F(MixerTest, HoldsUpToSixtyFourParticipants) {
  for (std::size_t i = 0; i < Mixer::kMaxParticipants; ++i) ASSERT_TRUE(mixer_.add().ok());
  const auto full = mixer_.add();
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error().code, ErrorCode::Conflict);
  std::array<std::int16_t, 160> one{};
  one.fill(1);
  for (std::size_t i = 0; i < Mixer::kMaxParticipants; ++i)
    mixer_.contribute(static_cast<ParticipantId>(i), one);
  mixer_.mix();
  EXPECT_EQ(mixer_.output(63)[0], 63);
}

}  // namespace
}  // namespace hotline::media::rtp
