// Dialplan: where a dialled number goes. Pure logic over the tenant's numbers, extensions and
// outbound routes, so that routing is tested without SIP.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/local_time.hpp"
#include "pbx/outbound_rules.hpp"
#include "pbx/toll_rules.hpp"
#include "store/records.hpp"

namespace hotline::pbx {

// pattern: digits (and * # +) match themselves, 'X' any digit, 'N' 2-9, a trailing '.' one or
// more of anything. Returns false on any mismatch.
bool pattern_matches(std::string_view pattern, std::string_view number);
// Whether `pattern` is one pattern_matches() reads: digits, * # +, X and N, and at most a trailing
// '.'; 1-64 characters.
bool is_dial_pattern(std::string_view pattern);
// Higher is more specific: exact digits beat X beat '.', longer beats shorter.
int pattern_specificity(std::string_view pattern);

// Anonymous: a SIP caller that offered no credentials and is no trunk (a SIP-URI caller).
enum class Origin { Extension, Trunk, Anonymous };

struct RouteTarget {
  enum class Kind { Extensions, Trunk, Service, NotFound } kind = Kind::NotFound;
  std::vector<std::string> extensions;  // Kind::Extensions: ring all of them at once
  std::vector<TrunkCandidate> trunks;   // Kind::Trunk: tried in this order until one answers
  std::string service_kind;             // Kind::Service: conference, flow, queue...
  std::string service_name;             // which room, flow or queue
  std::string direction;                // internal | inbound | outbound
};

struct TenantDialplan {
  std::vector<std::string> extensions;  // enabled extensions of the tenant
  std::vector<store::Number> numbers;
  std::vector<store::OutboundRoute> routes;
  std::vector<store::CallerListEntry> caller_lists;
  TollPrefixes toll;
  std::map<std::string, DialPrivileges> dial_privileges;  // by extension; absent: none
  std::set<std::string, std::less<>> do_not_disturb;      // extensions in DND (PBX-7)
};

// What the extension may dial beyond ordinary numbers (nothing when nobody owns it).
DialPrivileges dial_privileges(const TenantDialplan& plan, const std::string& extension);

// The entry of list `kind` (blacklist, whitelist, vip) that matches the caller's number, the most
// specific pattern first; null when none does.
const store::CallerListEntry* caller_list_match(const TenantDialplan& plan, std::string_view kind,
                                                std::string_view caller);

// Number target types that name a service the server answers itself (see CallService).
bool is_service_target(std::string_view target_type);

// An extension may dial another extension, a feature code (*1/*2/*3 supervise, *8 pickup, + an
// extension; *7 + a parking slot: feature_codes.hpp), an access number or, through the outbound
// routes open at `now` (the tenant's local time), an external number; a trunk reaches only the
// tenant's numbers (its DIDs); an anonymous caller only the numbers marked public (not those of one
// trunk).
RouteTarget route(const TenantDialplan& plan, Origin origin, std::optional<std::int64_t> trunk_id,
                  std::string_view dialled, const LocalTime& now);

}  // namespace hotline::pbx
