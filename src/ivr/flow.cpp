#include "ivr/flow.hpp"

#include "common/overloaded.hpp"

namespace hotline::ivr {

const char* node_type_name(const NodeBody& body) {
  return std::visit(Overloaded{
                        [](const PlayNode&) { return "play"; },
                        [](const MenuNode&) { return "menu"; },
                        [](const CollectNode&) { return "collect"; },
                        [](const ConditionNode&) { return "condition"; },
                        [](const SetNode&) { return "set"; },
                        [](const HttpNode&) { return "http"; },
                        [](const LuaNode&) { return "lua"; },
                        [](const QueueNode&) { return "queue"; },
                        [](const TransferNode&) { return "transfer"; },
                        [](const VoicemailNode&) { return "voicemail"; },
                        [](const SurveyNode&) { return "survey"; },
                        [](const AnnounceAgentNode&) { return "announce_agent"; },
                        [](const HangupNode&) { return "hangup"; },
                    },
                    body);
}

std::vector<const NodeRef*> node_refs(const NodeBody& body) {
  std::vector<const NodeRef*> refs;
  std::visit(Overloaded{
                 [&](const PlayNode& n) { refs = {&n.next}; },
                 [&](const MenuNode& n) {
                   refs = {&n.input.on_failure};
                   for (const auto& [key, ref] : n.keys) refs.push_back(&ref);
                 },
                 [&](const CollectNode& n) {
                   refs = {&n.next, &n.input.on_failure};
                 },
                 [&](const ConditionNode& n) {
                   for (const auto& branch : n.branches) refs.push_back(&branch.next);
                   refs.push_back(&n.otherwise);
                 },
                 [&](const SetNode& n) { refs = {&n.next}; },
                 [&](const HttpNode& n) {
                   refs = {&n.next, &n.on_error};
                 },
                 [&](const LuaNode& n) {
                   for (const auto& [name, ref] : n.branches) refs.push_back(&ref);
                   refs.push_back(&n.next);
                   refs.push_back(&n.on_error);
                 },
                 [&](const QueueNode& n) { refs = {&n.on_failure}; },
                 [&](const TransferNode& n) { refs = {&n.on_failure}; },
                 [&](const VoicemailNode& n) { refs = {&n.on_failure}; },
                 [&](const SurveyNode& n) {
                   refs = {&n.next, &n.input.on_failure};
                 },
                 [&](const AnnounceAgentNode& n) { refs = {&n.next}; },
                 [&](const HangupNode&) {},
             },
             body);
  return refs;
}

}  // namespace hotline::ivr
