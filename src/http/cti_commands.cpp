#include "http/cti_commands.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <functional>
#include <future>

#include "common/json_reader.hpp"
#include "cti/acd_json.hpp"
#include "cti/event_hub.hpp"
#include "cti/event_json.hpp"
#include "http/agent_state.hpp"
#include "http/json_errors.hpp"

namespace hotline::http {
namespace {

constexpr std::size_t kMaxMessageLength = 2000;
constexpr std::int64_t kDefaultRecentCalls = 10;
constexpr std::int64_t kMaxRecentCalls = 50;
constexpr auto kHubAnswerTime = std::chrono::seconds(2);

Result<store::User> own_user(const CtiContext& c) {
  return c.deps.store.users().get(c.principal.tenant_id, c.principal.user_id);
}

// The arguments as an object read field by field; every problem named.
ApiResponse bad_args(ErrorList& errors) { return invalid_input_response(errors.take()); }

// Arguments that are {"call_id"} and nothing else: the id (problems go to `errors`).
std::optional<std::string> read_call_id(const CtiContext& c, ErrorList& errors) {
  ObjectReader r(c.args, "", errors);
  auto call_id = r.string("call_id", Need::Required);
  r.finish();
  return call_id;
}

// A command on the user's own phone from a user without one.
ApiResponse no_phone() {
  return error_response(Error::conflict("you have no phone: your user has no extension"));
}

// A command on a call failed: a call that is not in progress is named by `call_id`.
// A call command's error: a NotFound without a field of its own is about the call.
ApiResponse call_error(Error error) {
  if (error.code == ErrorCode::NotFound && error.field.empty()) error.field = "call_id";
  return error_response(error);
}

// agent.ready, agent.not_ready and agent.work_mode: the REST route's body with the state the
// command stands for (none for work_mode), read and applied by the REST route's code.
ApiResponse own_state(CtiContext& c, const char* state) {
  auto user = own_user(c);
  if (!user) return error_response(user.error());
  ErrorList errors;
  if (c.args.contains("state")) errors.add("state", "is not an argument of this command");
  nlohmann::json body = c.args;
  if (state) body["state"] = state;
  ObjectReader r(body, "", errors);
  auto commands = read_agent_commands(r);
  r.finish();
  if (errors.empty() && commands.empty()) errors.add("work_mode", "give a work_mode");
  if (!errors.empty()) return bad_args(errors);
  return apply_agent_commands(c.deps, *user, commands);
}

ApiResponse agent_ready(CtiContext& c) { return own_state(c, "ready"); }
ApiResponse agent_not_ready(CtiContext& c) { return own_state(c, "not_ready"); }
ApiResponse agent_work_mode(CtiContext& c) { return own_state(c, nullptr); }

// {"queues": [id, ...]} (optional): the tenant's queues, else 404 naming queues.N.
Result<std::vector<std::int64_t>> read_queues(const CtiContext& c, ErrorList& errors) {
  ObjectReader r(c.args, "", errors);
  std::vector<std::int64_t> queues;
  const auto* list = r.array("queues");
  r.finish();
  if (!list) return queues;
  auto tenant_queues = c.deps.store.queues().list(c.principal.tenant_id);
  for (std::size_t i = 0; i < list->size(); ++i) {
    std::string field = "queues." + std::to_string(i);
    const auto& item = (*list)[i];
    if (!item.is_number_integer()) {
      errors.add(field, "must be a queue id");
      continue;
    }
    auto id = item.get<std::int64_t>();
    bool known =
        std::any_of(tenant_queues.begin(), tenant_queues.end(), [&](const auto& q) { return q.id == id; });
    if (!known) return Error{ErrorCode::NotFound, "no queue " + std::to_string(id), field};
    queues.push_back(id);
  }
  return queues;
}

ApiResponse log_in_or_out(CtiContext& c, acd::AgentCommand::Kind kind) {
  auto user = own_user(c);
  if (!user) return error_response(user.error());
  ErrorList errors;
  auto queues = read_queues(c, errors);
  if (!queues) return error_response(queues.error());
  if (!errors.empty()) return bad_args(errors);
  acd::AgentCommand command{kind};
  command.queues = std::move(*queues);
  return apply_agent_commands(c.deps, *user, {command});
}

ApiResponse agent_login(CtiContext& c) { return log_in_or_out(c, acd::AgentCommand::Kind::LogIn); }
ApiResponse agent_logout(CtiContext& c) { return log_in_or_out(c, acd::AgentCommand::Kind::LogOut); }

ApiResponse agent_ready_now(CtiContext& c) {
  auto user = own_user(c);
  if (!user) return error_response(user.error());
  ErrorList errors;
  ObjectReader(c.args, "", errors).finish();
  if (!errors.empty()) return bad_args(errors);
  return apply_agent_commands(c.deps, *user, {acd::AgentCommand{acd::AgentCommand::Kind::ReadyNow}});
}

// A supervisor sets another agent's state: {"user_id", "state", "reason", "work_mode"} as the REST
// route's body. Another tenant's user is 404, like an unknown one.
ApiResponse agent_set_state(CtiContext& c) {
  ErrorList errors;
  ObjectReader r(c.args, "", errors);
  auto user_id = r.integer("user_id", 1, INT64_MAX, Need::Required);
  auto commands = read_agent_commands(r);
  r.finish();
  if (errors.empty() && commands.empty()) errors.add("state", "give a state, a work_mode or both");
  if (!errors.empty()) return bad_args(errors);
  auto user = c.deps.store.users().get(c.principal.tenant_id, *user_id);
  if (!user) {
    if (user.error().code == ErrorCode::NotFound)
      return error_response(Error{ErrorCode::NotFound, "no agent " + std::to_string(*user_id), "user_id"});
    return error_response(user.error());
  }
  return apply_agent_commands(c.deps, *user, commands);
}

// {"to": user id | "all", "text"}: to the user's sockets, or every socket of the tenant.
ApiResponse message_send(CtiContext& c) {
  if (!c.deps.cti_hub) return error_response(Error::unavailable("the CTI is not running"));
  ErrorList errors;
  ObjectReader r(c.args, "", errors);
  const auto* to = r.get("to", Need::Required);
  auto text = r.string("text", Need::Required);
  r.finish();
  std::optional<std::int64_t> to_user;
  if (to && !(to->is_string() && *to == "all")) {
    if (to->is_number_integer())
      to_user = to->get<std::int64_t>();
    else
      errors.add("to", "must be a user id or \"all\"");
  }
  if (text && (text->empty() || text->size() > kMaxMessageLength))
    errors.add("text", "must be 1 to " + std::to_string(kMaxMessageLength) + " bytes");
  if (!errors.empty()) return bad_args(errors);
  if (to_user) {
    auto user = c.deps.store.users().get(c.principal.tenant_id, *to_user);
    if (!user && user.error().code == ErrorCode::NotFound)
      return error_response(Error{ErrorCode::NotFound, "no user " + std::to_string(*to_user), "to"});
    if (!user) return error_response(user.error());
  }
  auto reached = std::make_shared<std::promise<std::size_t>>();
  auto answer = reached->get_future();
  cti::Message message{c.principal.tenant_id, c.principal.user_id, c.principal.username, to_user, *text,
                       c.deps.clock.now_ms()};
  c.deps.cti_hub->send_message(std::move(message), [reached](std::size_t n) { reached->set_value(n); });
  if (answer.wait_for(kHubAnswerTime) != std::future_status::ready)
    return error_response(Error::unavailable("the message hub did not answer within 2 s"));
  return json_response(200, {{"reached", answer.get()}});
}

// A command on the user's own call ({"call_id"}; the user must have a phone): `act` asks the live
// state with the call's id and the phone's extension. The reply is {"call_id"} and `reply`'s fields.
using OwnCallAction = std::function<Status(const std::string& call_id, const std::string& extension)>;
ApiResponse act_on_own_call(CtiContext& c, const OwnCallAction& act,
                            nlohmann::json reply = nlohmann::json::object()) {
  ErrorList errors;
  auto call_id = read_call_id(c, errors);
  if (!errors.empty()) return bad_args(errors);
  if (!c.extension) return no_phone();
  if (auto done = act(*call_id, *c.extension); !done) return call_error(done.error());
  reply["call_id"] = *call_id;
  return json_response(200, reply);
}

// The user's own call, as if its phone hung up.
ApiResponse call_hangup(CtiContext& c) {
  return act_on_own_call(c, [&](const std::string& call_id, const std::string& extension) {
    return c.deps.live.hang_up_call(c.principal.tenant_id, call_id, extension, c.principal.username);
  });
}

// The call ringing at the user's phone answered there (a phone taking the talk event).
ApiResponse call_answer(CtiContext& c) {
  return act_on_own_call(c, [&](const std::string& call_id, const std::string& extension) {
    return c.deps.live.answer_call(c.principal.tenant_id, call_id, extension, c.principal.username);
  });
}

// The user's own call held (the caller hears music, the phone silence) or retrieved.
ApiResponse hold_or_retrieve(CtiContext& c, bool hold) {
  auto act = [&](const std::string& call_id, const std::string& extension) {
    return c.deps.live.hold_call(c.principal.tenant_id, call_id, extension, hold, c.principal.username);
  };
  return act_on_own_call(c, act, {{"held", hold}});
}

ApiResponse call_hold(CtiContext& c) { return hold_or_retrieve(c, true); }
ApiResponse call_retrieve(CtiContext& c) { return hold_or_retrieve(c, false); }

// "data": business data (form fields, a ticket draft) that goes with a transferred or consulted
// call to the next desktop offered it: a JSON object of at most 16 KiB, kept as its text ("" when
// not given).
std::string read_business_data(ObjectReader& r, ErrorList& errors) {
  constexpr std::size_t kMaxDataBytes = 16 * 1024;
  const auto* data = r.object("data");
  if (!data) return {};
  std::string text = data->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() > kMaxDataBytes) errors.add("data", "business data is at most 16 KiB of JSON");
  return text;
}

// An error when the tenant has no extension `extension` (404 naming "extension"), else nothing.
std::optional<ApiResponse> unknown_extension(const CtiContext& c, const std::string& extension) {
  auto found = c.deps.store.extensions().find(c.principal.tenant_id, extension);
  if (!found && found.error().code == ErrorCode::NotFound)
    return error_response(Error{ErrorCode::NotFound, "no extension '" + extension + "'", "extension"});
  if (!found) return error_response(found.error());
  return std::nullopt;
}

// Where a transfer or a consultation goes: exactly one of "queue": NAME, "extension": EXT or
// "number": what the user's phone would dial (a flow's number, an outside number; the server
// routes it and checks the user may dial it). The kind ("queue", "extension", "number") and name;
// the tenant's queues and extensions only (another's is 404, as an unknown one).
struct Destination {
  std::string kind;
  std::string name;
};

std::optional<Destination> read_destination(ObjectReader& r, ErrorList& errors) {
  std::vector<Destination> given;
  for (const char* kind : {"queue", "extension", "number"}) {
    if (auto name = r.string(kind)) given.push_back({kind, *name});
  }
  if (given.size() == 1) return given.front();
  if (given.empty())
    errors.add("extension", "give an extension, a queue or a number");
  else
    errors.add(given.front().kind, "give one of an extension, a queue or a number");
  return std::nullopt;
}

std::optional<ApiResponse> unknown_destination(const CtiContext& c, const Destination& to) {
  if (to.kind == "extension") return unknown_extension(c, to.name);
  if (to.kind != "queue") return std::nullopt;
  auto queues = c.deps.store.queues().list(c.principal.tenant_id);
  if (std::none_of(queues.begin(), queues.end(), [&](const auto& q) { return q.name == to.name; }))
    return error_response(Error{ErrorCode::NotFound, "no queue '" + to.name + "'", "queue"});
  return std::nullopt;
}

// A command that sends the user's own call on ({"call_id", a destination, "data"}; the user must
// have a phone and the destination exist): `act` asks the live state and says the reply's fields
// besides {"call_id"}.
using HandOverAction =
    std::function<Result<nlohmann::json>(const std::string& call_id, const std::string& extension,
                                         const Destination& to, const std::string& data)>;
ApiResponse hand_over(CtiContext& c, const HandOverAction& act) {
  ErrorList errors;
  ObjectReader r(c.args, "", errors);
  auto call_id = r.string("call_id", Need::Required);
  auto to = read_destination(r, errors);
  std::string data = read_business_data(r, errors);
  r.finish();
  if (!errors.empty()) return bad_args(errors);
  if (auto unknown = unknown_destination(c, *to)) return *unknown;
  if (!c.extension) return no_phone();
  auto reply = act(*call_id, *c.extension, *to, data);
  if (!reply) return call_error(reply.error());
  (*reply)["call_id"] = *call_id;
  return json_response(200, *reply);
}

// The user's own call transferred blind.
ApiResponse call_transfer(CtiContext& c) {
  return hand_over(c,
                   [&](const std::string& call_id, const std::string& extension, const Destination& to,
                       const std::string& data) -> Result<nlohmann::json> {
                     auto done = c.deps.live.transfer_call(c.principal.tenant_id, call_id, extension, to.kind,
                                                           to.name, c.principal.username, data);
                     if (!done) return done.error();
                     return nlohmann::json{{"to", to.kind + ":" + to.name}};
                   });
}

// The user's own call held while the server calls the destination; once it answers the two talk
// (PBX-3: consult, then transfer, three-way or cancel). The consultation call's id.
ApiResponse call_consult(CtiContext& c) {
  return hand_over(c,
                   [&](const std::string& call_id, const std::string& extension, const Destination& to,
                       const std::string& data) -> Result<nlohmann::json> {
                     auto consult = c.deps.live.consult_call(c.principal.tenant_id, call_id, extension,
                                                             to.kind, to.name, c.principal.username, data);
                     if (!consult) return consult.error();
                     return nlohmann::json{{"consult_call_id", *consult}, {to.kind, to.name}};
                   });
}

// The consultation about the user's call goes on as `step` says.
ApiResponse finish_consult(CtiContext& c, LiveState::ConsultStep step) {
  return act_on_own_call(c, [&](const std::string& call_id, const std::string& extension) {
    return c.deps.live.finish_consult(c.principal.tenant_id, call_id, extension, step, c.principal.username);
  });
}

ApiResponse call_consult_transfer(CtiContext& c) {
  return finish_consult(c, LiveState::ConsultStep::Transfer);
}
ApiResponse call_three_way(CtiContext& c) { return finish_consult(c, LiveState::ConsultStep::ThreeWay); }
ApiResponse call_consult_cancel(CtiContext& c) { return finish_consult(c, LiveState::ConsultStep::Cancel); }

// {"number", "redial": {"attempts": 0..5, "interval_s": 2..300}}: click-to-dial (PBX-10). The
// user's phone rings first, then the number; a busy number is redialled as `redial` says.
ApiResponse call_dial(CtiContext& c) {
  ErrorList errors;
  ObjectReader r(c.args, "", errors);
  auto number = r.string("number", Need::Required);
  std::optional<std::int64_t> attempts, interval_s;
  if (const auto* redial = r.object("redial")) {
    ObjectReader rr(*redial, "redial", errors);
    attempts = rr.integer("attempts", 0, 5);
    interval_s = rr.integer("interval_s", 2, 300);
    rr.finish();
  }
  r.finish();
  if (number && (number->empty() || number->size() > 32 ||
                 number->find_first_not_of("0123456789*#+") != std::string::npos))
    errors.add("number", "a number is 1-32 of the characters 0-9 * # +");
  if (!errors.empty()) return bad_args(errors);
  if (!c.extension) return no_phone();
  auto call_id = c.deps.live.dial_call(c.principal.tenant_id, *c.extension, *number, attempts.value_or(0),
                                       interval_s.value_or(10) * 1000, c.principal.username);
  if (!call_id) return error_response(call_id.error());
  return json_response(200, {{"call_id", *call_id}, {"number", *number}});
}

// {"extension"}: the user's phone rings, then does what the feature code + extension does: joins
// that agent's call as a supervisor (SUP-1: *1/*2/*3/*4), or takes the call ringing there (*8).
ApiResponse dial_feature_code(CtiContext& c, const char* code) {
  ErrorList errors;
  ObjectReader r(c.args, "", errors);
  auto extension = r.string("extension", Need::Required);
  r.finish();
  if (extension && (extension->empty() || extension->find_first_not_of("0123456789") != std::string::npos))
    errors.add("extension", "an extension is digits");
  if (!errors.empty()) return bad_args(errors);
  if (!c.extension) return no_phone();
  auto call_id = c.deps.live.dial_call(c.principal.tenant_id, *c.extension, code + *extension, 0, 0,
                                       c.principal.username);
  if (!call_id) {
    Error error = call_id.error();
    if (error.field == "number") error.field = "extension";
    return error_response(error);
  }
  return json_response(200, {{"call_id", *call_id}, {"extension", *extension}});
}

ApiResponse call_listen(CtiContext& c) { return dial_feature_code(c, "*1"); }
ApiResponse call_whisper(CtiContext& c) { return dial_feature_code(c, "*2"); }
ApiResponse call_barge(CtiContext& c) { return dial_feature_code(c, "*3"); }
ApiResponse call_take_over(CtiContext& c) { return dial_feature_code(c, "*4"); }
// {"extension"}: the call ringing that colleague's phone rings the user's instead (PBX-6, *8).
ApiResponse call_pickup(CtiContext& c) { return dial_feature_code(c, "*8"); }

// {"call_id"}: a supervisor ends any call of the tenant (SUP-1).
ApiResponse call_force_hangup(CtiContext& c) {
  ErrorList errors;
  auto call_id = read_call_id(c, errors);
  if (!errors.empty()) return bad_args(errors);
  auto done = c.deps.live.force_hang_up_call(c.principal.tenant_id, *call_id, c.principal.username);
  if (!done) return call_error(done.error());
  return json_response(200, {{"call_id", *call_id}});
}

// {"call_id"}: the user's own call parked; the slot it waits in.
ApiResponse call_park(CtiContext& c) {
  ErrorList errors;
  auto call_id = read_call_id(c, errors);
  if (!errors.empty()) return bad_args(errors);
  if (!c.extension) return no_phone();
  auto slot = c.deps.live.park_call(c.principal.tenant_id, *call_id, *c.extension, c.principal.username);
  if (!slot) return call_error(slot.error());
  return json_response(200, {{"call_id", *call_id}, {"slot", *slot}});
}

// {"slot"}: the call parked there rings the user's phone and is connected when it answers.
ApiResponse call_unpark(CtiContext& c) {
  constexpr std::int64_t kMaxSlot = 9999;  // what *7 + a slot can dial
  ErrorList errors;
  ObjectReader r(c.args, "", errors);
  auto slot = r.integer("slot", 1, kMaxSlot, Need::Required);
  r.finish();
  if (!errors.empty()) return bad_args(errors);
  if (!c.extension) return no_phone();
  auto call_id = c.deps.live.unpark_call(c.principal.tenant_id, static_cast<int>(*slot), *c.extension,
                                         c.principal.username);
  if (!call_id) return error_response(call_id.error());
  return json_response(200, {{"slot", *slot}, {"call_id", *call_id}});
}

// The tenant's parked calls, by slot.
ApiResponse calls_parked(CtiContext& c) {
  ErrorList errors;
  ObjectReader(c.args, "", errors).finish();
  if (!errors.empty()) return bad_args(errors);
  auto parked = c.deps.live.parked_calls(c.principal.tenant_id);
  if (!parked) return error_response(parked.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& call : *parked) items.push_back(cti::parked_call_json(call));
  return json_response(200, {{"items", std::move(items)}});
}

// {"on": bool}: do not disturb for the user's phone (PBX-7). Every socket of the user hears
// phone.dnd, so a toolbar embedded elsewhere shows it too.
ApiResponse phone_dnd(CtiContext& c) {
  ErrorList errors;
  ObjectReader r(c.args, "", errors);
  auto on = r.boolean("on");
  if (errors.empty() && !on) errors.add("on", "say true or false");
  r.finish();
  if (!errors.empty()) return bad_args(errors);
  if (!c.extension) return no_phone();
  if (auto done = c.deps.live.set_do_not_disturb(c.principal.tenant_id, *c.extension, *on); !done)
    return error_response(done.error());
  nlohmann::json data = {{"extension", *c.extension}, {"dnd", *on}};
  if (c.deps.cti_hub) {
    cti::Event event;
    event.name = "phone.dnd";
    event.at = c.deps.clock.now_ms();
    event.tenant_id = c.principal.tenant_id;
    event.extension = *c.extension;
    event.data = data;
    c.deps.cti_hub->publish(std::move(event));
  }
  return json_response(200, data);
}

// {"limit": 1..50}: the calls the user's phone took part in, newest first.
ApiResponse calls_recent(CtiContext& c) {
  ErrorList errors;
  ObjectReader r(c.args, "", errors);
  auto limit = r.integer("limit", 1, kMaxRecentCalls);
  r.finish();
  if (!errors.empty()) return bad_args(errors);
  nlohmann::json items = nlohmann::json::array();
  if (c.extension) {
    store::CallQuery query;
    query.tenant_id = c.principal.tenant_id;
    query.endpoint = *c.extension;
    query.limit = static_cast<int>(limit.value_or(kDefaultRecentCalls));
    for (const auto& call : c.deps.store.calls().query(query)) items.push_back(cti::recent_call_json(call));
  }
  return json_response(200, {{"items", std::move(items)}});
}

// {"agents": bool, "queues": bool} (both true when absent): every agent's and queue's events of the
// tenant from now on, and the live views as they are (GET /api/v1/live/agents and /queues).
ApiResponse live_subscribe(CtiContext& c) {
  if (!c.deps.cti_hub) return error_response(Error::unavailable("the CTI is not running"));
  ErrorList errors;
  ObjectReader r(c.args, "", errors);
  bool agents = r.boolean("agents").value_or(true);
  bool queues = r.boolean("queues").value_or(true);
  r.finish();
  if (!errors.empty()) return bad_args(errors);
  c.deps.cti_hub->watch(c.subscriber, agents, queues);
  nlohmann::json result = {{"agents", nlohmann::json::array()}, {"queues", nlohmann::json::array()}};
  if (agents) {
    auto views = c.deps.live.agents(c.principal.tenant_id);
    if (!views) return error_response(views.error());
    auto reasons = c.deps.store.not_ready_reasons().list(c.principal.tenant_id);
    for (const auto& view : *views) result["agents"].push_back(cti::agent_view_json(view, reasons));
  }
  if (queues) {
    auto views = c.deps.live.queues(c.principal.tenant_id);
    if (!views) return error_response(views.error());
    for (const auto& view : *views) result["queues"].push_back(cti::queue_view_json(view));
  }
  return json_response(200, result);
}

ApiResponse ping(CtiContext& c) {
  ErrorList errors;
  ObjectReader(c.args, "", errors).finish();
  if (!errors.empty()) return bad_args(errors);
  return json_response(200, {{"at", c.deps.clock.now_ms()}});
}

// Like every non-GET REST request: who, from where, what, the outcome and the answer.
void audit(const CtiContext& c, const CtiCommand& command, const ApiResponse& answer) {
  store::AuditRecord row;
  row.tenant_id = c.principal.tenant_id;
  row.at = c.deps.clock.now_ms();
  row.user_id = c.principal.user_id;
  row.username = c.principal.username;
  row.role = c.principal.role;
  row.remote_address = c.remote_address;
  row.action = "WS " + command.name;
  row.object_type = "cti." + command.name.substr(0, command.name.find('.'));
  if (c.args.contains("user_id")) row.object_id = c.args["user_id"].dump();
  if (c.args.contains("call_id") && c.args["call_id"].is_string()) row.object_id = c.args["call_id"];
  if (c.args.contains("slot")) row.object_id = "slot " + c.args["slot"].dump();
  row.status = answer.status;
  row.before_json = std::nullopt;
  row.after_json = c.args.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  row.detail = error_message(answer);
  if (c.principal.api_token_id) {
    std::string via = "via API token " + std::to_string(*c.principal.api_token_id);
    row.detail = row.detail.empty() ? via : row.detail + "; " + via;
  }
  c.deps.store.audit().add_async(row);
}

}  // namespace

