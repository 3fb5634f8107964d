// RelayWorker: one media thread. It owns a set of relays and their sockets, waits on its own epoll
// set, and forwards packets between the two sides of each relay. The core loop talks to it only by
// posting commands (add, set remote, play, join a conference, destroy...), which wake it through
// an eventfd; what it has to report (finished recordings, digits, finished plays) leaves through
// the sinks it was given, which hand it on without blocking.
#pragma once

#include <sys/epoll.h>

#include <array>
#include <atomic>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/result.hpp"
#include "media/conference.hpp"
#include "media/music_library.hpp"
#include "media/packet_batch.hpp"
#include "media/port_allocator.hpp"
#include "media/relay.hpp"

namespace hotline::media {

// Both sides of a relay, for the loops of the worker's two files that treat them alike.
inline constexpr std::array<RelaySide, 2> kRelaySides = {RelaySide::A, RelaySide::B};

// Thread: the public methods are called from the core loop (play() and stop_play() from the play
// preparer); every other member is touched only by the worker's own thread, except `pending_`,
// which the mutex guards (taken per command, never per packet), and the atomic `commands_waiting_`.
class RelayWorker {
 public:
  struct Sinks {
    // Each finished recording tap: it must hand it on, not block.
    std::function<void(std::unique_ptr<CallTap>)> tap_done;
    // Each key a party pressed.
    std::function<void(RelayId, RelaySide, const dsp::DtmfDigit&)> digits;
    // Each play that ended.
    std::function<void(const PlayOutcome&)> play_done;
    // Each watched side that went quiet for its timeout.
    std::function<void(RelayId, RelaySide)> media_timeout;
  };

  // `ports` takes back the ports of destroyed relays and must outlive the worker.
  static Result<std::unique_ptr<RelayWorker>> start(PortAllocator& ports, const MusicLibrary& music,
                                                    Sinks sinks);
  // Stops and joins the thread; closes every socket the worker still owns.
  ~RelayWorker();
  RelayWorker(const RelayWorker&) = delete;
  RelayWorker& operator=(const RelayWorker&) = delete;

  // Takes a new relay, or one handed over by another worker (its local output and tap go on).
  void add(std::unique_ptr<Relay> relay);
  // Where `side`'s packets go until one arrives from elsewhere; empty addresses mean "unknown".
  void set_remote(RelayId id, RelaySide side, const SocketAddress& rtp, const SocketAddress& rtcp);
  // Closes the relay's sockets and returns its ports; packets in flight are dropped. A recording
  // tap is finished, a play ends Stopped, a conference seat is left.
  void destroy(RelayId id);
  // Gives the relay up, sockets open, to be added to another worker; the future holds it once this
  // worker no longer touches it (null for an unknown id). Its conference seats are left.
  std::future<std::unique_ptr<Relay>> detach(RelayId id);
  void start_tap(RelayId id, std::unique_ptr<CallTap> tap);
  void pause_tap(RelayId id, bool paused);
  void set_audio_payload_type(RelayId id, RelaySide side, int payload_type);
  void watch_media(RelayId id, RelaySide side, std::uint32_t timeout_ticks);
  // Plays the music class towards `side` (and stops relaying to it) until stop_music.
  void start_music(RelayId id, RelaySide side, const std::string& music_class);
  void stop_music(RelayId id, RelaySide side);
  // Swaps in this worker's instance of the class `name` (null: the class is gone); legs hearing it,
  // or hearing a fallback because it was missing, hear the new one from the next tick.
  void replace_music(const std::string& name, std::unique_ptr<audio::MohClass> music);
  // Starts a prepared player towards `side`; a null player stops the one playing there.
  void play(RelayId id, RelaySide side, PlayId play, std::unique_ptr<audio::Player> player);
  void send_dtmf_events(RelayId id, RelaySide side, int payload_type, const dsp::Rfc4733Encoder& events);
  void send_dtmf_tones(RelayId id, RelaySide side, std::unique_ptr<dsp::DtmfGenerator> tones);
  void create_conference(ConferenceId conference);
  void destroy_conference(ConferenceId conference);
  // The relay must be this worker's (RelayEngine moves it here first).
  void join(ConferenceId conference, RelayId id, RelaySide side, const ParticipantSpec& spec);
  void leave(ConferenceId conference, RelayId id, RelaySide side);

