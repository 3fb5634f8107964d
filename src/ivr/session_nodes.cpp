// Session: the nodes that decide without the caller — condition, set, lua — and http.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/local_time.hpp"
#include "common/text.hpp"
#include "ivr/session.hpp"

namespace hotline::ivr {
namespace {

// "data.items.0.status" in a JSON document; null when a step is missing.
const nlohmann::json* find_path(const nlohmann::json& root, std::string_view path) {
  const nlohmann::json* at = &root;
  while (!path.empty()) {
    std::size_t dot = path.find('.');
    std::string step(path.substr(0, dot));
    path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
    if (at->is_object()) {
      auto it = at->find(step);
      if (it == at->end()) return nullptr;
      at = &*it;
    } else if (at->is_array() && !step.empty() && step.find_first_not_of("0123456789") == std::string::npos &&
               step.size() < 10 && std::stoul(step) < at->size()) {
      at = &(*at)[std::stoul(step)];
    } else {
      return nullptr;
    }
  }
  return at;
}

std::string json_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return {};
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

bool Session::branch_holds(const ConditionBranch& b) const {
  LocalTime now = local_time(clock_.now_ms(), context_.utc_offset_minutes);
  if (b.weekdays != 0 && (b.weekdays & (1u << (now.weekday - 1))) == 0) return false;
  if (!b.times.empty() && std::none_of(b.times.begin(), b.times.end(),
                                       [&](const TimeRange& r) { return r.contains(now.minute_of_day); })) {
    return false;
  }
  if (!b.holiday.empty()) {
    bool holiday = false;
    if (context_.holidays) {
      auto calendar = context_.holidays->find(b.holiday);
      holiday = calendar != context_.holidays->end() && calendar->second.contains(now.date());
    }
    if (holiday == b.not_holiday) return false;
  }
  return !b.when || b.when->evaluate(*this).truthy();
}

NodeIndex Session::enter(const ConditionNode& n, Actions& out) {
  for (const ConditionBranch& branch : n.branches) {
    if (branch_holds(branch)) return follow(branch.next, "ivr_error", out);
  }
  return follow(n.otherwise, "ivr_error", out);
}

NodeIndex Session::enter(const SetNode& n, Actions& out) {
  variables_[n.variable] = n.expression ? n.expression->evaluate(*this).to_string() : n.value->render(*this);
  return follow(n.next, "ivr_error", out);
}

NodeIndex Session::enter(const LuaNode& n, Actions& out) {
  LuaOutcome outcome = LuaSandbox(limits_.lua).run(n.script, variables_, context_.caller);
  if (outcome.error) {
    note("script: " + outcome.error->describe());
    return follow(n.on_error, "ivr_error", out);
  }
  variables_ = std::move(outcome.vars);
  if (!outcome.branch) {
    if (!n.next.present()) note("the script chose no branch and the node has no next");
    return follow(n.next.present() ? n.next : n.on_error, "ivr_error", out);
  }
  auto branch = n.branches.find(*outcome.branch);
  if (branch == n.branches.end()) {
    note("the script chose branch '" + *outcome.branch + "', which the node does not have");
    return follow(n.on_error, "ivr_error", out);
  }
  return follow(branch->second, "ivr_error", out);
}

NodeIndex Session::enter(const HttpNode& n, Actions& out) {
  HttpRequest request;
  request.token = http_token_ = next_token_++;
  request.method = n.method;
  request.url = n.url.render(*this, TextTemplate::Escape::Url);
  bool has_content_type = false;
  for (const auto& [name, value] : n.headers) {
    std::string text = value.render(*this);
    std::erase_if(text, [](char c) { return c == '\r' || c == '\n'; });  // no header injection
    request.headers.emplace_back(name, std::move(text));
    has_content_type = has_content_type || iequals(name, "Content-Type");
  }
  if (n.body) {
    request.body = n.body->render(*this, TextTemplate::Escape::JsonString);
    if (!has_content_type) request.headers.emplace_back("Content-Type", "application/json");
  }
  request.timeout_ms = n.timeout_ms;
  out.emplace_back(std::move(request));
  waiting_ = Waiting::Http;
  return kNoNode;
}

NodeIndex Session::on_http_result(const HttpResult& result, Actions& out) {
  const auto& n = std::get<HttpNode>(node().body);
  if (!n.status_variable.empty()) variables_[n.status_variable] = std::to_string(result.status);
  if (result.status < 200 || result.status > 299) {
    note("HTTP status " + std::to_string(result.status));
    return follow(n.on_error, "ivr_error", out);
  }
  if (n.response.empty()) return follow(n.next, "ivr_error", out);
  nlohmann::json body = nlohmann::json::parse(result.body, nullptr, false);
  if (body.is_discarded()) {
    note("the HTTP response is not JSON");
    return follow(n.on_error, "ivr_error", out);
  }
  for (const auto& [variable, path] : n.response) {
    if (const nlohmann::json* value = find_path(body, path)) {
      variables_[variable] = json_text(*value);
    } else {
      variables_.erase(variable);
    }
  }
  return follow(n.next, "ivr_error", out);
}

void Session::handle(const HttpResult& e, Actions& out) {
  if (state_ != State::Running || waiting_ != Waiting::Http || e.token != http_token_) return;
  http_token_ = 0;
  run_from(on_http_result(e, out), out);
}

void Session::handle(const HttpError& e, Actions& out) {
  if (state_ != State::Running || waiting_ != Waiting::Http || e.token != http_token_) return;
  http_token_ = 0;
  note("HTTP request failed: " + e.message);
  run_from(follow(std::get<HttpNode>(node().body).on_error, "ivr_error", out), out);
}

}  // namespace hotline::ivr
