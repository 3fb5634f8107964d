#include "ivr/runtime/flow_calls.hpp"

#include <spdlog/spdlog.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "ivr/flow_compiler.hpp"
#include "ivr/runtime/prompt_files.hpp"
#include "pbx/agent_announcement.hpp"

namespace hotline::ivr {

struct FlowCalls::FlowCall {
  // Who a survey is about: what the queue handed the call back with (QueueCalls). A member, not a
  // file-local type: FlowCall has external linkage, and the sources share unity translation units.
  struct Survey {
    std::optional<std::int64_t> agent_id;
    std::optional<std::string> agent_extension;
    std::optional<std::string> queue;
  };
  static Survey survey_of(const std::map<std::string, std::string, std::less<>>& variables);

  explicit FlowCall(sip::CoreLoop& loop) : digit_timer(loop) {}

  std::string id;
  std::uint64_t serial = 0;
  std::int64_t tenant_id = 0;
  std::string flow_name;
  std::unique_ptr<Session> session;
  Survey survey;
  std::size_t answers_stored = 0;  // of the trail's survey answers
  sip::CoreTimer digit_timer;
  std::unordered_map<media::PlayId, std::uint64_t> plays;  // what is playing → the session's token
  bool transferring = false;
  bool ended = false;
};

FlowCalls::FlowCall::Survey FlowCalls::FlowCall::survey_of(
    const std::map<std::string, std::string, std::less<>>& variables) {
  Survey survey;
  auto text = [&](const char* name) -> std::optional<std::string> {
    auto it = variables.find(name);
    return it == variables.end() ? std::nullopt : std::optional(it->second);
  };
  if (auto id = text("agent_id")) {
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(id->data(), id->data() + id->size(), value);
    if (ec == std::errc{} && end == id->data() + id->size()) survey.agent_id = value;
  }
  survey.agent_extension = text("agent_extension");
  survey.queue = text("queue");
  return survey;
}

FlowCalls::FlowCalls(sip::CoreLoop& loop, pbx::B2bua& calls, store::Store& store, const Clock& clock,
                     http_client::HttpClient* http, FlowCallsOptions options)
    : loop_(loop), calls_b2bua_(calls), store_(store), clock_(clock), http_(http), options_(options) {
  for (const auto& tenant : store_.tenants().list())
    set_holidays(tenant.id, read_holidays(store_, tenant.id));
}

FlowCalls::~FlowCalls() = default;

std::shared_ptr<const HolidayCalendars> FlowCalls::read_holidays(store::Store& store,
                                                                 std::int64_t tenant_id) {
  auto calendars = std::make_shared<HolidayCalendars>();
  for (const auto& holiday : store.holidays().list(tenant_id))
    (*calendars)[holiday.calendar].insert(holiday.date);
  return calendars;
}

void FlowCalls::set_holidays(std::int64_t tenant_id, std::shared_ptr<const HolidayCalendars> calendars) {
  holidays_[tenant_id] = std::move(calendars);
}

Result<FlowPtr> FlowCalls::published_flow(std::int64_t tenant_id, const std::string& name) {
  auto published = store_.flows().published(tenant_id, name);
  if (!published) return published.error();
  auto key = std::pair{published->flow_id, published->version};
  if (auto it = compiled_.find(key); it != compiled_.end()) return it->second;
  CompileOptions compile;
  compile.version = published->version;
  if (!options_.data_dir.empty()) compile.resolve_prompt = prompt_resolver(options_.data_dir, tenant_id);
  auto compiled = compile_flow(published->definition, compile);
  if (!compiled.ok()) return summarize_errors(compiled.errors);
  compiled_.emplace(key, compiled.flow);
  return compiled.flow;
}

Status FlowCalls::on_call(const pbx::ServiceCall& call) {
  auto flow = published_flow(call.tenant_id, call.service);
  if (!flow) return Error(flow.error().code, "flow '" + call.service + "': " + flow.error().message, {});
  CallContext context;
  context.caller.number = call.caller;
  context.caller.dialled = call.dialled;
  context.caller.vip_level = call.vip_level;
  context.variables = call.variables;  // caller_whitelisted (ACD-6) when the caller is on the whitelist
  context.utc_offset_minutes = options_.utc_offset_minutes;
  if (auto holidays = holidays_.find(call.tenant_id); holidays != holidays_.end())
    context.holidays = holidays->second;
  auto flow_call = std::make_unique<FlowCall>(loop_);
  flow_call->id = call.call_id;
  flow_call->serial = next_serial_++;
  flow_call->tenant_id = call.tenant_id;
  flow_call->flow_name = call.service;
  flow_call->survey = FlowCall::survey_of(call.variables);
  flow_call->session = std::make_unique<Session>(*flow, std::move(context), clock_, options_.limits);
  FlowCall& running = *flow_call;
  calls_[call.call_id] = std::move(flow_call);  // a call back for a survey replaces its old session
  run(running, running.session->start());
  return ok_status();
}

void FlowCalls::on_digit(const std::string& call_id, const media::dsp::DtmfDigit& digit) {
  if (auto it = calls_.find(call_id); it != calls_.end()) feed(*it->second, Digit{digit.digit});
}

void FlowCalls::on_play_done(const std::string& call_id, const media::PlayOutcome& outcome) {
  auto it = calls_.find(call_id);
  if (it == calls_.end()) return;
  FlowCall& call = *it->second;
  auto play = call.plays.find(outcome.play);
  if (play == call.plays.end()) return;  // ringback while transferring, or a play already forgotten
  std::uint64_t token = play->second;
  call.plays.erase(play);
  switch (outcome.end) {
    case media::PlayOutcome::End::Finished:
      return feed(call, PlayFinished{token});
    case media::PlayOutcome::End::Interrupted:
      return feed(call, PlayInterrupted{token, outcome.digit});
    case media::PlayOutcome::End::Failed:
      return feed(call, PlayFailed{token, outcome.error});
    case media::PlayOutcome::End::Stopped:
      return;  // replaced or stopped on the session's own request: it expects nothing
  }
}

void FlowCalls::on_connect_result(const std::string& call_id, const pbx::ConnectOutcome& outcome) {
  auto it = calls_.find(call_id);
  if (it == calls_.end() || !it->second->transferring) return;
  FlowCall& call = *it->second;
  call.transferring = false;
  if (outcome.result == pbx::ConnectOutcome::Result::Answered) return;  // the flow's part is done
  static constexpr const char* kWhy[] = {"answered", "busy",   "no answer", "unavailable",
                                         "declined", "failed", "cancelled"};
  feed(call, HandoffFailed{std::string("transfer: ") + kWhy[static_cast<int>(outcome.result)]});
}

void FlowCalls::on_call_ended(const std::string& call_id) {
  auto it = calls_.find(call_id);
  if (it == calls_.end()) return;
  FlowCall& call = *it->second;
  if (!call.ended) {
    if (call.session->state() == Session::State::Running) call.session->on_event(CallerHangup{});
    call.ended = true;
    record_trail(call);
  }
  end_session(call);
}

void FlowCalls::end_session(const FlowCall& call) {
  // Later, on the loop: a timer or a callback of this call may be what is running now.
  loop_.post([this, id = call.id, serial = call.serial] {
    if (auto it = calls_.find(id); it != calls_.end() && it->second->serial == serial) calls_.erase(it);
  });
}

void FlowCalls::feed(FlowCall& call, const Event& event) {
  if (call.ended) return;
  run(call, call.session->on_event(event));
}

void FlowCalls::run(FlowCall& call, Actions actions) {
  store_survey_answers(call);  // before a hang-up among the actions ends the call
  for (const Action& action : actions) {
    if (call.ended) return;  // a hang-up among the actions ended the call
    perform(call, action);
  }
}

void FlowCalls::perform(FlowCall& call, const Action& action) {
  const std::string& id = call.id;
  std::visit(
      [&](const auto& a) {
        using A = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<A, Play>) {
          if (auto play = calls_b2bua_.play(id, a.spec)) call.plays[play] = a.token;
        } else if constexpr (std::is_same_v<A, StopPlay>) {
          call.plays.clear();
          calls_b2bua_.stop_play(id);
        } else if constexpr (std::is_same_v<A, WaitDigits>) {
          call.digit_timer.start(a.timeout_ms,
                                 [this, &call, token = a.token] { feed_later(call, Timeout{token}); });
        } else if constexpr (std::is_same_v<A, HttpRequest>) {
          request_http(call, a);
        } else if constexpr (std::is_same_v<A, Transfer>) {
          transfer(call, a);
        } else if constexpr (std::is_same_v<A, Enqueue>) {
          enqueue(call, a);
        } else if constexpr (std::is_same_v<A, Voicemail>) {
          leave_message(call, a);
        } else if constexpr (std::is_same_v<A, AnnounceAgent>) {
          announce_agent(call, a);
        } else if constexpr (std::is_same_v<A, Hangup>) {
          hang_up(call, "ivr: " + a.cause);
        } else if constexpr (std::is_same_v<A, Finished>) {
          if (call.session->state() == Session::State::Finished && !call.transferring)
            hang_up(call, "ivr: flow finished");
        }
      },
      action);
}

