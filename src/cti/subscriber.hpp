// Who receives CTI events: a subscriber (an agent desktop's or a wallboard's WebSocket) and what
// it subscribed to. The hub hands each subscriber frames already serialized, shared by every
// recipient of the same event.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hotline::cti {

using SubscriberId = std::uint64_t;
using Frame = std::shared_ptr<const std::string>;  // one JSON text frame, immutable once built

// Thread: the hub calls these on its own thread. They must not block: a WebSocket posts the frame
// to its own strand and queues it there.
class Subscriber {
 public:
  virtual ~Subscriber() = default;
  // The first frame, before any event: the hello with the subscriber's state (cti.md).
  virtual void greet(Frame hello) = 0;
  virtual void deliver(Frame event) = 0;
  // The session it was opened with ended (logout): the subscriber closes.
  virtual void end(const std::string& why) = 0;
};

// What a subscriber receives: events of its tenant about its user (agent.state, direct
// messages), its phone (call.*), its queues (queue.update), the tenant's broadcasts (message), and
// when it watches them (a supervisor's wallboard) every agent's and every queue's of the tenant.
struct Subscription {
  SubscriberId id = 0;
  std::int64_t tenant_id = 0;
  std::int64_t user_id = 0;
  std::optional<std::string> extension;  // the user's phone when it connected
  std::vector<std::int64_t> queues;      // the queues whose updates it gets (an agent's)
  std::string token;                     // the session or API token it was opened with
};

}  // namespace hotline::cti
