#include "cti/event_hub.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "cti/event_json.hpp"

namespace hotline::cti {
namespace {

template <typename Map, typename Key>
void erase_from(Map& map, const Key& key, SubscriberId id) {
  auto it = map.find(key);
  if (it == map.end()) return;
  it->second.erase(id);
  if (it->second.empty()) map.erase(it);
}

template <typename Map, typename Key>
void add_from(const Map& map, const Key& key, std::set<SubscriberId>& to) {
  if (auto it = map.find(key); it != map.end()) to.insert(it->second.begin(), it->second.end());
}

}  // namespace

EventHub::EventHub(store::Store& store, const Clock& clock, HubOptions options)
    : store_(store), clock_(clock), options_(options), work_(io_.get_executor()), thread_([this] {
        io_.run();
      }) {}

EventHub::~EventHub() { stop(); }

void EventHub::stop() {
  if (!thread_.joinable()) return;
  work_.reset();
  io_.stop();
  thread_.join();
}

void EventHub::post(std::function<void()> work) { boost::asio::post(io_, std::move(work)); }

void EventHub::subscribe(Subscription subscription, std::weak_ptr<Subscriber> sink, nlohmann::json hello) {
  count_.fetch_add(1);
  post([this, subscription = std::move(subscription), sink = std::move(sink),
        hello = std::move(hello)]() mutable {
    add(std::move(subscription), std::move(sink), std::move(hello));
  });
}

void EventHub::unsubscribe(SubscriberId id) {
  post([this, id] { remove(id); });
}

void EventHub::watch(SubscriberId id, bool agents, bool queues) {
  post([this, id, agents, queues] {
    auto it = entries_.find(id);
    if (it == entries_.end()) return;
    std::int64_t tenant = it->second.subscription.tenant_id;
    it->second.watch_agents = agents;
    it->second.watch_queues = queues;
    if (agents)
      agent_watchers_[tenant].insert(id);
    else
      erase_from(agent_watchers_, tenant, id);
    if (queues)
      queue_watchers_[tenant].insert(id);
    else
      erase_from(queue_watchers_, tenant, id);
  });
}

void EventHub::publish(Event event) {
  post([this, event = std::move(event)]() mutable { fan_out(event); });
}

void EventHub::send_message(Message message, std::function<void(std::size_t)> done) {
  post([this, message = std::move(message), done = std::move(done)] {
    Event event;
    event.name = "message";
    event.at = message.at;
    event.tenant_id = message.tenant_id;
    event.user_id = message.to_user_id;
    event.whole_tenant = !message.to_user_id;
    event.data = {{"from", {{"user_id", message.from_user_id}, {"username", message.from_username}}},
                  {"to", message.to_user_id ? nlohmann::json(*message.to_user_id) : nlohmann::json("all")},
                  {"text", message.text}};
    auto to = recipients(event);
    deliver(to, std::make_shared<const std::string>(event_frame(event.name, event.at, event.data)));
    if (done) done(to.size());
  });
}

void EventHub::end_sessions(std::string token, std::string why, std::function<void(std::size_t)> done) {
  post([this, token = std::move(token), why = std::move(why), done = std::move(done)] {
    std::vector<SubscriberId> ended;
    for (const auto& [id, entry] : entries_) {
      if (entry.subscription.token != token) continue;
      if (auto sink = entry.sink.lock()) sink->end(why);
      ended.push_back(id);
    }
    for (SubscriberId id : ended) remove(id);
    if (done) done(ended.size());
  });
}

void EventHub::after_pending(std::function<void()> fn) { post(std::move(fn)); }

void EventHub::add(Subscription subscription, std::weak_ptr<Subscriber> sink, nlohmann::json hello) {
  auto subscriber = sink.lock();
  if (!subscriber) {  // closed before it was registered
    count_.fetch_sub(1);
    return;
  }
  enrich_hello(subscription.tenant_id, hello);
  subscriber->greet(std::make_shared<const std::string>(event_frame("hello", clock_.now_ms(), hello)));
  const SubscriberId id = subscription.id;
  const std::int64_t tenant = subscription.tenant_id;
  by_user_[{tenant, subscription.user_id}].insert(id);
  if (subscription.extension) by_extension_[{tenant, *subscription.extension}].insert(id);
  for (std::int64_t queue : subscription.queues) by_queue_[{tenant, queue}].insert(id);
  by_tenant_[tenant].insert(id);
  entries_[id] = Entry{std::move(subscription), std::move(sink)};
}

void EventHub::remove(SubscriberId id) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  const Subscription& s = it->second.subscription;
  erase_from(by_user_, UserKey{s.tenant_id, s.user_id}, id);
  if (s.extension) erase_from(by_extension_, PhoneKey{s.tenant_id, *s.extension}, id);
  for (std::int64_t queue : s.queues) erase_from(by_queue_, QueueKey{s.tenant_id, queue}, id);
  erase_from(by_tenant_, s.tenant_id, id);
  erase_from(agent_watchers_, s.tenant_id, id);
  erase_from(queue_watchers_, s.tenant_id, id);
  entries_.erase(it);
  count_.fetch_sub(1);
}

