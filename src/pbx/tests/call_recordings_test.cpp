// CallRecordings' pause bookkeeping (REC-1, card numbers): pause and resume reach the media engine
// once each, paused time is counted by the core loop's clock while the call lasts, and the row
// gets the paused time the recorder counted in the file. A real store, a fake media engine.
#include "pbx/call_recordings.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <utility>
#include <vector>

#include "pbx/cdr.hpp"

namespace hotline::pbx {
namespace {

constexpr UnixMs kT0 = 1'700'000'000'000;

// Records what CallRecordings asks of the engine. Thread: the test's.
class FakeMediaEngine final : public media::MediaEngine {
 public:
  Result<media::RelayPorts> create_relay() override { return media::RelayPorts{7, 20000, 20002}; }
  void set_remote(media::RelayId, media::RelaySide, const std::string&, std::uint16_t) override {}
  void destroy_relay(media::RelayId) override {}
  media::RelayCounters counters(media::RelayId) const override { return {}; }
  media::ReceiveQuality quality(media::RelayId, media::RelaySide) const override { return {}; }
  std::optional<media::RemoteReport> remote_report(media::RelayId, media::RelaySide) const override {
    return std::nullopt;
  }
  std::string bind_address() const override { return "127.0.0.1"; }
  std::size_t active_relays() const override { return 0; }
  void start_recording(media::RelayId, const media::RecordingSpec& spec) override { started.push_back(spec); }
  void pause_recording(media::RelayId id, bool paused) override { pauses.emplace_back(id, paused); }
  media::RecordingHealth recording_health() const override { return {}; }
  void start_music(media::RelayId, media::RelaySide, const std::string&) override {}
  void stop_music(media::RelayId, media::RelaySide) override {}
  void reload_music(const std::string&, std::vector<std::shared_ptr<const media::audio::Prompt>>) override {}
  void drain_recordings() override {}
  void watch_media(media::RelayId, media::RelaySide, std::int64_t) override {}
  void set_audio_payload_type(media::RelayId, media::RelaySide, int) override {}
  media::PlayId play(media::RelayId, media::RelaySide, media::PlaySpec) override { return 0; }
  void stop_play(media::RelayId, media::RelaySide) override {}
  Status send_dtmf(media::RelayId, media::RelaySide, const media::DtmfSendSpec&) override {
    return ok_status();
  }
  media::ConferenceId create_conference() override { return 0; }
  media::ConferenceId create_conference_beside(media::ConferenceId) override { return 0; }
  Status join_conference(media::ConferenceId, media::RelayId, media::RelaySide,
                         const media::ParticipantSpec&) override {
    return ok_status();
  }
  void leave_conference(media::ConferenceId, media::RelayId, media::RelaySide) override {}
  void destroy_conference(media::ConferenceId) override {}

  std::vector<media::RecordingSpec> started;
  std::vector<std::pair<media::RelayId, bool>> pauses;
};

class CallRecordingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "hotline-pbx-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    store::SqliteOptions options;
    options.path = dir_ / "hotline.db";
    options.heartbeat_interval_ms = 3'600'000;  // the writer must not read the clock the test advances
    auto opened = store::open_sqlite(options, clock_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
    recorded_tenant_ = *store_->tenants().create({.name = "acme", .sip_realm = "acme.test"});
    silent_tenant_ =
        *store_->tenants().create({.name = "quiet", .sip_realm = "quiet.test", .recording_mode = "off"});
    directory_ = std::make_unique<Directory>(*store_, RoleCapabilityCheck{});
    recordings_ = std::make_unique<CallRecordings>(media_, *store_, *directory_, clock_, dir_);
  }

  void TearDown() override {
    recordings_.reset();
    directory_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // An answered call on relay 7, with its row in the store (recordings refer to it).
  std::unique_ptr<Call> answered_call(const std::string& id, std::int64_t tenant_id) {
    auto call = std::make_unique<Call>(loop_);
    call->id = id;
    call->tenant_id = tenant_id;
    call->direction = "internal";
    call->started_at = clock_.now_ms();
    call->answered_at = clock_.now_ms();
    call->relay = media::RelayPorts{7, 20000, 20002};
    store_->calls().save_call_async(to_call_record(*call));
    return call;
  }

  store::RecordingRecord row_of(const Call& call) {
    store_->flush();
    auto rows = store_->recordings().for_call(call.tenant_id, call.id);
    EXPECT_EQ(rows.size(), 1u);
    return rows.empty() ? store::RecordingRecord{} : rows.front();
  }

  sip::CoreLoop loop_;
  ManualClock clock_{kT0};
  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  store::TenantId recorded_tenant_ = 0;
  store::TenantId silent_tenant_ = 0;
  FakeMediaEngine media_;
  std::unique_ptr<Directory> directory_;
  std::unique_ptr<CallRecordings> recordings_;
};

TEST_F(CallRecordingsTest, PauseAndResumeCountThePausedTime) {
  auto call = answered_call("c1", recorded_tenant_);
  recordings_->start(*call);
  ASSERT_EQ(media_.started.size(), 1u);
  const std::string recording_id = media_.started[0].id;

  clock_.advance_ms(2000);
  auto paused = recordings_->set_paused(*call, true);
  ASSERT_TRUE(paused) << paused.error().message;
  EXPECT_EQ(paused->recording_id, recording_id);
  EXPECT_TRUE(paused->paused);
  EXPECT_TRUE(paused->changed);
  EXPECT_EQ(paused->paused_ms, 0);

  clock_.advance_ms(600);
  auto again = recordings_->set_paused(*call, true);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->changed);
  EXPECT_EQ(again->paused_ms, 600);  // the pause in progress counts

