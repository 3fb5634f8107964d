#include "ivr/session.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <utility>

#include "common/local_time.hpp"
#include "common/overloaded.hpp"

namespace hotline::ivr {
namespace {

constexpr std::size_t kMaxPath = 256;
constexpr std::size_t kMaxNotes = 50;
constexpr std::size_t kMaxKeys = 1024;

std::optional<std::string_view> after_prefix(std::string_view name, std::string_view prefix) {
  if (!name.starts_with(prefix)) return std::nullopt;
  return name.substr(prefix.size());
}

// A transfer target or voicemail box filled in from variables (an HTTP answer, say) must stay a
// plain number or name: no '@', ':', ';' or spaces that would make it another SIP address.
bool is_plain_target(std::string_view target) {
  if (target.empty() || target.size() > 64) return false;
  return std::all_of(target.begin(), target.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("+*#-_.").find(c) != std::string_view::npos;
  });
}

Value text_or_null(const Variables& values, std::string_view name) {
  auto it = values.find(name);
  return it == values.end() ? Value::null() : Value::of(it->second);
}

}  // namespace

Session::Session(FlowPtr flow, CallContext context, const Clock& clock, SessionLimits limits)
    : flow_(std::move(flow)), context_(std::move(context)), clock_(clock), limits_(limits) {
  variables_ = context_.variables;
  if (!limits_.lua.clock) limits_.lua.clock = &clock_;
}

std::string_view Session::current_node() const {
  return current_ == kNoNode ? std::string_view{} : std::string_view(node().id);
}

Value Session::lookup(std::string_view name) const {
  const CallerInfo& caller = context_.caller;
  if (name == "caller.number") return Value::of(caller.number);
  if (name == "caller.dialled") return Value::of(caller.dialled);
  if (name == "caller.vip_level") return Value::of(static_cast<double>(caller.vip_level));
  if (auto field = after_prefix(name, "customer.")) return text_or_null(caller.customer, *field);
  if (auto field = after_prefix(name, "now.")) {
    LocalTime now = local_time(clock_.now_ms(), context_.utc_offset_minutes);
    if (*field == "hour") return Value::of(static_cast<double>(now.minute_of_day / 60));
    if (*field == "minute") return Value::of(static_cast<double>(now.minute_of_day % 60));
    if (*field == "weekday") return Value::of(static_cast<double>(now.weekday));
    if (*field == "date") return Value::of(now.date());
    if (*field == "time") {
      char text[16];
      std::snprintf(text, sizeof text, "%02d:%02d", now.minute_of_day / 60, now.minute_of_day % 60);
      return Value::of(std::string(text));
    }
    return Value::null();
  }
  return text_or_null(variables_, name);
}

Actions Session::start() {
  Actions out;
  if (state_ != State::Created) return out;
  state_ = State::Running;
  run_from(flow_->start, out);
  return out;
}

Actions Session::on_event(const Event& event) {
  Actions out;
  if (state_ == State::Created || state_ == State::Finished) return out;
  std::visit([&](const auto& e) { handle(e, out); }, event);
  return out;
}

void Session::run_from(NodeIndex next, Actions& out) {
  for (int steps = 0; next != kNoNode && state_ == State::Running; ++steps) {
    if (steps >= limits_.max_steps_per_event || visits_ >= limits_.max_node_visits) {
      note("the flow went round without waiting for the caller (" + std::to_string(visits_) + " nodes)");
      finish("ivr_loop", out);
      return;
    }
    ++visits_;
    current_ = next;
    waiting_ = Waiting::Nothing;
    if (trail_.path.size() < kMaxPath) trail_.path.push_back(node().id);
    next = std::visit([&](const auto& body) { return enter(body, out); }, node().body);
  }
}

NodeIndex Session::follow(const NodeRef& ref, const char* cause, Actions& out) {
  if (ref.present() && ref.index != kNoNode) return ref.index;
  return finish(cause, out);
}

NodeIndex Session::finish(std::string cause, Actions& out) {
  stop_play(out);
  trail_.end = "hangup:" + cause;
  out.emplace_back(Hangup{std::move(cause)});
  out.emplace_back(Finished{});
  state_ = State::Finished;
  waiting_ = Waiting::Nothing;
  return kNoNode;
}

NodeIndex Session::hand_off(Action action, std::string end, Actions& out) {
  stop_play(out);
  type_ahead_.clear();
  trail_.end = std::move(end);
  out.push_back(std::move(action));
  state_ = State::HandedOff;
  waiting_ = Waiting::Handoff;
  return kNoNode;
}

void Session::note(std::string message) {
  if (trail_.errors.size() >= kMaxNotes) return;
  std::string where = current_ == kNoNode ? "flow" : "nodes." + node().id;
  trail_.errors.push_back(where + ": " + message);
}

media::PlaySpec Session::render(const Prompt& prompt, bool interruptible) const {
  media::PlaySpec spec;
  spec.interruptible = interruptible;
  for (const PromptItem& item : prompt.items) {
    spec.items.push_back(item.spec);
    if (item.spec.kind == media::PlayItemSpec::Kind::Speech)
      spec.items.back().value = item.speech.render(*this);
  }
  return spec;
}

void Session::start_play(media::PlaySpec spec, Actions& out) {
  play_token_ = next_token_++;
  play_interruptible_ = spec.interruptible;
  out.emplace_back(Play{play_token_, std::move(spec)});
}

