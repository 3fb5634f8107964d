// Session: one call's walk through a flow — a state machine driven by events, with no I/O of its
// own. start() and on_event() return what the runtime should do next (session_io.hpp). The
// session keeps the FlowVersion it started on alive, so a flow published meanwhile does not
// affect it (IVR-3). Its trail (nodes visited, keys pressed, problems met) and variables travel
// with the call into the queue, the agent's screen pop and the CDR (IVR-10).
//
// Keys pressed during an interruptible prompt stop it and are kept ("type-ahead"): a key pressed
// during a welcome play selects in the menu that follows. Keys pressed when nothing asks for them
// (during a non-interruptible prompt, an HTTP request) are recorded in the trail and dropped.
//
// Thread: core loop only (one session per call).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "ivr/call_context.hpp"
#include "ivr/flow.hpp"
#include "ivr/lua_sandbox.hpp"
#include "ivr/session_io.hpp"
#include "ivr/value.hpp"

namespace hotline::ivr {

struct SessionLimits {
  LuaLimits lua;                  // clock: the session's when unset
  int max_steps_per_event = 100;  // nodes run in a row without waiting for the caller or the runtime
  int max_node_visits = 1000;     // over the whole call
  std::size_t max_type_ahead = 32;
};

// A survey node answered (IVR-9): the runtime stores each against the call and its agent.
struct SurveyAnswer {
  std::string node;
  std::string variable;
  char key = 0;
};

struct Trail {
  std::vector<std::string> path;    // node ids in the order entered (the first 256)
  std::string keys;                 // every key pressed, in order
  std::vector<std::string> errors;  // what went wrong on the way, naming the node (the first 50)
  // How the flow ended: queue, transfer, voicemail, hangup:<cause>, caller_hangup; empty while
  // it runs.
  std::string end;
  std::vector<SurveyAnswer> survey_answers;  // in the order given (the first 50)
};

class Session : private Scope {
 public:
  enum class State { Created, Running, HandedOff, Finished };

  Session(FlowPtr flow, CallContext context, const Clock& clock, SessionLimits limits = {});

  Actions start();
  Actions on_event(const Event& event);

  State state() const { return state_; }
  const FlowVersion& flow() const { return *flow_; }
  const Variables& variables() const { return variables_; }
  const Trail& trail() const { return trail_; }
  // The node the session is at; empty before start.
  std::string_view current_node() const;

 private:
  enum class Waiting { Nothing, Play, Input, Http, Handoff };

  Value lookup(std::string_view name) const override;

  void run_from(NodeIndex next, Actions& out);
  NodeIndex follow(const NodeRef& ref, const char* cause, Actions& out);
  NodeIndex finish(std::string cause, Actions& out);
  NodeIndex hand_off(Action action, std::string end, Actions& out);
  void note(std::string message);
  media::PlaySpec render(const Prompt& prompt, bool interruptible) const;
  void start_play(media::PlaySpec spec, Actions& out);
  void stop_play(Actions& out);
  void arm_timer(std::int64_t timeout_ms, Actions& out);

  NodeIndex enter(const PlayNode& node, Actions& out);
  NodeIndex enter(const AnnounceAgentNode& node, Actions& out);
  NodeIndex enter(const MenuNode& node, Actions& out);
  NodeIndex enter(const SurveyNode& node, Actions& out);
  NodeIndex enter(const CollectNode& node, Actions& out);
  NodeIndex enter(const ConditionNode& node, Actions& out);
  NodeIndex enter(const SetNode& node, Actions& out);
  NodeIndex enter(const HttpNode& node, Actions& out);
  NodeIndex enter(const LuaNode& node, Actions& out);
  NodeIndex enter(const QueueNode& node, Actions& out);
  NodeIndex enter(const TransferNode& node, Actions& out);
  NodeIndex enter(const VoicemailNode& node, Actions& out);
  NodeIndex enter(const HangupNode& node, Actions& out);

  // Input nodes (menu, survey, collect): session_input.cpp.
  const InputSettings& input_settings() const;
  NodeIndex begin_input(Actions& out);
  void prompt_input(const Prompt* before, Actions& out);
  std::optional<NodeIndex> input_digit(char digit, Actions& out);
  NodeIndex complete_entry(const CollectNode& node, Actions& out);
  NodeIndex retry(bool timed_out, Actions& out);
  void on_input_digit(char digit, Actions& out);
  void on_input_timeout(Actions& out);

  bool branch_holds(const ConditionBranch& branch) const;
  NodeIndex on_http_result(const HttpResult& result, Actions& out);

  void handle(const PlayFinished& event, Actions& out);
  void handle(const PlayInterrupted& event, Actions& out);
  void handle(const PlayFailed& event, Actions& out);
  void handle(const Digit& event, Actions& out);
  void handle(const Timeout& event, Actions& out);
  void handle(const HttpResult& event, Actions& out);
  void handle(const HttpError& event, Actions& out);
  void handle(const HandoffFailed& event, Actions& out);
  void handle(const CallerHangup& event, Actions& out);
  void play_ended(std::uint64_t token, Actions& out);

  const Node& node() const { return flow_->nodes[current_]; }

  FlowPtr flow_;
  CallContext context_;
  const Clock& clock_;
  SessionLimits limits_;

  State state_ = State::Created;
  Waiting waiting_ = Waiting::Nothing;
  NodeIndex current_ = kNoNode;
  Variables variables_;
  Trail trail_;
  int visits_ = 0;
  std::uint64_t next_token_ = 1;

  std::uint64_t play_token_ = 0;  // the play (or announcement) running; 0: none
  bool play_interruptible_ = false;
  NodeIndex after_play_ = kNoNode;  // play and announce_agent nodes: where to go when it ends

  std::uint64_t timer_token_ = 0;
  std::uint64_t http_token_ = 0;

  bool prompting_ = false;  // an input node's prompt is playing
  int attempts_ = 0;        // of the current input node, after the first
  std::string entry_;       // collect: the digits so far
  std::string type_ahead_;  // keys that interrupted a prompt, not consumed yet
};

}  // namespace hotline::ivr
