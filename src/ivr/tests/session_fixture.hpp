// Helpers for the session tests: compile a flow that must be valid, pick actions by type.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "ivr/flow_compiler.hpp"
#include "ivr/session.hpp"

namespace hotline::ivr::testing {

inline FlowPtr compile_ok(std::string_view json, std::int64_t version = 1) {
  CompileOptions options;
  options.version = version;
  FlowCompilation compiled = compile_flow(json, options);
  EXPECT_TRUE(compiled.ok()) << summarize_errors(compiled.errors).message;
  return compiled.flow;
}

template <typename T>
const T* find_action(const Actions& actions) {
  for (const Action& action : actions) {
    if (const auto* found = std::get_if<T>(&action)) return found;
  }
  return nullptr;
}

template <typename T>
bool has_action(const Actions& actions) {
  return find_action<T>(actions) != nullptr;
}

// The text of every item of a play, joined by '|' ("welcome.wav|您好"): what the caller hears.
inline std::string heard(const media::PlaySpec& spec) {
  std::string out;
  for (const auto& item : spec.items) {
    if (!out.empty()) out += '|';
    out += item.value;
  }
  return out;
}

inline std::string heard(const Actions& actions) {
  const Play* play = find_action<Play>(actions);
  return play ? heard(play->spec) : std::string("<no play>");
}

// Plays whatever the session asks to play to its end, until it waits for something else.
inline Actions finish_plays(Session& session, Actions actions) {
  for (int i = 0; i < 20; ++i) {
    const Play* play = find_action<Play>(actions);
    if (!play) return actions;
    actions = session.on_event(PlayFinished{play->token});
  }
  return actions;
}

}  // namespace hotline::ivr::testing