void Session::stop_play(Actions& out) {
  if (play_token_ == 0) return;
  play_token_ = 0;
  out.emplace_back(StopPlay{});
}

void Session::arm_timer(std::int64_t timeout_ms, Actions& out) {
  timer_token_ = next_token_++;
  out.emplace_back(WaitDigits{timer_token_, timeout_ms});
}

// --- nodes that play ---

NodeIndex Session::enter(const PlayNode& n, Actions& out) {
  if (n.interruptible && !type_ahead_.empty()) return follow(n.next, "ivr_error", out);
  if (!n.interruptible) type_ahead_.clear();
  after_play_ = n.next.index;
  start_play(render(n.prompt, n.interruptible), out);
  waiting_ = Waiting::Play;
  return kNoNode;
}

NodeIndex Session::enter(const AnnounceAgentNode& n, Actions& out) {
  after_play_ = n.next.index;
  play_token_ = next_token_++;
  play_interruptible_ = n.interruptible;
  out.emplace_back(AnnounceAgent{play_token_, render(n.before, n.interruptible),
                                 render(n.after, n.interruptible), n.language, n.interruptible});
  waiting_ = Waiting::Play;
  return kNoNode;
}

void Session::play_ended(std::uint64_t token, Actions& out) {
  if (token == 0 || token != play_token_) return;
  play_token_ = 0;
  if (waiting_ == Waiting::Play) {
    run_from(after_play_, out);
  } else if (waiting_ == Waiting::Input && prompting_) {
    prompting_ = false;
    arm_timer(input_settings().timeout_ms, out);
  }
}

void Session::handle(const PlayFinished& e, Actions& out) { play_ended(e.token, out); }
// The key itself arrives as a Digit event.
void Session::handle(const PlayInterrupted& e, Actions& out) { play_ended(e.token, out); }

void Session::handle(const PlayFailed& e, Actions& out) {
  if (e.token != 0 && e.token == play_token_) note("prompt failed: " + e.error);
  play_ended(e.token, out);
}

void Session::handle(const Digit& e, Actions& out) {
  if (trail_.keys.size() < kMaxKeys) trail_.keys += e.digit;
  if (state_ != State::Running) return;
  if (waiting_ == Waiting::Input) {
    on_input_digit(e.digit, out);
  } else if (waiting_ == Waiting::Play && play_interruptible_) {
    stop_play(out);
    if (type_ahead_.size() < limits_.max_type_ahead) type_ahead_ += e.digit;
    run_from(after_play_, out);
  }
}

void Session::handle(const Timeout& e, Actions& out) {
  if (state_ != State::Running || waiting_ != Waiting::Input || prompting_ || e.token != timer_token_) return;
  on_input_timeout(out);
}

// --- hand-offs and the end ---

NodeIndex Session::enter(const QueueNode& n, Actions& out) {
  Enqueue enqueue{n.queue, n.priority, n.skill, {}, n.announce_agent};
  if (n.priority_expression) {
    auto priority = n.priority_expression->evaluate(*this).to_number();
    if (!priority) note("priority '" + n.priority_expression->text() + "' is not a number; 0 used");
    enqueue.priority = priority ? static_cast<int>(std::clamp(std::round(*priority), -1000.0, 1000.0)) : 0;
  }
  if (!n.carry) {
    enqueue.variables = variables_;
  } else {
    for (const std::string& name : *n.carry) {
      if (auto it = variables_.find(name); it != variables_.end()) enqueue.variables.insert(*it);
    }
  }
  return hand_off(std::move(enqueue), "queue", out);
}

NodeIndex Session::enter(const TransferNode& n, Actions& out) {
  std::string target = n.target.render(*this);
  if (!is_plain_target(target)) {
    note("transfer target '" + target + "' (from '" + n.target.text() + "') is not a number or extension");
    return follow(n.on_failure, "ivr_error", out);
  }
  return hand_off(Transfer{std::move(target), n.external}, "transfer", out);
}

NodeIndex Session::enter(const VoicemailNode& n, Actions& out) {
  std::string box = n.box.render(*this);
  if (!is_plain_target(box)) {
    note("voicemail box '" + box + "' (from '" + n.box.text() + "') is not a box name");
    return follow(n.on_failure, "ivr_error", out);
  }
  return hand_off(Voicemail{std::move(box)}, "voicemail", out);
}

NodeIndex Session::enter(const HangupNode& n, Actions& out) { return finish(n.cause, out); }

void Session::handle(const HandoffFailed& e, Actions& out) {
  if (state_ != State::HandedOff) return;
  note(trail_.end + " failed: " + e.reason);
  trail_.end.clear();
  state_ = State::Running;
  waiting_ = Waiting::Nothing;
  const NodeRef* on_failure = std::visit(Overloaded{
                                             [](const QueueNode& n) { return &n.on_failure; },
                                             [](const TransferNode& n) { return &n.on_failure; },
                                             [](const VoicemailNode& n) { return &n.on_failure; },
                                             [](const auto&) -> const NodeRef* { return nullptr; },
                                         },
                                         node().body);
  run_from(on_failure ? follow(*on_failure, "ivr_error", out) : finish("ivr_error", out), out);
}

void Session::handle(const CallerHangup&, Actions&) {
  if (state_ == State::Running) trail_.end = "caller_hangup";
  state_ = State::Finished;
  waiting_ = Waiting::Nothing;
  play_token_ = 0;
}

}  // namespace hotline::ivr