// Events the runtime makes up itself reach the session from the loop, not from inside the
// actions it is still carrying out.
void FlowCalls::feed_later(const FlowCall& call, Event event) {
  loop_.post([this, id = call.id, serial = call.serial, event = std::move(event)] {
    if (auto it = calls_.find(id); it != calls_.end() && it->second->serial == serial)
      feed(*it->second, event);
  });
}

void FlowCalls::request_http(FlowCall& call, const HttpRequest& request) {
  if (!http_) return feed_later(call, HttpError{request.token, "no HTTP client is configured"});
  http_client::ClientRequest outgoing{request.method, request.url, request.headers, request.body,
                                      request.timeout_ms};
  auto on_outcome = [this, id = call.id, serial = call.serial,
                     token = request.token](Result<http_client::ClientResponse> outcome) {
    // On the client's thread: the session is the loop's.
    loop_.post([this, id, serial, token, outcome = std::move(outcome)] {
      auto it = calls_.find(id);
      if (it == calls_.end() || it->second->serial != serial) return;  // the call ended meanwhile
      if (outcome)
        feed(*it->second, HttpResult{token, outcome->status, outcome->body});
      else
        feed(*it->second, HttpError{token, outcome.error().message});
    });
  };
  http_->fetch(std::move(outgoing), std::move(on_outcome));
}

