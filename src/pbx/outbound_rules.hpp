// Outbound dial rules (PBX-8): which trunks an external number may go out on, in which order, and
// what caller ID the far end sees. Pure logic over the tenant's outbound routes and the tenant's
// local time, so that trunk choice is tested without SIP and without waiting for a weekday.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/local_time.hpp"
#include "common/result.hpp"
#include "store/records.hpp"

namespace hotline::pbx {

// What the far end is shown as the caller: the caller's own number (keep), one number for every
// call such as the hotline's main number (fixed), or digits followed by the caller's extension, a
// DID block whose last digits are the extensions (prefix). Callers that are not extensions of the
// tenant (an outside caller an IVR forwards) keep their number under prefix.
struct CallerIdRule {
  enum class Mode { Keep, Fixed, Prefix };
  Mode mode = Mode::Keep;
  std::string digits;  // Fixed: the number; Prefix: what goes before the extension

  bool operator==(const CallerIdRule&) const = default;
};

// "keep", "fixed:NUMBER" or "prefix:DIGITS" (the CLI's --caller-id).
Result<CallerIdRule> parse_caller_id_rule(std::string_view text);
// A route's stored mode and number (store::OutboundRoute::caller_id_mode, caller_id).
CallerIdRule caller_id_rule_of(const store::OutboundRoute& route);
std::string to_string(const CallerIdRule& rule);
std::string shown_caller(const CallerIdRule& rule, std::string_view caller, bool caller_is_extension);

// Days as bits (bit 0 Monday .. bit 6 Sunday) from "mon-fri", "sat,sun", "mon,wed-fri" or "all".
Result<int> parse_days(std::string_view text);
std::string days_to_string(int open_days);

// Whether the route may be used at `now` (the tenant's local time). A window that runs past
// midnight belongs to the day it starts on: Friday 22:00-06:00 is open on Saturday at 02:00.
bool route_open(const store::OutboundRoute& route, const LocalTime& now);

// One trunk an external number may go out on: the number as sent (after strip/prepend) and the
// caller ID rule of the route that chose it.
struct TrunkCandidate {
  std::int64_t route_id = 0;
  std::int64_t trunk_id = 0;
  std::string number;
  CallerIdRule caller_id;
};

// Whether a final answer from a trunk blames the trunk (or the network behind it) rather than the
// callee, so that the next trunk may do better: 5xx, 408, and 401/407 once the trunk has refused
// our credentials (a first challenge is answered, not judged). 486, 404, 603 ... are the callee's.
bool is_trunk_failure(int sip_status);

// Every route whose pattern matches `dialled` and whose window is open at `now`, ordered by
// priority (lower first), then cost per minute (cheaper first), then the more specific pattern,
// then the older route; a trunk appears once (a trunk that failed would fail again).
std::vector<TrunkCandidate> trunk_candidates(const std::vector<store::OutboundRoute>& routes,
                                             std::string_view dialled, const LocalTime& now);

}  // namespace hotline::pbx
