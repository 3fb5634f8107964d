#include "cti/cti_publisher.hpp"

#include <algorithm>

#include "cti/acd_json.hpp"
#include "cti/event_json.hpp"

namespace hotline::cti {
namespace {

nlohmann::json value_or_null(const acd::CallData& data, std::string_view key) {
  auto it = data.find(key);
  return it == data.end() ? nlohmann::json(nullptr) : nlohmann::json(it->second);
}

// What a desktop attached to the call (JSON text the CTI command checked), or null.
nlohmann::json attached_data(const std::string& text) {
  if (text.empty()) return nullptr;
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  return parsed.is_discarded() ? nlohmann::json(nullptr) : parsed;
}

// A consultation call offered to the consulted phone: who consults about which customer's call.
nlohmann::json consult_json(const pbx::PhoneCallEvent& event) {
  if (event.consults_for.empty()) return nullptr;
  return {{"call_id", event.consults_for}, {"by", event.caller}, {"customer", event.consult_customer}};
}

}  // namespace

CtiPublisher::CtiPublisher(sip::CoreLoop& loop, EventHub& hub, const acd::QueueCalls& queues,
                           const Clock& clock, std::int64_t queue_update_interval_ms)
    : loop_(loop),
      hub_(hub),
      queues_(queues),
      clock_(clock),
      throttle_(queue_update_interval_ms),
      queue_timer_(loop) {}

CtiPublisher::~CtiPublisher() = default;

void CtiPublisher::connect(ConnectRequest request) {
  auto shared = std::make_shared<ConnectRequest>(std::move(request));
  loop_.post([this, shared] { register_subscriber(*shared); });
}

// On the core loop, so that the hello and the events after it agree: the hub gets the
// registration after every event published before it and before every event published after.
void CtiPublisher::register_subscriber(ConnectRequest& request) {
  Subscription& s = request.subscription;
  nlohmann::json& hello = request.hello;
  auto agent = queues_.agent_view(s.tenant_id, s.user_id);
  hello["agent"] = agent ? agent_view_json(*agent, request.reasons) : nlohmann::json(nullptr);
  s.queues = queues_.member_queues(s.tenant_id, s.user_id);
  nlohmann::json queues = nlohmann::json::array();
  for (std::int64_t id : s.queues) {
    if (auto figures = queues_.queue_figures(id)) queues.push_back(queue_json(*figures));
  }
  hello["queues"] = std::move(queues);
  nlohmann::json calls = nlohmann::json::array();
  nlohmann::json current = nullptr;
  if (s.extension) {
    if (auto phone = phones_.find({s.tenant_id, *s.extension}); phone != phones_.end()) {
      for (const auto& [id, call] : phone->second) {
        calls.push_back(call);
        if (current.is_null() || call["state"] == "talking") current = call;
      }
    }
  }
  hello["call"] = std::move(current);
  hello["calls"] = std::move(calls);
  hub_.subscribe(std::move(s), std::move(request.sink), std::move(hello));
}

nlohmann::json CtiPublisher::offered_json(const pbx::PhoneCallEvent& event) const {
  const acd::CallData* data = event.service_kind == "queue" ? queues_.call_data(event.call_id) : nullptr;
  static const acd::CallData kNone;
  const acd::CallData& variables = data ? *data : kNone;
  return {
      {"call_id", event.call_id},
      {"extension", event.extension},
      {"caller", event.caller},
      {"dialled", event.dialled},
      {"direction", event.direction},
      {"outgoing", event.outgoing},
      {"queue", event.service_kind == "queue" ? nlohmann::json(event.service_name) : nlohmann::json(nullptr)},
      {"ivr",
       {{"flow", value_or_null(variables, "ivr_flow")},
        {"path", value_or_null(variables, "ivr_path")},
        {"keys", value_or_null(variables, "ivr_keys")}}},
      {"variables", variables},
      {"data", attached_data(event.attached_data)},
      {"consult", consult_json(event)},
      {"customer", nullptr},
      {"offered_at", event.at}};
}

void CtiPublisher::on_do_not_disturb(std::int64_t tenant_id, const std::string& extension, bool on) {
  Event out;
  out.name = "phone.dnd";
  out.at = clock_.now_ms();
  out.tenant_id = tenant_id;
  out.extension = extension;
  out.data = {{"extension", extension}, {"dnd", on}};
  hub_.publish(std::move(out));
}

void CtiPublisher::on_phone_call(const pbx::PhoneCallEvent& event) {
  using Kind = pbx::PhoneCallEvent::Kind;
  PhoneKey phone{event.tenant_id, event.extension};
  Event out;
  out.at = event.at;
  out.tenant_id = event.tenant_id;
  out.extension = event.extension;
  switch (event.kind) {
    case Kind::Offered: {
      out.name = "call.offered";
      out.data = offered_json(event);
      out.recent_calls_of = event.outgoing               ? event.dialled
                            : event.consults_for.empty() ? event.caller
                                                         : event.consult_customer;
      nlohmann::json& kept = phones_[phone][event.call_id] = out.data;
      kept["recent_calls_of"] = *out.recent_calls_of;  // for a later hello (EventHub::enrich_hello)
      kept["state"] = "ringing";
      kept["held"] = false;
      break;
    }
    case Kind::Answered:
      out.name = "call.answered";
      if (auto it = phones_.find(phone); it != phones_.end() && it->second.contains(event.call_id)) {
        it->second[event.call_id]["state"] = "talking";
        it->second[event.call_id]["answered_at"] = event.at;
      }
      break;
    case Kind::Held:
    case Kind::Retrieved:
      out.name = event.kind == Kind::Held ? "call.held" : "call.retrieved";
      if (auto it = phones_.find(phone); it != phones_.end() && it->second.contains(event.call_id))
        it->second[event.call_id]["held"] = event.kind == Kind::Held;
      break;
    case Kind::Transferred:
      out.name = "call.transferred";  // call.ended follows as the phone leaves
      break;
    case Kind::Parked:
      out.name = "call.parked";  // call.ended follows as the phone leaves
      break;
    case Kind::Consult:
      out.name = "call.consult";
      if (auto it = phones_.find(phone); it != phones_.end() && it->second.contains(event.call_id)) {
        bool over = event.consult_state == "failed" || event.consult_state == "ended";
        it->second[event.call_id]["consulting"] =
            over ? nlohmann::json(nullptr)
                 : nlohmann::json{{"state", event.consult_state},
                                  {"target", event.consult_target},
                                  {"consult_call_id", event.consult_call},
                                  {"conference", event.conference}};
      }
      break;
    case Kind::Ended:
      out.name = "call.ended";
      if (auto it = phones_.find(phone); it != phones_.end()) {
        it->second.erase(event.call_id);
        if (it->second.empty()) phones_.erase(it);
      }
      break;
  }
  if (nobody_listens()) return;  // the phone's calls are kept all the same, for a later hello
  if (event.kind != Kind::Offered) out.data = phone_call_json(event);
  hub_.publish(std::move(out));
}

void CtiPublisher::parking_changed(const pbx::ParkingEvent& event) {
  if (nobody_listens()) return;
  Event out;
  out.name = "park.update";
  out.at = event.at;
  out.tenant_id = event.call.tenant_id;
  out.whole_tenant = true;
  out.data = parking_event_json(event);
  hub_.publish(std::move(out));
}

bool CtiPublisher::nobody_listens() const { return hub_.subscribers() == 0; }

void CtiPublisher::agent_changed(const acd::AgentView& agent) {
  if (nobody_listens()) return;
  Event out;
  out.name = "agent.state";
  out.at = clock_.now_ms();
  out.tenant_id = agent.snapshot.tenant;
  out.user_id = agent.user_id;
  out.to_agent_watchers = true;
  out.name_reason = true;
  out.data = agent_view_json(agent, {});
  hub_.publish(std::move(out));
}

void CtiPublisher::queue_changed(std::int64_t tenant_id, acd::QueueId queue) {
  if (nobody_listens()) return;
  throttle_.changed(queue);
  queue_tenants_[queue] = tenant_id;
  if (!queue_timer_.armed()) arm_queue_timer();
}

void CtiPublisher::arm_queue_timer() {
  auto next = throttle_.next_due();
  if (!next) return;
  std::int64_t delay = std::max<std::int64_t>(0, *next - clock_.now_ms());
  queue_timer_.start(delay, [this] { send_queue_updates(); });
}

nlohmann::json CtiPublisher::queue_json(const acd::QueueView& queue) const {
  nlohmann::json json = queue_view_json(queue);
  json.erase("calls");  // the callers themselves are for the wallboard's REST view
  return json;
}

void CtiPublisher::send_queue_updates() {
  UnixMs now = clock_.now_ms();
  for (std::int64_t queue : throttle_.take_due(now)) {
    std::int64_t tenant = queue_tenants_[queue];
    queue_tenants_.erase(queue);
    auto figures = queues_.queue_figures(queue);
    if (!figures) {
      throttle_.forget(queue);
      continue;
    }
    Event out;
    out.name = "queue.update";
    out.at = now;
    out.tenant_id = tenant;
    out.queue_id = queue;
    out.to_queue_watchers = true;
    out.data = queue_json(*figures);
    hub_.publish(std::move(out));
  }
  arm_queue_timer();
}

}  // namespace hotline::cti
