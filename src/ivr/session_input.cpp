// Session: the nodes that wait for keys — menu, survey and collect.
#include "ivr/session.hpp"

namespace hotline::ivr {
namespace {

constexpr std::size_t kMaxSurveyAnswers = 50;

}  // namespace

const InputSettings& Session::input_settings() const {
  if (const auto* menu = std::get_if<MenuNode>(&node().body)) return menu->input;
  if (const auto* survey = std::get_if<SurveyNode>(&node().body)) return survey->input;
  return std::get<CollectNode>(node().body).input;
}

NodeIndex Session::enter(const MenuNode&, Actions& out) { return begin_input(out); }
NodeIndex Session::enter(const SurveyNode&, Actions& out) { return begin_input(out); }
NodeIndex Session::enter(const CollectNode&, Actions& out) { return begin_input(out); }

NodeIndex Session::begin_input(Actions& out) {
  waiting_ = Waiting::Input;
  attempts_ = 0;
  entry_.clear();
  prompting_ = false;
  if (type_ahead_.empty()) {
    prompt_input(nullptr, out);
    return kNoNode;
  }
  // Keys pressed during an earlier prompt answer this node without its prompt.
  while (!type_ahead_.empty()) {
    char digit = type_ahead_.front();
    type_ahead_.erase(0, 1);
    if (auto moved = input_digit(digit, out)) return *moved;
  }
  arm_timer(std::get<CollectNode>(node().body).inter_digit_timeout_ms, out);
  return kNoNode;
}

// Plays `before` (the invalid or timeout prompt) and the node's prompt, or starts waiting at once
// when there is nothing to play.
void Session::prompt_input(const Prompt* before, Actions& out) {
  const InputSettings& in = input_settings();
  media::PlaySpec spec = render(in.prompt, in.interruptible);
  if (before) {
    media::PlaySpec first = render(*before, in.interruptible);
    spec.items.insert(spec.items.begin(), first.items.begin(), first.items.end());
  }
  if (spec.items.empty()) {
    prompting_ = false;
    arm_timer(in.timeout_ms, out);
    return;
  }
  prompting_ = true;
  start_play(std::move(spec), out);
}

// Nothing: the entry goes on (collect). Otherwise the session has moved on: to the node returned,
// or kNoNode when it is waiting again (a retry prompt) or finished.
std::optional<NodeIndex> Session::input_digit(char digit, Actions& out) {
  if (const auto* menu = std::get_if<MenuNode>(&node().body)) {
    auto key = menu->keys.find(digit);
    if (key == menu->keys.end()) return retry(false, out);
    if (!menu->variable.empty()) variables_[menu->variable] = std::string(1, digit);
    return follow(key->second, "ivr_error", out);
  }
  if (const auto* survey = std::get_if<SurveyNode>(&node().body)) {
    if (survey->keys.find(digit) == std::string::npos) return retry(false, out);
    variables_[survey->variable] = std::string(1, digit);
    if (trail_.survey_answers.size() < kMaxSurveyAnswers)
      trail_.survey_answers.push_back({node().id, survey->variable, digit});
    return follow(survey->next, "ivr_error", out);
  }
  const auto& collect = std::get<CollectNode>(node().body);
  if (collect.terminator != 0 && digit == collect.terminator) return complete_entry(collect, out);
  entry_ += digit;
  if (static_cast<int>(entry_.size()) >= collect.max_digits) return complete_entry(collect, out);
  return std::nullopt;
}

NodeIndex Session::complete_entry(const CollectNode& n, Actions& out) {
  bool long_enough = static_cast<int>(entry_.size()) >= n.min_digits;
  if (!long_enough || (n.validation && !std::regex_match(entry_, *n.validation))) return retry(false, out);
  variables_[n.variable] = entry_;
  entry_.clear();
  return follow(n.next, "ivr_error", out);
}

NodeIndex Session::retry(bool timed_out, Actions& out) {
  const InputSettings& in = input_settings();
  entry_.clear();
  type_ahead_.clear();
  if (++attempts_ > in.max_retries) {
    note(std::string("no valid entry after ") + std::to_string(attempts_) + " attempts");
    waiting_ = Waiting::Nothing;
    return follow(in.on_failure, "ivr_no_input", out);
  }
  prompt_input(timed_out ? &in.timeout_prompt : &in.invalid_prompt, out);
  return kNoNode;
}

void Session::on_input_digit(char digit, Actions& out) {
  if (prompting_) {
    if (!input_settings().interruptible) return;
    stop_play(out);
    prompting_ = false;
  }
  auto moved = input_digit(digit, out);
  if (!moved) {
    arm_timer(std::get<CollectNode>(node().body).inter_digit_timeout_ms, out);
    return;
  }
  run_from(*moved, out);
}

void Session::on_input_timeout(Actions& out) {
  const auto* collect = std::get_if<CollectNode>(&node().body);
  // The caller stopped typing: what they typed is the entry.
  run_from(collect && !entry_.empty() ? complete_entry(*collect, out) : retry(true, out), out);
}

}  // namespace hotline::ivr
