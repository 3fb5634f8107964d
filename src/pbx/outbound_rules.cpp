#include "pbx/outbound_rules.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <tuple>

#include "pbx/dialplan.hpp"

namespace hotline::pbx {
namespace {

constexpr std::array<std::string_view, 7> kDayNames = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr int kEveryDay = 0x7F;

std::optional<int> day_index(std::string_view name) {
  for (std::size_t i = 0; i < kDayNames.size(); ++i) {
    if (kDayNames[i] == name) return static_cast<int>(i);
  }
  return std::nullopt;
}

bool is_caller_number(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool open_on(int open_days, int iso_weekday) { return (open_days >> (iso_weekday - 1)) & 1; }

}  // namespace

Result<CallerIdRule> parse_caller_id_rule(std::string_view text) {
  if (text == "keep") return CallerIdRule{};
  auto colon = text.find(':');
  std::string_view mode = text.substr(0, colon);
  std::string_view digits = colon == std::string_view::npos ? std::string_view{} : text.substr(colon + 1);
  if (mode != "fixed" && mode != "prefix")
    return Error::invalid("caller_id",
                          "caller ID '" + std::string(text) + "' is not keep, fixed:NUMBER or prefix:DIGITS");
  if (!is_caller_number(digits))
    return Error::invalid("caller_id",
                          "caller ID " + std::string(mode) + " needs digits (an optional leading +)");
  return CallerIdRule{mode == "fixed" ? CallerIdRule::Mode::Fixed : CallerIdRule::Mode::Prefix,
                      std::string(digits)};
}

CallerIdRule caller_id_rule_of(const store::OutboundRoute& route) {
  if (route.caller_id_mode == "fixed") return {CallerIdRule::Mode::Fixed, route.caller_id};
  if (route.caller_id_mode == "prefix") return {CallerIdRule::Mode::Prefix, route.caller_id};
  return {};
}

std::string to_string(const CallerIdRule& rule) {
  switch (rule.mode) {
    case CallerIdRule::Mode::Fixed:
      return "fixed:" + rule.digits;
    case CallerIdRule::Mode::Prefix:
      return "prefix:" + rule.digits;
    case CallerIdRule::Mode::Keep:
      break;
  }
  return "keep";
}

std::string shown_caller(const CallerIdRule& rule, std::string_view caller, bool caller_is_extension) {
  switch (rule.mode) {
    case CallerIdRule::Mode::Fixed:
      return rule.digits;
    case CallerIdRule::Mode::Prefix:
      return caller_is_extension ? rule.digits + std::string(caller) : std::string(caller);
    case CallerIdRule::Mode::Keep:
      break;
  }
  return std::string(caller);
}

Result<int> parse_days(std::string_view text) {
  if (text == "all") return kEveryDay;
  int days = 0;
  for (std::size_t start = 0;;) {
    auto comma = text.find(',', start);
    std::string_view item = text.substr(start, comma == std::string_view::npos ? comma : comma - start);
    auto dash = item.find('-');
    auto first = day_index(item.substr(0, dash));
    auto last = dash == std::string_view::npos ? first : day_index(item.substr(dash + 1));
    if (!first || !last || *last < *first) {
      return Error::invalid(
          "days", "'" + std::string(item) + "' is not a day or a range like mon-fri (mon..sun, or all)");
    }
    for (int d = *first; d <= *last; ++d) days |= 1 << d;
    if (comma == std::string_view::npos) return days;
    start = comma + 1;
  }
}

std::string days_to_string(int open_days) {
  if ((open_days & kEveryDay) == kEveryDay) return "all";
  std::string out;
  for (int d = 0; d < 7; ++d) {
    if (!((open_days >> d) & 1)) continue;
    int last = d;
    while (last + 1 < 7 && ((open_days >> (last + 1)) & 1)) ++last;
    if (!out.empty()) out += ',';
    out += kDayNames[d];
    if (last > d) out += std::string(last > d + 1 ? "-" : ",") + std::string(kDayNames[last]);
    d = last;
  }
  return out;
}

bool route_open(const store::OutboundRoute& route, const LocalTime& now) {
  int from = route.open_from_minute, to = route.open_to_minute;
  int minute = now.minute_of_day;
  if (from == to) return open_on(route.open_days, now.weekday);
  if (from < to) return open_on(route.open_days, now.weekday) && minute >= from && minute < to;
  if (minute >= from) return open_on(route.open_days, now.weekday);
  int yesterday = now.weekday == 1 ? 7 : now.weekday - 1;  // the night that began the day before
  return minute < to && open_on(route.open_days, yesterday);
}

bool is_trunk_failure(int sip_status) {
  return sip_status == 408 || sip_status == 401 || sip_status == 407 ||
         (sip_status >= 500 && sip_status < 600);
}

std::vector<TrunkCandidate> trunk_candidates(const std::vector<store::OutboundRoute>& routes,
                                             std::string_view dialled, const LocalTime& now) {
  std::vector<const store::OutboundRoute*> open;
  for (const auto& r : routes) {
    if (pattern_matches(r.pattern, dialled) && route_open(r, now)) open.push_back(&r);
  }
  std::sort(open.begin(), open.end(), [](const store::OutboundRoute* a, const store::OutboundRoute* b) {
    return std::tuple(a->priority, a->cost_per_minute, -pattern_specificity(a->pattern), a->id) <
           std::tuple(b->priority, b->cost_per_minute, -pattern_specificity(b->pattern), b->id);
  });
  std::vector<TrunkCandidate> out;
  std::set<std::int64_t> trunks;
  for (const auto* r : open) {
    if (!trunks.insert(r->trunk_id).second) continue;
    auto strip =
        std::min<std::size_t>(static_cast<std::size_t>(std::max(r->strip_digits, 0)), dialled.size());
    out.push_back(
        {r->id, r->trunk_id, r->prepend + std::string(dialled.substr(strip)), caller_id_rule_of(*r)});
  }
  return out;
}

}  // namespace hotline::pbx