void FlowCalls::transfer(FlowCall& call, const Transfer& transfer) {
  record_trail(call);
  if (transfer.external) {  // through the tenant's outbound routes, as an extension dialling it
    if (!calls_b2bua_.connect_external(call.id, transfer.target, options_.transfer_ring_timeout_ms))
      return feed_later(call, HandoffFailed{"no outbound route is open for " + transfer.target});
  } else if (!calls_b2bua_.connect(call.id, {transfer.target}, options_.transfer_ring_timeout_ms,
                                   pbx::ConnectOptions{{}, true})) {
    return feed_later(call, HandoffFailed{"extension " + transfer.target +
                                          " is not registered, or it is in do-not-disturb"});
  }
  call.transferring = true;
  media::PlaySpec ringback;
  ringback.items = {media::PlayItemSpec::tone("ringback", 4000)};
  ringback.loops = -1;
  ringback.interruptible = false;
  calls_b2bua_.play(call.id, ringback);  // until the phone answers (the B2BUA stops it) or fails
}

// The queue gets the flow's variables and, for the agent's screen pop (IVR-10), what the caller
// did in the flow: ivr_flow, ivr_path (node ids joined by '>') and ivr_keys.
void FlowCalls::enqueue(FlowCall& call, const Enqueue& enqueue) {
  record_trail(call);
  const Trail& trail = call.session->trail();
  pbx::HandOver next{"queue", enqueue.queue, enqueue.variables, enqueue.priority, enqueue.announce_agent};
  std::string path;
  for (const auto& node : trail.path) path += (path.empty() ? "" : ">") + node;
  next.variables["ivr_flow"] = call.flow_name;
  next.variables["ivr_path"] = path;
  next.variables["ivr_keys"] = trail.keys;
  auto accepted = calls_b2bua_.hand_over(call.id, std::move(next));
  if (!accepted) return feed_later(call, HandoffFailed{accepted.error().message});
  call.ended = true;  // the queue has it: events no longer come here
  end_session(call);
}

