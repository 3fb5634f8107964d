// CtiPublisher: the core loop's side of the CTI. It hears the pbx (each phone's part in calls, the
// parking lots) and the ACD (agents and queues), turns what it hears into events for the EventHub —
// call.offered with the queue's and the IVR's data, call.answered/held/retrieved/ended,
// park.update, agent.state, and queue.update at most once a second per queue — and keeps each
// phone's calls in progress, so that a WebSocket that connects (or reconnects) gets its agent,
// queues and calls in its hello exactly as they are when it starts receiving events.
//
// Thread: core loop only, except connect(), which any thread may call (it posts to the loop).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "acd/runtime/queue_calls.hpp"
#include "common/clock.hpp"
#include "cti/event_hub.hpp"
#include "cti/queue_update_throttle.hpp"
#include "pbx/call_observer.hpp"
#include "pbx/parking_observer.hpp"
#include "sip/core_loop.hpp"

namespace hotline::cti {

// A subscriber about to be registered, with the part of its hello read off the core loop (the user,
// capabilities, the tenant's not-ready reasons).
struct ConnectRequest {
  Subscription subscription;
  std::weak_ptr<Subscriber> sink;
  nlohmann::json hello;
  std::vector<store::NotReadyReason> reasons;  // for the names of the agent's reason
};

class CtiPublisher final : public pbx::CallObserver, public pbx::ParkingObserver, public acd::AcdObserver {
 public:
  CtiPublisher(sip::CoreLoop& loop, EventHub& hub, const acd::QueueCalls& queues, const Clock& clock,
               std::int64_t queue_update_interval_ms = 1000);
  ~CtiPublisher() override;

  // Adds the agent (null for a user who is no agent), its queues' figures and the calls of its phone
  // to the hello, follows the agent's queues, and registers the subscriber with the hub.
  void connect(ConnectRequest request);

  void on_phone_call(const pbx::PhoneCallEvent& event) override;
  // phone.dnd to every socket of the extension's user, as the desktop's own switch sends it.
  void on_do_not_disturb(std::int64_t tenant_id, const std::string& extension, bool on) override;
  // park.update to every socket of the tenant: anyone may take a parked call back.
  void parking_changed(const pbx::ParkingEvent& event) override;
  void agent_changed(const acd::AgentView& agent) override;
  void queue_changed(std::int64_t tenant_id, acd::QueueId queue) override;

 private:
  // One call at a phone, as the hello shows it: call.offered's data plus "state" (ringing,
  // talking) and "held".
  using PhoneKey = std::pair<std::int64_t, std::string>;     // tenant, extension
  using PhoneCalls = std::map<std::string, nlohmann::json>;  // by call id

  void register_subscriber(ConnectRequest& request);
  // No socket at all: the core loop skips building events (a server nobody watches pays nothing).
  bool nobody_listens() const;
  nlohmann::json offered_json(const pbx::PhoneCallEvent& event) const;
  void send_queue_updates();
  void arm_queue_timer();
  nlohmann::json queue_json(const acd::QueueView& queue) const;

  sip::CoreLoop& loop_;
  EventHub& hub_;
  const acd::QueueCalls& queues_;
  const Clock& clock_;
  QueueUpdateThrottle throttle_;
  sip::CoreTimer queue_timer_;
  std::map<PhoneKey, PhoneCalls> phones_;
  std::map<std::int64_t, std::int64_t> queue_tenants_;  // queue → tenant, of queues pending an update
};

}  // namespace hotline::cti
