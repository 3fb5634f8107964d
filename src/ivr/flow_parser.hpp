// FlowParser: the node types of a flow's JSON → NodeBody, with references resolved against the
// ids of the flow's nodes. Internal to compile_flow.
//
// Thread: the compiling thread.
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/json_reader.hpp"
#include "ivr/flow.hpp"
#include "ivr/flow_compiler.hpp"

namespace hotline::ivr {

// Fields the graphical editor keeps on any object of a flow; the server does not read them.
inline constexpr std::array<std::string_view, 3> kEditorFields{"ui", "label", "description"};

class FlowParser {
 public:
  FlowParser(const std::unordered_map<std::string, NodeIndex>& ids, const CompileOptions& options,
             ErrorList& errors)
      : ids_(ids), options_(options), errors_(errors) {}

  // Nothing when the node has no usable type; its errors are in the ErrorList either way.
  std::optional<NodeBody> parse_node(const std::string& id, const nlohmann::json& node);
  NodeRef resolve(const std::string& field, const nlohmann::json& target);

 private:
  NodeRef ref(ObjectReader& r, std::string_view key, Need need = Need::Optional);
  Prompt prompt(ObjectReader& r, std::string_view key, Need need = Need::Optional);
  std::optional<PromptItem> prompt_item(const nlohmann::json& item, const std::string& path);
  std::optional<PromptItem> prompt_item_of_type(const std::string& type, ObjectReader& r);
  InputSettings input(ObjectReader& r);
  std::string variable(ObjectReader& r, std::string_view key, Need need);
  std::optional<TextTemplate> text_template(ObjectReader& r, std::string_view key, Need need);
  std::optional<Expression> expression(ObjectReader& r, std::string_view key, Need need);
  std::optional<Expression> expression_at(const std::string& field, const std::string& text);

  PlayNode play(ObjectReader& r);
  MenuNode menu(ObjectReader& r);
  CollectNode collect(ObjectReader& r);
  ConditionNode condition(ObjectReader& r);
  ConditionBranch condition_branch(const nlohmann::json& branch, const std::string& path);
  SetNode set(ObjectReader& r);
  HttpNode http(ObjectReader& r);
  LuaNode lua(ObjectReader& r);
  QueueNode queue(ObjectReader& r);
  TransferNode transfer(ObjectReader& r);
  VoicemailNode voicemail(ObjectReader& r);
  SurveyNode survey(ObjectReader& r);
  AnnounceAgentNode announce_agent(ObjectReader& r);
  HangupNode hangup(ObjectReader& r);

  template <auto Method>
  static NodeBody parse_as(FlowParser& parser, ObjectReader& r) {
    return (parser.*Method)(r);
  }

  const std::unordered_map<std::string, NodeIndex>& ids_;
  const CompileOptions& options_;
  ErrorList& errors_;
};

// Letters, digits, '_' and '-', 1 to 64 of them.
bool is_node_id(std::string_view id);
// A letter or '_', then letters, digits and '_', at most 64.
bool is_variable_name(std::string_view name);
bool is_dtmf_key(char key);

}  // namespace hotline::ivr
