// EventHub: the CTI fan-out (DESIGN.md: the WebSocket fan-out subscribes to the core loop's events).
// The core loop publishes events without waiting for anything: publish() only posts the event to
// the hub's own thread, which adds what needs the store (a caller's recent calls, the names of a
// not-ready reason), serializes the event once and hands the same immutable frame to every
// subscriber it is for. Subscribers (WebSockets) queue it on their own strands, so a slow
// consumer costs its own queue, never the hub or the core loop.
//
// Thread: every public method may be called from any thread; each posts its work to the hub's
// thread, which alone owns the subscriptions. Work posted from one thread is done in order, so a
// subscriber registered by the core loop gets exactly the events the core loop publishes after it.
#pragma once

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/clock.hpp"
#include "cti/subscriber.hpp"
#include "store/store.hpp"

namespace hotline::cti {

// One event and who it is for: every subscriber matching any of the addresses.
struct Event {
  std::string name;  // "agent.state", "call.offered", ...
  UnixMs at = 0;
  nlohmann::json data;
  std::int64_t tenant_id = 0;
  std::optional<std::int64_t> user_id;   // that user's sockets
  std::optional<std::string> extension;  // the sockets of the user with that phone
  std::optional<std::int64_t> queue_id;  // the sockets that follow that queue
  bool whole_tenant = false;             // every socket of the tenant
  bool to_agent_watchers = false;        // sockets watching all the tenant's agents
  bool to_queue_watchers = false;        // sockets watching all the tenant's queues
  // Added on the hub's thread, from the store: data["recent_calls"] (the last calls of this number,
  // without the call `data["call_id"]`), and the names of data["reason"] (agent.state).
  std::optional<std::string> recent_calls_of;
  bool name_reason = false;
};

// A text message from a user to another user's sockets, or to all of the tenant's ("all").
struct Message {
  std::int64_t tenant_id = 0;
  std::int64_t from_user_id = 0;
  std::string from_username;
  std::optional<std::int64_t> to_user_id;  // nullopt: everyone of the tenant
  std::string text;
  UnixMs at = 0;
};

struct HubOptions {
  int recent_calls = 5;  // how many earlier calls of the caller call.offered carries
};

class EventHub {
 public:
  EventHub(store::Store& store, const Clock& clock, HubOptions options = {});
  ~EventHub();
  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;

  // Stops the hub's thread; work not done yet is dropped. Called before the store closes.
  void stop();

  SubscriberId next_id() { return next_id_.fetch_add(1) + 1; }
  // Registers the subscriber and greets it with `hello` (the data of a "hello" event) before any
  // event reaches it.
  void subscribe(Subscription subscription, std::weak_ptr<Subscriber> sink, nlohmann::json hello);
  void unsubscribe(SubscriberId id);
  // Whether the subscriber also gets every agent's and queue's events of its tenant (a wallboard).
  void watch(SubscriberId id, bool agents, bool queues);
  void publish(Event event);
  // `done` is called on the hub's thread with how many subscribers the message reached.
  void send_message(Message message, std::function<void(std::size_t reached)> done);
  // Every subscriber opened with `token` is ended (a logout); `done` as above, with how many.
  void end_sessions(std::string token, std::string why, std::function<void(std::size_t ended)> done = {});
  // Calls `fn` on the hub's thread once the work posted before it is done (tests, benchmarks).
  void after_pending(std::function<void()> fn);
  // Subscribers registered or on their way (counted when subscribe() is called): a publisher that
  // sees 0 may skip building events, and never misses one for a subscriber it just registered.
  std::size_t subscribers() const { return count_.load(); }

 private:
  struct Entry {
    Subscription subscription;
    std::weak_ptr<Subscriber> sink;
    bool watch_agents = false;
    bool watch_queues = false;
  };
  using UserKey = std::pair<std::int64_t, std::int64_t>;   // tenant, user
  using PhoneKey = std::pair<std::int64_t, std::string>;   // tenant, extension
  using QueueKey = std::pair<std::int64_t, std::int64_t>;  // tenant, queue

  void post(std::function<void()> work);
  void add(Subscription subscription, std::weak_ptr<Subscriber> sink, nlohmann::json hello);
  void remove(SubscriberId id);
  void fan_out(Event& event);
  void enrich(Event& event);
  void enrich_hello(std::int64_t tenant_id, nlohmann::json& hello);
  nlohmann::json recent_calls(std::int64_t tenant_id, const std::string& number, const std::string& current);
  std::set<SubscriberId> recipients(const Event& event) const;
  void deliver(const std::set<SubscriberId>& to, const Frame& frame);

  store::Store& store_;
  const Clock& clock_;
  HubOptions options_;
  std::atomic<SubscriberId> next_id_{0};
  std::atomic<std::size_t> count_{0};
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::thread thread_;

  // The hub's thread only.
  std::unordered_map<SubscriberId, Entry> entries_;
  std::map<UserKey, std::set<SubscriberId>> by_user_;
  std::map<PhoneKey, std::set<SubscriberId>> by_extension_;
  std::map<QueueKey, std::set<SubscriberId>> by_queue_;
  std::map<std::int64_t, std::set<SubscriberId>> by_tenant_;
  std::map<std::int64_t, std::set<SubscriberId>> agent_watchers_;
  std::map<std::int64_t, std::set<SubscriberId>> queue_watchers_;
};

}  // namespace hotline::cti