  clock_.advance_ms(400);
  auto resumed = recordings_->set_paused(*call, false);
  ASSERT_TRUE(resumed);
  EXPECT_FALSE(resumed->paused);
  EXPECT_TRUE(resumed->changed);
  EXPECT_EQ(resumed->paused_ms, 1000);
  // The row keeps the paused time so far, for a recording repaired after a crash.
  EXPECT_EQ(row_of(*call).paused_ms, 1000);
  EXPECT_EQ(row_of(*call).status, "recording");

  clock_.advance_ms(5000);
  auto still = recordings_->set_paused(*call, false);
  ASSERT_TRUE(still);
  EXPECT_FALSE(still->changed);
  EXPECT_EQ(still->paused_ms, 1000);

  clock_.advance_ms(1000);
  ASSERT_TRUE(recordings_->set_paused(*call, true));
  clock_.advance_ms(250);
  EXPECT_EQ(recordings_->set_paused(*call, false)->paused_ms, 1250);

  // Only the changes reach the engine, on the call's relay.
  using Pause = std::pair<media::RelayId, bool>;
  EXPECT_EQ(media_.pauses, (std::vector<Pause>{{7, true}, {7, false}, {7, true}, {7, false}}));
}

TEST_F(CallRecordingsTest, FinishedRowHasThePausedTimeCountedInTheFile) {
  auto call = answered_call("c1", recorded_tenant_);
  recordings_->start(*call);
  ASSERT_TRUE(recordings_->set_paused(*call, true));
  clock_.advance_ms(1000);
  ASSERT_TRUE(recordings_->set_paused(*call, false));

  recordings_->on_finished({media_.started[0].id, 9000, 980, 144'044, std::nullopt});
  auto row = row_of(*call);
  EXPECT_EQ(row.status, "complete");
  EXPECT_EQ(row.duration_ms, 9000);
  EXPECT_EQ(row.paused_ms, 980);
  // Finished: nothing left to pause.
  auto late = recordings_->set_paused(*call, true);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::Conflict);
}

TEST_F(CallRecordingsTest, CallWithoutRecordingIsAConflict) {
  auto never_started = answered_call("c1", recorded_tenant_);
  auto result = recordings_->set_paused(*never_started, true);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::Conflict);
  EXPECT_EQ(result.error().message, "call c1 is not being recorded");

  auto unrecorded = answered_call("c2", silent_tenant_);
  recordings_->start(*unrecorded);  // the tenant records nothing
  EXPECT_TRUE(media_.started.empty());
  EXPECT_EQ(recordings_->set_paused(*unrecorded, true).error().code, ErrorCode::Conflict);
  EXPECT_TRUE(media_.pauses.empty());
}

TEST_F(CallRecordingsTest, EndedCallWhoseFileIsStillFinishingIsAConflict) {
  auto call = answered_call("c1", recorded_tenant_);
  recordings_->start(*call);
  call->relay.reset();  // end_call destroys the relay before the engine reports the file
  EXPECT_EQ(recordings_->set_paused(*call, true).error().code, ErrorCode::Conflict);
  EXPECT_TRUE(media_.pauses.empty());
}

TEST_F(CallRecordingsTest, RecordingTheCallerAloneGoesOnInAFileOfItsOwn) {
  auto call = answered_call("c1", recorded_tenant_);
  recordings_->start(*call);
  std::vector<store::RecordingRecord> finished;
  recordings_->set_finished_observer([&](const store::RecordingRecord& r) { finished.push_back(r); });

  auto message = recordings_->record_caller(*call, "voicemail");
  ASSERT_TRUE(message) << message.error().message;
  ASSERT_EQ(media_.started.size(), 2u);
  const media::RecordingSpec& spec = media_.started[1];
  EXPECT_EQ(spec.id, message->id);
  EXPECT_EQ(spec.channels, 1);
  EXPECT_EQ(spec.customer_side, media::RelaySide::A);
  EXPECT_EQ(spec.path.filename(), "c1-voicemail.wav");
  EXPECT_EQ(message->status, "recording");

  // The call's own recording is finished by the engine; pausing now pauses the caller's file.
  recordings_->on_finished({media_.started[0].id, 4000, 0, 64'044, std::nullopt});
  auto paused = recordings_->set_paused(*call, true);
  ASSERT_TRUE(paused) << paused.error().message;
  EXPECT_EQ(paused->recording_id, message->id);

  recordings_->on_finished({message->id, 3000, 0, 48'044, std::nullopt});
  ASSERT_EQ(finished.size(), 2u);
  EXPECT_EQ(finished[1].id, message->id);
  EXPECT_EQ(finished[1].status, "complete");
  EXPECT_EQ(finished[1].duration_ms, 3000);
  store_->flush();
  EXPECT_EQ(store_->recordings().for_call(recorded_tenant_, "c1").size(), 2u);
}

TEST_F(CallRecordingsTest, TheCallerIsRecordedAloneEvenWhereTheTenantRecordsNothing) {
  auto call = answered_call("c2", silent_tenant_);
  recordings_->start(*call);
  EXPECT_TRUE(media_.started.empty());
  auto message = recordings_->record_caller(*call, "voicemail");
  ASSERT_TRUE(message) << message.error().message;
  ASSERT_EQ(media_.started.size(), 1u);
  EXPECT_EQ(media_.started[0].channels, 1);
  call->relay.reset();
  EXPECT_EQ(recordings_->record_caller(*call, "voicemail").error().code, ErrorCode::Conflict);
}

}  // namespace

}  // namespace hotline::pbx
