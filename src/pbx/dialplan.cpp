#include "pbx/dialplan.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "pbx/feature_codes.hpp"

namespace hotline::pbx {
namespace {

std::vector<std::string> split_targets(const std::string& csv) {
  std::vector<std::string> out;
  std::stringstream ss(csv);
  for (std::string item; std::getline(ss, item, ',');) {
    item.erase(std::remove_if(item.begin(), item.end(), [](unsigned char c) { return std::isspace(c); }),
               item.end());
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

const store::Number* best_number(const TenantDialplan& plan, std::optional<std::int64_t> trunk_id,
                                 std::string_view dialled) {
  const store::Number* best = nullptr;
  for (const auto& n : plan.numbers) {
    if (n.trunk_id && n.trunk_id != trunk_id) continue;
    if (!pattern_matches(n.pattern, dialled)) continue;
    if (!best || pattern_specificity(n.pattern) > pattern_specificity(best->pattern)) best = &n;
  }
  return best;
}

RouteTarget number_target(const store::Number& n, RouteTarget t) {
  if (is_service_target(n.target_type)) {
    t.kind = RouteTarget::Kind::Service;
    t.service_kind = n.target_type;
    t.service_name = n.target;
    return t;
  }
  t.kind = RouteTarget::Kind::Extensions;
  t.extensions = split_targets(n.target);
  return t;
}

bool is_extension(const TenantDialplan& plan, std::string_view number) {
  return std::find(plan.extensions.begin(), plan.extensions.end(), number) != plan.extensions.end();
}

// A feature code about one of the tenant's extensions, or its parking lot: the service kind and
// name it reaches.
std::optional<std::pair<std::string, std::string>> feature_code_target(const TenantDialplan& plan,
                                                                       std::string_view dialled) {
  if (auto code = parse_supervision_code(dialled); code && is_extension(plan, code->extension))
    return std::pair{std::string("supervise"), supervision_service_name(*code)};
  if (auto ringing = parse_pickup_code(dialled); ringing && is_extension(plan, *ringing))
    return std::pair{std::string("pickup"), *ringing};
  if (auto slot = parse_park_retrieve_code(dialled))
    return std::pair{std::string("unpark"), std::to_string(*slot)};
  if (auto on = parse_dnd_code(dialled))
    return std::pair{std::string("dnd"), std::string(*on ? "on" : "off")};
  return std::nullopt;
}

}  // namespace

const store::CallerListEntry* caller_list_match(const TenantDialplan& plan, std::string_view kind,
                                                std::string_view caller) {
  const store::CallerListEntry* best = nullptr;
  for (const auto& entry : plan.caller_lists) {
    if (entry.kind != kind || !pattern_matches(entry.number, caller)) continue;
    if (!best || pattern_specificity(entry.number) > pattern_specificity(best->number)) best = &entry;
  }
  return best;
}

DialPrivileges dial_privileges(const TenantDialplan& plan, const std::string& extension) {
  auto it = plan.dial_privileges.find(extension);
  return it == plan.dial_privileges.end() ? DialPrivileges{} : it->second;
}

bool is_service_target(std::string_view target_type) {
  return target_type == "conference" || target_type == "flow" || target_type == "queue" ||
         target_type == "voicemail";
}

bool pattern_matches(std::string_view pattern, std::string_view number) {
  std::size_t i = 0;
  for (; i < pattern.size(); ++i) {
    char p = pattern[i];
    if (p == '.' && i + 1 == pattern.size()) return number.size() > i;
    if (i >= number.size()) return false;
    char c = number[i];
    bool digit = std::isdigit(static_cast<unsigned char>(c)) != 0;
    if (p == 'X' || p == 'x') {
      if (!digit) return false;
    } else if (p == 'N' || p == 'n') {
      if (!digit || c < '2') return false;
    } else if (p != c) {
      return false;
    }
  }
  return i == number.size();
}

bool is_dial_pattern(std::string_view pattern) {
  if (pattern.empty() || pattern.size() > 64) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char p = pattern[i];
    bool literal = std::isdigit(static_cast<unsigned char>(p)) != 0 || p == '*' || p == '#' || p == '+';
    bool wildcard = p == 'X' || p == 'x' || p == 'N' || p == 'n' || (p == '.' && i + 1 == pattern.size());
    if (!literal && !wildcard) return false;
  }
  return true;
}

int pattern_specificity(std::string_view pattern) {
  int score = 0;
  for (char p : pattern) score += p == '.' ? 1 : (p == 'X' || p == 'x' || p == 'N' || p == 'n') ? 10 : 100;
  return score;
}

RouteTarget route(const TenantDialplan& plan, Origin origin, std::optional<std::int64_t> trunk_id,
                  std::string_view dialled, const LocalTime& now) {
  RouteTarget t;
  t.direction = origin == Origin::Extension ? "internal" : "inbound";
  if (origin == Origin::Anonymous) {
    const auto* n = best_number(plan, std::nullopt, dialled);
    return n && n->is_public ? number_target(*n, std::move(t)) : t;
  }
  if (origin == Origin::Extension && is_extension(plan, dialled)) {
    t.kind = RouteTarget::Kind::Extensions;
    t.extensions = {std::string(dialled)};
    return t;
  }
  if (origin == Origin::Extension) {
    if (auto feature = feature_code_target(plan, dialled)) {
      t.kind = RouteTarget::Kind::Service;
      t.service_kind = feature->first;
      t.service_name = feature->second;
      return t;
    }
  }
  if (const auto* n = best_number(plan, origin == Origin::Trunk ? trunk_id : std::nullopt, dialled))
    return number_target(*n, std::move(t));
  if (origin == Origin::Trunk) return t;
  t.trunks = trunk_candidates(plan.routes, dialled, now);
  if (t.trunks.empty()) return t;
  t.kind = RouteTarget::Kind::Trunk;
  t.direction = "outbound";
  return t;
}

}  // namespace hotline::pbx
