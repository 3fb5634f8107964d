// RelayWorker: one media thread. It owns a set of relays and their sockets, waits on its own epoll
// set, and forwards packets between the two sides of each relay. The core loop talks to it only by
// posting commands (add, set remote, destroy, stop), which wake it through an eventfd; events for
// the core (such as RTP timeouts, when they come) will travel back the same way, as messages.
#pragma once

#include <sys/epoll.h>

#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/result.hpp"
#include "media/music_library.hpp"
#include "media/packet_batch.hpp"
#include "media/port_allocator.hpp"
#include "media/relay.hpp"

namespace hotline::media {

// Thread: the public methods are called from the core loop; every other member is touched only by
// the worker's own thread, except `pending_`, which the mutex guards (taken per command, never per
// packet), and the atomic `commands_waiting_`.
class RelayWorker {
 public:
  // Receives each finished recording tap, on the worker thread: it must hand it on, not block.
  using TapDone = std::function<void(std::unique_ptr<CallTap>)>;
  // Receives each key a party pressed, on the worker thread: it must hand it on, not block.
  using DigitSink = std::function<void(RelayId, RelaySide, const dsp::DtmfDigit&)>;

  // `ports` takes back the ports of destroyed relays and must outlive the worker.
  static Result<std::unique_ptr<RelayWorker>> start(PortAllocator& ports, const MusicLibrary& music,
                                                    TapDone tap_done, DigitSink digits);
  // Stops and joins the thread; closes every socket the worker still owns.
  ~RelayWorker();
  RelayWorker(const RelayWorker&) = delete;
  RelayWorker& operator=(const RelayWorker&) = delete;

  void add(std::unique_ptr<Relay> relay);
  // Where `side`'s packets go until one arrives from elsewhere; empty addresses mean "unknown".
  void set_remote(RelayId id, RelaySide side, const SocketAddress& rtp, const SocketAddress& rtcp);
  // Closes the relay's sockets and returns its ports; packets in flight are dropped. A recording
  // tap is finished.
  void destroy(RelayId id);
  void start_tap(RelayId id, std::unique_ptr<CallTap> tap);
  void pause_tap(RelayId id, bool paused);
  // Plays the music class towards `side` (and stops relaying to it) until stop_music.
  void start_music(RelayId id, RelaySide side, const std::string& music_class);
  void stop_music(RelayId id, RelaySide side);

 private:
  enum class CommandType { Add, SetRemote, Destroy, StartTap, PauseTap, StartMusic, StopMusic, Stop };
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
  };
  static constexpr int kMaxEvents = 64;

  RelayWorker(PortAllocator& ports, const MusicLibrary& music, TapDone tap_done, DigitSink digits,
              UniqueFd epoll, UniqueFd wakeup, UniqueFd ticker);
  void post(Command command);
  void run();
  void run_commands();
  void apply(Command& command);
  void add_relay(std::unique_ptr<Relay> relay);
  void destroy_relay(RelayId id);
  void bury_retired();
  void on_readable(RelayEndpoint& in);
  static bool accept_source(RelayEndpoint& in, const SocketAddress& source);
  void on_tick();
  void finish_tap(Relay& relay);
  void apply_music(Command& command);
  void send_music();
  void tick_relays();  // quality snapshots and DTMF, every 20 ms

  PortAllocator& ports_;
  TapDone tap_done_;
  DigitSink digits_;
  UniqueFd epoll_;
  UniqueFd wakeup_;  // eventfd
  UniqueFd ticker_;  // timerfd, every 20 ms: the recording taps' frame clock
  std::mutex mutex_;
  std::vector<Command> pending_;  // guarded by mutex_
  std::atomic<bool> commands_waiting_{false};
  std::vector<Command> running_commands_;
  std::unordered_map<RelayId, std::unique_ptr<Relay>> relays_;
  std::vector<Relay*> tapped_;   // relays with a recording tap, ticked every 20 ms
  std::vector<Relay*> playing_;  // relays sending music on hold to a side
  std::map<std::string, std::unique_ptr<audio::MohClass>> music_;  // this worker's instance of each class
  std::array<std::uint8_t, PacketBatch::kMaxPacketBytes> music_packet_{};
  std::uint32_t next_music_ssrc_;
  std::vector<std::unique_ptr<Relay>> retired_;  // destroyed during the current epoll batch
  PacketBatch batch_;
  std::array<epoll_event, kMaxEvents> events_{};
  bool running_ = true;
  std::thread thread_;
};

}  // namespace hotline::media
