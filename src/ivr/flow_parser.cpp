#include "ivr/flow_parser.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "ivr/lua_sandbox.hpp"

namespace hotline::ivr {
namespace {

constexpr std::size_t kMaxPromptItems = 50;
constexpr std::int64_t kMaxPromptMs = 600'000;
constexpr std::int64_t kMaxWaitMs = 600'000;
constexpr std::size_t kMaxScriptBytes = 64 * 1024;
constexpr std::size_t kMaxTextBytes = 4096;

bool one_of(std::string_view value, std::initializer_list<std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

// http(s)://host[:port] must be written out, so that a variable cannot choose the server.
bool has_literal_host(std::string_view url) {
  std::string_view rest;
  if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return false;
  }
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  return !authority.empty() && authority.find("{{") == std::string_view::npos &&
         authority.find('@') == std::string_view::npos;
}

bool is_header_name(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

}  // namespace

bool is_node_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

bool is_variable_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  if (!std::isalpha(static_cast<unsigned char>(name[0])) && name[0] != '_') return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

bool is_dtmf_key(char key) {
  return (key >= '0' && key <= '9') || key == '*' || key == '#' || (key >= 'A' && key <= 'D');
}

NodeRef FlowParser::resolve(const std::string& field, const nlohmann::json& target) {
  if (!target.is_string() || target.get_ref<const std::string&>().empty()) {
    errors_.add(field, std::string("must be a node id, not ") + json_type_name(target));
    return {};
  }
  const auto& id = target.get_ref<const std::string&>();
  auto it = ids_.find(id);
  if (it == ids_.end()) {
    errors_.add(field, "unknown node '" + id + "'");
    return {id, kNoNode};
  }
  return {id, it->second};
}

NodeRef FlowParser::ref(ObjectReader& r, std::string_view key, Need need) {
  const nlohmann::json* target = r.get(key, need);
  return target ? resolve(r.field(key), *target) : NodeRef{};
}

std::optional<PromptItem> FlowParser::prompt_item(const nlohmann::json& item, const std::string& path) {
  if (!item.is_object()) {
    errors_.add(path, std::string("must be an object, not ") + json_type_name(item));
    return std::nullopt;
  }
  ObjectReader r(item, path, errors_);
  std::optional<PromptItem> out;
  if (auto type = r.string("type", Need::Required)) out = prompt_item_of_type(*type, r);
  r.finish(kEditorFields);
  return out;
}

std::optional<PromptItem> FlowParser::prompt_item_of_type(const std::string& type, ObjectReader& r) {
  if (type == "file") {
    auto file = r.string("path", Need::Required);
    if (!file) return std::nullopt;
    std::optional<std::string> resolved = options_.resolve_prompt ? options_.resolve_prompt(*file) : *file;
    if (!resolved) {
      r.error("path", "unknown prompt file '" + *file + "'");
      return std::nullopt;
    }
    return PromptItem{media::PlayItemSpec::file(*resolved), {}};
  }
  if (type == "tts") {
    auto text = text_template(r, "text", Need::Required);
    auto language = r.string("language").value_or("zh-CN");
    if (!one_of(language, {"zh-CN", "en"})) r.error("language", "must be zh-CN or en");
    if (!text) return std::nullopt;
    return PromptItem{media::PlayItemSpec::speech({}, language), std::move(*text)};
  }
  if (type == "tone") {
    auto tone = r.string("tone", Need::Required);
    auto duration_ms = r.integer("duration_ms", 0, kMaxPromptMs).value_or(0);
    auto region = r.string("region").value_or("china");
    if (!one_of(region, {"china", "europe", "north_america"})) {
      r.error("region", "must be china, europe or north_america");
    }
    if (!tone) return std::nullopt;
    if (!one_of(*tone, {"dial", "ringback", "busy", "congestion", "beep"})) {
      r.error("tone", "must be dial, ringback, busy, congestion or beep");
      return std::nullopt;
    }
    PromptItem item{media::PlayItemSpec::tone(*tone, duration_ms), {}};
    item.spec.region = region;
    return item;
  }
  if (type == "silence") {
    auto duration_ms = r.integer("duration_ms", 1, kMaxPromptMs, Need::Required);
    if (!duration_ms) return std::nullopt;
    return PromptItem{media::PlayItemSpec::silence(*duration_ms), {}};
  }
  r.error("type", "unknown prompt item type '" + type + "' (file, tts, tone or silence)");
  return std::nullopt;
}

Prompt FlowParser::prompt(ObjectReader& r, std::string_view key, Need need) {
  Prompt out;
  const nlohmann::json* items = r.array(key, need);
  if (!items) return out;
  if (items->empty() && need == Need::Required) r.error(key, "needs at least one item");
  if (items->size() > kMaxPromptItems) {
    r.error(key, "at most " + std::to_string(kMaxPromptItems) + " items");
    return out;
  }
  for (std::size_t i = 0; i < items->size(); ++i) {
    if (auto item = prompt_item((*items)[i], r.field(key) + "." + std::to_string(i))) {
      out.items.push_back(std::move(*item));
    }
  }
  return out;
}

std::string FlowParser::variable(ObjectReader& r, std::string_view key, Need need) {
  auto name = r.string(key, need);
  if (!name) return {};
  if (!is_variable_name(*name)) {
    r.error(key, "'" + *name + "' is not a variable name (a letter or _, then letters, digits or _)");
    return {};
  }
  return *name;
}

std::optional<TextTemplate> FlowParser::text_template(ObjectReader& r, std::string_view key, Need need) {
  auto text = r.string(key, need);
  if (!text) return std::nullopt;
  if (text->size() > kMaxTextBytes) {
    r.error(key, "longer than " + std::to_string(kMaxTextBytes) + " bytes");
    return std::nullopt;
  }
  auto parsed = TextTemplate::parse(*text);
  if (!parsed) {
    r.error(key, parsed.error().message);
    return std::nullopt;
  }
  return std::move(parsed).value();
}

std::optional<Expression> FlowParser::expression_at(const std::string& field, const std::string& text) {
  auto parsed = Expression::parse(text);
  if (!parsed) {
    errors_.add(field, parsed.error().message);
    return std::nullopt;
  }
  return std::move(parsed).value();
}

std::optional<Expression> FlowParser::expression(ObjectReader& r, std::string_view key, Need need) {
  auto text = r.string(key, need);
  if (!text) return std::nullopt;
  return expression_at(r.field(key), *text);
}

InputSettings FlowParser::input(ObjectReader& r) {
  InputSettings in;
  in.prompt = prompt(r, "prompt");
  in.invalid_prompt = prompt(r, "invalid_prompt");
  in.timeout_prompt = prompt(r, "timeout_prompt");
  in.interruptible = r.boolean("interruptible").value_or(true);
  in.timeout_ms = r.integer("timeout_ms", 100, kMaxWaitMs).value_or(in.timeout_ms);
  in.max_retries = static_cast<int>(r.integer("max_retries", 0, 10).value_or(in.max_retries));
  in.on_failure = ref(r, "on_failure");
  return in;
}

PlayNode FlowParser::play(ObjectReader& r) {
  PlayNode node;
  node.prompt = prompt(r, "items", Need::Required);
  node.interruptible = r.boolean("interruptible").value_or(true);
  node.next = ref(r, "next", Need::Required);
  return node;
}

MenuNode FlowParser::menu(ObjectReader& r) {
  MenuNode node;
  node.input = input(r);
  node.variable = variable(r, "variable", Need::Optional);
  const nlohmann::json* keys = r.object("keys", Need::Required);
  if (keys && keys->empty()) r.error("keys", "a menu needs at least one key");
  if (!keys) return node;
  for (const auto& [key, target] : keys->items()) {
    std::string field = r.field("keys") + "." + key;
    if (key.size() != 1 || !is_dtmf_key(key[0])) {
      errors_.add(field, "'" + key + "' is not a key (0-9, *, #, A-D)");
      continue;
    }
    node.keys[key[0]] = resolve(field, target);
  }
  return node;
}

CollectNode FlowParser::collect(ObjectReader& r) {
  CollectNode node;
  node.input = input(r);
  node.max_digits = static_cast<int>(r.integer("max_digits", 1, 64, Need::Required).value_or(1));
  node.min_digits = static_cast<int>(r.integer("min_digits", 0, 64).value_or(1));
  if (node.min_digits > node.max_digits) r.error("min_digits", "must not exceed max_digits");
  auto terminator = r.string("terminator").value_or("#");
  if (terminator.size() > 1 || (terminator.size() == 1 && !is_dtmf_key(terminator[0]))) {
    r.error("terminator", "must be one key (0-9, *, #, A-D) or empty for none");
  } else {
    node.terminator = terminator.empty() ? 0 : terminator[0];
  }
  node.inter_digit_timeout_ms = r.integer("inter_digit_timeout_ms", 100, kMaxWaitMs).value_or(3000);
  if (auto regex = r.string("validation")) {
    try {
      node.validation.emplace(*regex, std::regex::ECMAScript);
      node.validation_text = *regex;
    } catch (const std::regex_error& e) {
      r.error("validation", std::string("not a regular expression: ") + e.what());
    }
  }
  node.variable = variable(r, "variable", Need::Required);
  node.next = ref(r, "next", Need::Required);
  return node;
}

ConditionBranch FlowParser::condition_branch(const nlohmann::json& json, const std::string& path) {
  ConditionBranch branch;
  if (!json.is_object()) {
    errors_.add(path, std::string("must be an object, not ") + json_type_name(json));
    return branch;
  }
  ObjectReader r(json, path, errors_);
  branch.when = expression(r, "when", Need::Optional);
  if (const nlohmann::json* times = r.array("time")) {
    for (std::size_t i = 0; i < times->size(); ++i) {
      std::string field = r.field("time") + "." + std::to_string(i);
      const auto& range = (*times)[i];
      if (!range.is_object()) {
        errors_.add(field, "must be an object {\"from\": \"HH:MM\", \"to\": \"HH:MM\"}");
        continue;
      }
      ObjectReader t(range, field, errors_);
      auto from = t.string("from", Need::Required);
      auto to = t.string("to", Need::Required);
      auto from_minute = from ? parse_hh_mm(*from) : std::nullopt;
      auto to_minute = to ? parse_hh_mm(*to) : std::nullopt;
      if (from && !from_minute) t.error("from", "must be HH:MM (00:00-24:00)");
      if (to && !to_minute) t.error("to", "must be HH:MM (00:00-24:00)");
      if (from_minute && to_minute) branch.times.push_back({*from_minute, *to_minute});
      t.finish(kEditorFields);
    }
  }
  if (const nlohmann::json* weekdays = r.array("weekdays")) {
    for (const auto& day : *weekdays) {
      if (!day.is_number_integer() || day.get<std::int64_t>() < 1 || day.get<std::int64_t>() > 7) {
        r.error("weekdays", "days are 1 (Monday) to 7 (Sunday)");
        break;
      }
      branch.weekdays |= static_cast<std::uint8_t>(1u << (day.get<int>() - 1));
    }
  }
  auto holiday = r.string("holiday");
  auto not_holiday = r.string("not_holiday");
  if (holiday && not_holiday) r.error("not_holiday", "a branch has holiday or not_holiday, not both");
  if (holiday) branch.holiday = *holiday;
  if (not_holiday) {
    branch.holiday = *not_holiday;
    branch.not_holiday = true;
  }
  if (!r.get("when") && !r.get("time") && !r.get("weekdays") && !holiday && !not_holiday) {
    errors_.add(path, "a branch needs when, time, weekdays, holiday or not_holiday");
  }
  branch.next = ref(r, "next", Need::Required);
  r.finish(kEditorFields);
  return branch;
}

ConditionNode FlowParser::condition(ObjectReader& r) {
  ConditionNode node;
  if (const nlohmann::json* branches = r.array("branches", Need::Required)) {
    if (branches->empty()) r.error("branches", "a condition needs at least one branch");
    for (std::size_t i = 0; i < branches->size(); ++i) {
      node.branches.push_back(
          condition_branch((*branches)[i], r.field("branches") + "." + std::to_string(i)));
    }
  }
  node.otherwise = ref(r, "default", Need::Required);
  return node;
}

SetNode FlowParser::set(ObjectReader& r) {
  SetNode node;
  node.variable = variable(r, "variable", Need::Required);
  const nlohmann::json* value = r.get("value");
  if (value && (value->is_number() || value->is_boolean())) {
    node.value = TextTemplate::parse(value->dump()).value();
  } else if (value) {
    node.value = text_template(r, "value", Need::Optional);
  }
  node.expression = expression(r, "expression", Need::Optional);
  if (value && r.get("expression")) r.error("expression", "give value or expression, not both");
  if (!value && !r.get("expression")) r.error("value", "missing (or give an expression)");
  node.next = ref(r, "next", Need::Required);
  return node;
}

HttpNode FlowParser::http(ObjectReader& r) {
  HttpNode node;
  node.method = r.string("method").value_or("GET");
  if (!one_of(node.method, {"GET", "POST", "PUT", "PATCH", "DELETE"})) {
    r.error("method", "must be GET, POST, PUT, PATCH or DELETE");
  }
  if (auto url = text_template(r, "url", Need::Required)) {
    if (!has_literal_host(url->text())) {
      r.error("url", "must start with http:// or https:// and a host written out (no {{...}} in it)");
    }
    node.url = std::move(*url);
  }
  if (const nlohmann::json* headers = r.object("headers")) {
    for (const auto& [name, value] : headers->items()) {
      std::string field = r.field("headers") + "." + name;
      auto parsed = value.is_string() ? TextTemplate::parse(value.get<std::string>())
                                      : Result<TextTemplate>(Error::invalid({}, "must be a string"));
      if (!is_header_name(name)) {
        errors_.add(field, "not a header name");
      } else if (!parsed) {
        errors_.add(field, parsed.error().message);
      } else {
        node.headers.emplace_back(name, std::move(parsed).value());
      }
    }
  }
  if (const nlohmann::json* body = r.get("body")) {
    auto parsed = TextTemplate::parse(body->dump());
    if (!parsed) {
      r.error("body", parsed.error().message);
    } else {
      node.body = std::move(parsed).value();
    }
  }
  node.timeout_ms = r.integer("timeout_ms", 100, 30'000).value_or(node.timeout_ms);
  if (const nlohmann::json* response = r.object("response")) {
    for (const auto& [name, path] : response->items()) {
      std::string field = r.field("response") + "." + name;
      if (!is_variable_name(name)) {
        errors_.add(field, "'" + name + "' is not a variable name");
      } else if (!path.is_string() || path.get<std::string>().empty()) {
        errors_.add(field, "must be a path into the response, like \"data.balance\"");
      } else {
        node.response.emplace_back(name, path.get<std::string>());
      }
    }
  }
  node.status_variable = variable(r, "status_variable", Need::Optional);
  node.next = ref(r, "next", Need::Required);
  node.on_error = ref(r, "on_error");
  return node;
}

LuaNode FlowParser::lua(ObjectReader& r) {
  LuaNode node;
  if (auto script = r.string("script", Need::Required)) {
    if (script->size() > kMaxScriptBytes) {
      r.error("script", "longer than 64 KiB");
    } else if (auto error = LuaSandbox(options_.lua).check(*script)) {
      r.error("script", error->describe());
    }
    node.script = *script;
  }
  if (const nlohmann::json* branches = r.object("branches")) {
    for (const auto& [name, target] : branches->items()) {
      node.branches[name] = resolve(r.field("branches") + "." + name, target);
    }
  }
  node.next = ref(r, "next");
  node.on_error = ref(r, "on_error");
  if (node.branches.empty() && !node.next.present()) r.error("next", "missing (or give branches)");
  return node;
}

QueueNode FlowParser::queue(ObjectReader& r) {
  QueueNode node;
  node.queue = r.string("queue", Need::Required).value_or("");
  if (const nlohmann::json* priority = r.get("priority"); priority && priority->is_string()) {
    node.priority_expression = expression(r, "priority", Need::Optional);
  } else {
    node.priority = static_cast<int>(r.integer("priority", -1000, 1000).value_or(0));
  }
  node.skill = r.string("skill").value_or("");
  if (const nlohmann::json* carry = r.array("carry")) {
    node.carry.emplace();
    for (const auto& name : *carry) {
      if (!name.is_string() || !is_variable_name(name.get<std::string>())) {
        r.error("carry", "must list variable names");
        break;
      }
      node.carry->push_back(name.get<std::string>());
    }
  }
  node.announce_agent = r.boolean("announce_agent").value_or(false);
  node.on_failure = ref(r, "on_failure");
  return node;
}

TransferNode FlowParser::transfer(ObjectReader& r) {
  TransferNode node;
  node.target = text_template(r, "target", Need::Required).value_or(TextTemplate{});
  node.external = r.boolean("external").value_or(false);
  node.on_failure = ref(r, "on_failure");
  return node;
}

VoicemailNode FlowParser::voicemail(ObjectReader& r) {
  VoicemailNode node;
  node.box = text_template(r, "box", Need::Required).value_or(TextTemplate{});
  node.on_failure = ref(r, "on_failure");
  return node;
}

SurveyNode FlowParser::survey(ObjectReader& r) {
  SurveyNode node;
  node.input = input(r);
  if (auto keys = r.string("keys", Need::Required)) {
    for (char key : *keys) {
      if (!is_dtmf_key(key) || node.keys.find(key) != std::string::npos) {
        r.error("keys", "must be distinct keys (0-9, *, #, A-D), like \"12345\"");
        break;
      }
      node.keys += key;
    }
  }
  node.variable = variable(r, "variable", Need::Required);
  node.next = ref(r, "next", Need::Required);
  return node;
}

AnnounceAgentNode FlowParser::announce_agent(ObjectReader& r) {
  AnnounceAgentNode node;
  node.before = prompt(r, "before");
  node.after = prompt(r, "after");
  node.language = r.string("language").value_or("zh-CN");
  if (!one_of(node.language, {"zh-CN", "en"})) r.error("language", "must be zh-CN or en");
  node.interruptible = r.boolean("interruptible").value_or(false);
  node.next = ref(r, "next", Need::Required);
  return node;
}

HangupNode FlowParser::hangup(ObjectReader& r) {
  HangupNode node;
  node.cause = r.string("cause").value_or("normal");
  return node;
}

std::optional<NodeBody> FlowParser::parse_node(const std::string& id, const nlohmann::json& json) {
  std::string path = "nodes." + id;
  if (!json.is_object()) {
    errors_.add(path, std::string("must be an object, not ") + json_type_name(json));
    return std::nullopt;
  }
  using Parse = NodeBody (*)(FlowParser&, ObjectReader&);
  static constexpr std::pair<std::string_view, Parse> kTypes[] = {
      {"play", &parse_as<&FlowParser::play>},
      {"menu", &parse_as<&FlowParser::menu>},
      {"collect", &parse_as<&FlowParser::collect>},
      {"condition", &parse_as<&FlowParser::condition>},
      {"set", &parse_as<&FlowParser::set>},
      {"http", &parse_as<&FlowParser::http>},
      {"lua", &parse_as<&FlowParser::lua>},
      {"queue", &parse_as<&FlowParser::queue>},
      {"transfer", &parse_as<&FlowParser::transfer>},
      {"voicemail", &parse_as<&FlowParser::voicemail>},
      {"survey", &parse_as<&FlowParser::survey>},
      {"announce_agent", &parse_as<&FlowParser::announce_agent>},
      {"hangup", &parse_as<&FlowParser::hangup>},
  };
  ObjectReader r(json, path, errors_);
  auto type = r.string("type", Need::Required);
  if (!type) return std::nullopt;
  for (const auto& [name, parse] : kTypes) {
    if (name != *type) continue;
    NodeBody body = parse(*this, r);
    r.finish(kEditorFields);
    return body;
  }
  r.error("type", "unknown node type '" + *type + "'");
  return std::nullopt;
}

}  // namespace hotline::ivr
