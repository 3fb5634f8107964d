// The compiled form of an IVR flow: nodes with their references resolved to indices, templates
// and expressions parsed, prompt files resolved. A FlowVersion is built once by compile_flow and
// shared as std::shared_ptr<const FlowVersion>: calls hold the version they started on, so
// publishing a new one never changes a call in progress (IVR-3). The JSON it comes from is
// described in docs/ivr.md.
//
// Thread: immutable once compiled; any thread may read it.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "common/local_time.hpp"
#include "ivr/expression.hpp"
#include "ivr/text_template.hpp"
#include "media/media.hpp"

namespace hotline::ivr {

using NodeIndex = std::uint32_t;
inline constexpr NodeIndex kNoNode = std::numeric_limits<NodeIndex>::max();

// A reference to another node: its id as written, and its index once resolved. An empty id is an
// optional branch left out.
struct NodeRef {
  std::string id;
  NodeIndex index = kNoNode;

  bool present() const { return !id.empty(); }
};

// One element of a prompt. Speech text may hold {{placeholders}}, rendered when it is played.
struct PromptItem {
  media::PlayItemSpec spec;  // File: the resolved path
  TextTemplate speech;       // Speech: the text
};

struct Prompt {
  std::vector<PromptItem> items;
  bool empty() const { return items.empty(); }
};

// How a node waits for keys: menu, survey and collect share it.
struct InputSettings {
  Prompt prompt;
  Prompt invalid_prompt;  // before the prompt again, after a wrong entry
  Prompt timeout_prompt;  // before the prompt again, after no entry
  bool interruptible = true;
  std::int64_t timeout_ms = 5000;  // from the end of the prompt to the first key
  int max_retries = 2;             // attempts after the first; then on_failure
  NodeRef on_failure;              // absent: hang up (cause "ivr_no_input")
};

struct PlayNode {
  Prompt prompt;
  bool interruptible = true;  // a key skips the rest and is kept for the next menu or collect
  NodeRef next;
};

struct MenuNode {
  InputSettings input;
  std::map<char, NodeRef> keys;
  std::string variable;  // optional: where the key pressed is stored
};

struct CollectNode {
  InputSettings input;
  int min_digits = 1;
  int max_digits = 0;
  char terminator = '#';  // 0: none
  std::int64_t inter_digit_timeout_ms = 3000;
  std::optional<std::regex> validation;  // whole entry, ECMAScript
  std::string validation_text;
  std::string variable;
  NodeRef next;
};

struct ConditionBranch {
  std::optional<Expression> when;
  std::vector<TimeRange> times;  // any of them
  std::uint8_t weekdays = 0;     // bit (weekday - 1), ISO; 0: any day
  std::string holiday;           // a calendar name: true on its dates
  bool not_holiday = false;      // true on days that are not in the calendar
  NodeRef next;
};

struct ConditionNode {
  std::vector<ConditionBranch> branches;  // the first that holds wins
  NodeRef otherwise;                      // "default"
};

struct SetNode {
  std::string variable;
  std::optional<TextTemplate> value;     // "value": text with placeholders
  std::optional<Expression> expression;  // "expression"
  NodeRef next;
};

struct HttpNode {
  std::string method;
  TextTemplate url;  // placeholders are percent-encoded; scheme and host are literal
  std::vector<std::pair<std::string, TextTemplate>> headers;
  std::optional<TextTemplate> body;  // JSON text; placeholders JSON-escaped inside its strings
  std::int64_t timeout_ms = 3000;
  std::vector<std::pair<std::string, std::string>> response;  // variable ← dotted path in the JSON
  std::string status_variable;                                // optional: gets the HTTP status
  NodeRef next;
  NodeRef on_error;  // absent: hang up (cause "ivr_error")
};

struct LuaNode {
  std::string script;
  std::map<std::string, NodeRef, std::less<>> branches;
  NodeRef next;      // when the script returns nothing
  NodeRef on_error;  // absent: hang up (cause "ivr_error")
};

struct QueueNode {
  std::string queue;
  int priority = 0;
  std::optional<Expression> priority_expression;  // when "priority" is a string
  std::string skill;
  std::optional<std::vector<std::string>> carry;  // absent: every variable
  bool announce_agent = false;                    // IVR-8: announce the agent's number first
  NodeRef on_failure;
};

struct TransferNode {
  TextTemplate target;
  bool external = false;  // an outside number rather than an extension
  NodeRef on_failure;
};

struct VoicemailNode {
  TextTemplate box;
  NodeRef on_failure;
};

struct SurveyNode {
  InputSettings input;
  std::string keys;  // the valid keys
  std::string variable;
  NodeRef next;
};

struct AnnounceAgentNode {
  Prompt before;  // e.g. speech "工号"
  Prompt after;   // e.g. speech "为您服务"
  std::string language = "zh-CN";
  bool interruptible = false;
  NodeRef next;
};

struct HangupNode {
  std::string cause = "normal";
};

using NodeBody =
    std::variant<PlayNode, MenuNode, CollectNode, ConditionNode, SetNode, HttpNode, LuaNode, QueueNode,
                 TransferNode, VoicemailNode, SurveyNode, AnnounceAgentNode, HangupNode>;

struct Node {
  std::string id;
  NodeBody body;
};

// The node type's name in the JSON ("play", "menu", ...).
const char* node_type_name(const NodeBody& body);
// Every branch a node can take, present or not.
std::vector<const NodeRef*> node_refs(const NodeBody& body);

struct FlowVersion {
  std::string name;
  std::int64_t version = 0;  // given by whoever compiles it (the store's version number)
  NodeIndex start = kNoNode;
  std::vector<Node> nodes;
  std::unordered_map<std::string, NodeIndex> index;

  const Node* find(std::string_view id) const {
    auto it = index.find(std::string(id));
    return it == index.end() ? nullptr : &nodes[it->second];
  }
};

using FlowPtr = std::shared_ptr<const FlowVersion>;

}  // namespace hotline::ivr