 private:
  enum class CommandType {
    Add,
    SetRemote,
    Destroy,
    Detach,
    StartTap,
    PauseTap,
    SetPayloadType,
    WatchMedia,
    StartMusic,
    StopMusic,
    ReplaceMusic,
    Play,
    SendDtmf,
    CreateConference,
    DestroyConference,
    Join,
    Leave,
    Stop
  };
  struct Command {
    CommandType type = CommandType::Stop;
    RelayId id = 0;
    std::unique_ptr<Relay> relay;
    RelaySide side = RelaySide::A;
    SocketAddress rtp;
    SocketAddress rtcp;
    std::unique_ptr<CallTap> tap;
    bool paused = false;
    std::string music_class;
    std::unique_ptr<audio::MohClass> music;
    int payload_type = -1;
    std::uint32_t timeout_ticks = 0;
    PlayId play = 0;
    std::unique_ptr<audio::Player> player;
    std::optional<dsp::Rfc4733Encoder> events;
    std::unique_ptr<dsp::DtmfGenerator> tones;
    ConferenceId conference = 0;
    ParticipantSpec participant;
    std::shared_ptr<std::promise<std::unique_ptr<Relay>>> handoff;
  };
  static constexpr int kMaxEvents = 64;

  RelayWorker(PortAllocator& ports, const MusicLibrary& music, Sinks sinks, UniqueFd epoll, UniqueFd wakeup,
              UniqueFd ticker);
  Command command_for(CommandType type, RelayId id, RelaySide side = RelaySide::A);
  void post(Command command);
  void run();
  void run_commands();
  void apply(Command& command);
  Relay* find(RelayId id);
  void add_relay(std::unique_ptr<Relay> relay);
  void unwatch(Relay& relay);
  void release_relay(Relay& relay);
  void destroy_relay(RelayId id);
  void detach_relay(Command& command);
  void bury_retired();
  void on_readable(RelayEndpoint& in);
  void read_rtcp(Relay& relay, RelaySide from, std::span<const std::uint8_t> bytes, bool relayed,
                 std::int64_t now_us);
  static bool accept_source(RelayEndpoint& in, const SocketAddress& source);
  void on_tick();
  void finish_tap(Relay& relay);
  void tick_relays();  // quality snapshots, DTMF and media timeouts, every 20 ms
  void count_silence(Relay& relay);

  // Local output (relay_worker_local.cpp): music, plays, DTMF sending, conferences.
  void apply_local(Command& command);
  void apply_music(Command& command);
  void swap_music(Command& command);
  // Points each side hearing music at the class that now plays for the name it asked for.
  void resolve_music(Relay& relay);
  void apply_play(Command& command);
  void apply_dtmf(Command& command);
  void apply_conference(Command& command);
  void leave_conferences(Relay& relay);
  void stop_plays(Relay& relay, PlayOutcome::End how);
  void report(const Relay& relay, RelaySide side, std::optional<LocalOutput::PlayEnd> end);
  void update_local(Relay& relay);  // whether the relay is in local_
  void send_local_audio(std::int64_t now_us);
  // The server's RTCP towards a side hearing its local output, when one is due.
  void send_local_rtcp(Relay& relay, RelaySide side, std::int64_t now_us);

  PortAllocator& ports_;
  Sinks sinks_;
  UniqueFd epoll_;
  UniqueFd wakeup_;  // eventfd
  UniqueFd ticker_;  // timerfd, every 20 ms: the frame clock of recordings, players and mixes
  std::mutex mutex_;
  std::vector<Command> pending_;  // guarded by mutex_
  std::atomic<bool> commands_waiting_{false};
  std::vector<Command> running_commands_;
  std::unordered_map<RelayId, std::unique_ptr<Relay>> relays_;
  std::vector<Relay*> tapped_;  // relays with a recording tap, ticked every 20 ms
  std::vector<Relay*> local_;   // relays with local output towards a side
  std::map<std::string, std::unique_ptr<audio::MohClass>> music_;  // this worker's instance of each class
  std::unordered_map<ConferenceId, std::unique_ptr<Conference>> conferences_;
  std::array<std::uint8_t, PacketBatch::kMaxPacketBytes> local_packet_{};
  std::array<std::uint8_t, 512> local_rtcp_{};   // SR, one report block, SDES CNAME: under 400 bytes
  std::vector<std::unique_ptr<Relay>> retired_;  // destroyed during the current epoll batch
  // Detached during the current batch, handed over once it is done.
  std::vector<std::pair<std::unique_ptr<Relay>, std::shared_ptr<std::promise<std::unique_ptr<Relay>>>>>
      leaving_;
  PacketBatch batch_;
  std::array<epoll_event, kMaxEvents> events_{};
  bool running_ = true;
  std::thread thread_;
};

}  // namespace hotline::media