std::set<SubscriberId> EventHub::recipients(const Event& event) const {
  std::set<SubscriberId> to;
  const std::int64_t tenant = event.tenant_id;
  if (event.whole_tenant) add_from(by_tenant_, tenant, to);
  if (event.user_id) add_from(by_user_, UserKey{tenant, *event.user_id}, to);
  if (event.extension) add_from(by_extension_, PhoneKey{tenant, *event.extension}, to);
  if (event.queue_id) add_from(by_queue_, QueueKey{tenant, *event.queue_id}, to);
  if (event.to_agent_watchers) add_from(agent_watchers_, tenant, to);
  if (event.to_queue_watchers) add_from(queue_watchers_, tenant, to);
  return to;
}

void EventHub::fan_out(Event& event) {
  auto to = recipients(event);
  if (to.empty()) return;  // nobody listens: no store reads, no serializing
  enrich(event);
  deliver(to, std::make_shared<const std::string>(event_frame(event.name, event.at, event.data)));
}

// A subscriber that is gone without unsubscribing (its socket was destroyed) is forgotten here.
void EventHub::deliver(const std::set<SubscriberId>& to, const Frame& frame) {
  std::vector<SubscriberId> gone;
  for (SubscriberId id : to) {
    auto it = entries_.find(id);
    if (it == entries_.end()) continue;
    if (auto sink = it->second.sink.lock())
      sink->deliver(frame);
    else
      gone.push_back(id);
  }
  for (SubscriberId id : gone) remove(id);
}

// Store reads, here rather than on the core loop: a caller's earlier calls (the screen pop's
// history) and the names of a not-ready reason. A failing store leaves them out, never the event.
void EventHub::enrich(Event& event) {
  try {
    if (event.recent_calls_of)
      event.data["recent_calls"] =
          recent_calls(event.tenant_id, *event.recent_calls_of, event.data.value("call_id", ""));
    if (event.name_reason && event.data.value("state", "") == "not_ready") {
      std::string reason = event.data.value("reason", "");
      for (const auto& r : store_.not_ready_reasons().list(event.tenant_id)) {
        if (r.code != reason) continue;
        event.data["reason_name_zh"] = r.name_zh;
        event.data["reason_name_en"] = r.name_en;
      }
    }
  } catch (const std::exception& e) {
    spdlog::warn("cti: {} sent without its store data: {}", event.name, e.what());
  }
}

// The last calls of `number` but the call `current`, newest first.
nlohmann::json EventHub::recent_calls(std::int64_t tenant_id, const std::string& number,
                                      const std::string& current) {
  store::CallQuery query;
  query.tenant_id = tenant_id;
  query.exact_number = number;
  query.limit = options_.recent_calls + 1;  // the call ringing is one of them
  nlohmann::json recent = nlohmann::json::array();
  for (const auto& call : store_.calls().query(query)) {
    if (call.id == current) continue;
    recent.push_back(recent_call_json(call));
    if (recent.size() >= static_cast<std::size_t>(options_.recent_calls)) break;
  }
  return recent;
}

// The calls at the phone a hello lists (CtiPublisher keeps each as offered, with the number whose
// history its pop shows in `recent_calls_of`) get that history, as call.offered had it. `call` is
// one of `calls`: it is given its enriched copy rather than read from the store a second time.
void EventHub::enrich_hello(std::int64_t tenant_id, nlohmann::json& hello) {
  auto with_history = [&](nlohmann::json& call) {
    if (!call.is_object() || !call.contains("recent_calls_of")) return;
    std::string number = call["recent_calls_of"].get<std::string>();
    call.erase("recent_calls_of");
    try {
      call["recent_calls"] = recent_calls(tenant_id, number, call.value("call_id", ""));
    } catch (const std::exception& e) {
      spdlog::warn("cti: a hello's call sent without its history: {}", e.what());
    }
  };
  auto calls = hello.find("calls");
  if (calls != hello.end() && calls->is_array()) {
    for (auto& call : *calls) with_history(call);
  }
  auto current = hello.find("call");
  if (current == hello.end() || !current->is_object()) return;
  if (calls != hello.end() && calls->is_array()) {
    for (const auto& call : *calls) {
      if (call.value("call_id", "") == current->value("call_id", "")) {
        *current = call;
        return;
      }
    }
  }
  with_history(*current);
}

}  // namespace hotline::cti