// IVR-8 in a flow (a survey after the call): the agent is known from the variables the queue
// handed the call back with; the work number is its extension, digit by digit.
void FlowCalls::announce_agent(FlowCall& call, const AnnounceAgent& announce) {
  const Variables& variables = call.session->variables();
  auto agent = variables.find("agent_extension");
  if (agent == variables.end() || agent->second.empty())
    return feed_later(call, PlayFailed{announce.token, "no agent to announce (no agent_extension variable)"});
  media::PlaySpec spec = announce.before;
  spec.items.push_back(pbx::spoken_digits(agent->second, announce.language));
  spec.items.insert(spec.items.end(), announce.after.items.begin(), announce.after.items.end());
  spec.interruptible = announce.interruptible;
  if (auto play = calls_b2bua_.play(call.id, std::move(spec))) call.plays[play] = announce.token;
}

// Each survey node answered becomes a row against the call and its agent (IVR-9), at once, so an
// answer counts even if the caller hangs up before the flow ends.
void FlowCalls::store_survey_answers(FlowCall& call) {
  const auto& answers = call.session->trail().survey_answers;
  for (; call.answers_stored < answers.size(); ++call.answers_stored) {
    const SurveyAnswer& answer = answers[call.answers_stored];
    std::optional<std::int64_t> score;
    if (answer.key >= '0' && answer.key <= '9') score = answer.key - '0';
    store_.surveys().add_async({0, call.tenant_id, call.id, call.survey.agent_id, call.survey.agent_extension,
                                call.survey.queue, call.flow_name, answer.node, answer.variable,
                                std::string(1, answer.key), score, clock_.now_ms()});
  }
}

void FlowCalls::leave_message(FlowCall& call, const Voicemail& voicemail) {
  record_trail(call);
  auto accepted = calls_b2bua_.hand_over(call.id, {"voicemail", voicemail.box, call.session->variables()});
  if (!accepted) return feed_later(call, HandoffFailed{accepted.error().message});
  call.ended = true;  // the box has it: events no longer come here
  end_session(call);
}

void FlowCalls::hang_up(FlowCall& call, const std::string& cause) {
  record_trail(call);
  call.ended = true;
  calls_b2bua_.hang_up(call.id, cause);
}

// The flow's part of the call for the CDR (IVR-10): which flow and version, the nodes entered,
// the keys pressed, the variables, how it ended.
void FlowCalls::record_trail(const FlowCall& call) {
  const Trail& trail = call.session->trail();
  nlohmann::json detail = {{"flow", call.flow_name},
                           {"version", call.session->flow().version},
                           {"path", trail.path},
                           {"keys", trail.keys},
                           {"end", trail.end},
                           {"errors", trail.errors},
                           {"variables", call.session->variables()}};
  store_.call_events().add_async(
      {0, call.id, call.tenant_id, clock_.now_ms(), "ivr", "caller", detail.dump(), "flow", std::nullopt});
}

}  // namespace hotline::ivr
