// RelayEngine: the MediaEngine behind start_media_engine. It allocates ports, hands each new relay
// to a worker (round-robin) and remembers which worker owns which relay, so later commands for a
// relay reach the one thread that may touch it.
#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "media/audio/recording_writer.hpp"
#include "media/media.hpp"
#include "media/music_library.hpp"
#include "media/play_preparer.hpp"
#include "media/port_allocator.hpp"
#include "media/recording_finisher.hpp"
#include "media/relay.hpp"
#include "media/relay_worker.hpp"
#include "media/socket_address.hpp"

namespace hotline::media {

// Thread: core loop only. The workers it owns run their own threads.
class RelayEngine final : public MediaEngine {
 public:
  // InvalidArgument (field "bind_address", "port_min" or "workers") for bad options.
  static Result<std::unique_ptr<RelayEngine>> start(const MediaOptions& options);
  // Stops and joins the workers, which close every socket.
  ~RelayEngine() override;

  Result<RelayPorts> create_relay() override;
  void set_remote(RelayId id, RelaySide side, const std::string& ip, std::uint16_t rtp_port) override;
  void destroy_relay(RelayId id) override;
  RelayCounters counters(RelayId id) const override;
  ReceiveQuality quality(RelayId id, RelaySide side) const override;
  std::optional<RemoteReport> remote_report(RelayId id, RelaySide side) const override;
  std::string bind_address() const override { return options_.bind_address; }
  std::size_t active_relays() const override { return relays_.size(); }
  void start_recording(RelayId id, const RecordingSpec& spec) override;
  void pause_recording(RelayId id, bool paused) override;
  void start_music(RelayId id, RelaySide towards, const std::string& music_class) override;
  void stop_music(RelayId id, RelaySide towards) override;
  void reload_music(const std::string& music_class,
                    std::vector<std::shared_ptr<const audio::Prompt>> files) override;
  RecordingHealth recording_health() const override;
  void drain_recordings() override;
  void set_audio_payload_type(RelayId id, RelaySide side, int payload_type) override;
  void watch_media(RelayId id, RelaySide side, std::int64_t timeout_ms) override;
  PlayId play(RelayId id, RelaySide towards, PlaySpec spec) override;
  void stop_play(RelayId id, RelaySide towards) override;
  Status send_dtmf(RelayId id, RelaySide towards, const DtmfSendSpec& spec) override;
  ConferenceId create_conference() override;
  ConferenceId create_conference_beside(ConferenceId beside) override;
  Status join_conference(ConferenceId conference, RelayId id, RelaySide side,
                         const ParticipantSpec& spec) override;
  void leave_conference(ConferenceId conference, RelayId id, RelaySide side) override;
  void destroy_conference(ConferenceId conference) override;

 private:
  struct RelayHandle {
    const Relay* relay = nullptr;  // owned by `worker`; read here only for its counters
    RelayWorker* worker = nullptr;
  };

  struct ConferenceHandle {
    RelayWorker* worker = nullptr;
    std::set<std::pair<RelayId, RelaySide>> members;
  };

  RelayEngine(const MediaOptions& options, const SocketAddress& bind_address);
  RelayWorker::Sinks worker_sinks();
  // On the preparer's thread: hands a prepared player to the worker that owns the relay now.
  void deliver_play(const PlayPreparer::Job& job, std::unique_ptr<audio::Player> player);
  // Moves a relay to `to`, blocking until its worker has let go of it (a few microseconds).
  Status move_relay(RelayId id, RelayWorker* to);
  bool in_conference_elsewhere(RelayId id, ConferenceId except) const;
  ConferenceId create_conference_on(RelayWorker* worker);

  MediaOptions options_;
  int bind_family_;  // remote addresses of another family cannot be reached from our sockets
  std::unique_ptr<PortAllocator> ports_;            // declared before workers_: it outlives them
  MusicLibrary music_;                              // decoded once; the workers share its prompts
  std::unique_ptr<audio::RecordingWriter> writer_;  // likewise: workers hand their taps on to
  std::unique_ptr<RecordingFinisher> finisher_;     // the finisher, which finishes through the writer
  std::vector<std::unique_ptr<RelayWorker>> workers_;
  std::unique_ptr<PlayPreparer> preparer_;  // declared after workers_: stopped before them
  // Written by the core loop under the mutex; the core loop reads it without, the preparer with.
  mutable std::mutex relays_mutex_;
  std::unordered_map<RelayId, RelayHandle> relays_;
  std::unordered_map<ConferenceId, ConferenceHandle> conferences_;
  PlayId next_play_ = 1;
  ConferenceId next_conference_ = 1;
  // Recordings whose file could not even be opened; read by recording_health() from any thread.
  mutable std::mutex start_failures_mutex_;
  std::uint64_t start_failures_ = 0;
  std::string last_start_error_;
  RelayId next_id_ = 1;
  std::size_t next_worker_ = 0;
};

// Cores minus one, at least one, when `requested` is 0.
int media_worker_count(int requested);

}  // namespace hotline::media