const std::vector<CtiCommand>& cti_commands() {
  static const std::vector<CtiCommand> kCommands = {
      {"ping", "auth.self", false, ping},
      {"agent.login", "agents.state.self", true, agent_login},
      {"agent.logout", "agents.state.self", true, agent_logout},
      {"agent.ready", "agents.state.self", true, agent_ready},
      {"agent.not_ready", "agents.state.self", true, agent_not_ready},
      {"agent.ready_now", "agents.state.self", true, agent_ready_now},
      {"agent.work_mode", "agents.state.self", true, agent_work_mode},
      {"agent.set_state", "agents.state.write", true, agent_set_state},
      {"message.send", "messages.send", true, message_send},
      {"call.answer", "calls.control", true, call_answer},
      {"call.hangup", "calls.control", true, call_hangup},
      {"call.hold", "calls.control", true, call_hold},
      {"call.retrieve", "calls.control", true, call_retrieve},
      {"call.transfer", "calls.control", true, call_transfer},
      {"call.consult", "calls.control", true, call_consult},
      {"call.consult_transfer", "calls.control", true, call_consult_transfer},
      {"call.three_way", "calls.control", true, call_three_way},
      {"call.consult_cancel", "calls.control", true, call_consult_cancel},
      {"call.dial", "calls.control", true, call_dial},
      {"call.listen", "calls.listen", true, call_listen},
      {"call.whisper", "calls.whisper", true, call_whisper},
      {"call.barge", "calls.barge", true, call_barge},
      {"call.take_over", "calls.barge", true, call_take_over},
      {"call.pickup", "calls.control", true, call_pickup},
      {"call.force_hangup", "calls.barge", true, call_force_hangup},
      {"call.park", "calls.control", true, call_park},
      {"call.unpark", "calls.control", true, call_unpark},
      {"phone.dnd", "calls.control", true, phone_dnd},
      {"calls.recent", "calls.read", false, calls_recent},
      {"calls.parked", "calls.read", false, calls_parked},
      {"live.subscribe", "live.read", false, live_subscribe},
  };
  return kCommands;
}

ApiResponse run_cti_command(CtiContext& c, std::string_view name) {
  const auto& commands = cti_commands();
  auto it = std::find_if(commands.begin(), commands.end(),
                         [&](const CtiCommand& command) { return command.name == name; });
  if (it == commands.end())
    return error_response(Error{ErrorCode::NotFound, "no command '" + std::string(name) + "'", "cmd"});
  ApiResponse answer;
  if (!c.deps.auth.allows(c.principal, it->capability)) {
    answer = error_response(Error{ErrorCode::PermissionDenied, it->name + " needs " + it->capability, {}});
  } else {
    try {
      answer = it->run(c);
    } catch (const std::exception& e) {
      spdlog::error("cti: {} failed: {}", it->name, e.what());
      answer = error_response(Error::internal("internal error"));
    }
  }
  if (it->audited) audit(c, *it, answer);
  return answer;
}

std::vector<std::string> allowed_cti_commands(const ApiDeps& deps, const app::Principal& principal) {
  std::vector<std::string> names;
  for (const auto& command : cti_commands()) {
    if (deps.auth.allows(principal, command.capability)) names.push_back(command.name);
  }
  return names;
}

}  // namespace hotline::http
