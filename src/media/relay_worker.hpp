// RelayWorker: one media thread. It owns a set of relays and their sockets, waits on its own epoll
// set, and forwards packets between the two sides of each relay. The core loop talks to it only by
// posting commands (add, set remote, destroy, stop), which wake it through an eventfd; events for
// the core (such as RTP timeouts, when they come) will travel back the same way, as messages.
#pragma once

#include <sys/epoll.h>

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/result.hpp"
#include "media/packet_batch.hpp"
#include "media/port_allocator.hpp"
#include "media/relay.hpp"

namespace hotline::media {

// Thread: the public methods are called from the core loop; every other member is touched only by
// the worker's own thread, except `pending_`, which the mutex guards (taken per command, never per
// packet), and the atomic `commands_waiting_`.
class RelayWorker {
 public:
  // `ports` takes back the ports of destroyed relays and must outlive the worker.
  static Result<std::unique_ptr<RelayWorker>> start(PortAllocator& ports);
  // Stops and joins the thread; closes every socket the worker still owns.
  ~RelayWorker();
  RelayWorker(const RelayWorker&) = delete;
  RelayWorker& operator=(const RelayWorker&) = delete;

  void add(std::unique_ptr<Relay> relay);
  // Where `side`'s packets go until one arrives from elsewhere; empty addresses mean "unknown".
  void set_remote(RelayId id, RelaySide side, const SocketAddress& rtp, const SocketAddress& rtcp);
  // Closes the relay's sockets and returns its ports; packets in flight are dropped.
  void destroy(RelayId id);

 private:
  enum class CommandType { Add, SetRemote, Destroy, Stop };
  struct Command {
    CommandType type = CommandType::Stop;
    RelayId id = 0;
    std::unique_ptr<Relay> relay;
    RelaySide side = RelaySide::A;
    SocketAddress rtp;
    SocketAddress rtcp;
  };
  static constexpr int kMaxEvents = 64;

  RelayWorker(PortAllocator& ports, UniqueFd epoll, UniqueFd wakeup);
  void post(Command command);
  void run();
  void run_commands();
  void apply(Command& command);
  void add_relay(std::unique_ptr<Relay> relay);
  void destroy_relay(RelayId id);
  void bury_retired();
  void on_readable(RelayEndpoint& in);
  static bool accept_source(RelayEndpoint& in, const SocketAddress& source);

  PortAllocator& ports_;
  UniqueFd epoll_;
  UniqueFd wakeup_;  // eventfd
  std::mutex mutex_;
  std::vector<Command> pending_;  // guarded by mutex_
  std::atomic<bool> commands_waiting_{false};
  std::vector<Command> running_commands_;
  std::unordered_map<RelayId, std::unique_ptr<Relay>> relays_;
  std::vector<std::unique_ptr<Relay>> retired_;  // destroyed during the current epoll batch
  PacketBatch batch_;
  std::array<epoll_event, kMaxEvents> events_{};
  bool running_ = true;
  std::thread thread_;
};

}  // namespace hotline::media
