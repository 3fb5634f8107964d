// SIP source-address bans (brute-force throttling): GET /api/v1/security/sip-bans lists the
// addresses refused now for failing SIP authentication too often, DELETE
// /api/v1/security/sip-bans/{address} lifts one early. A ban is per address across tenants, so
// these belong to the platform operator (security.read / security.write). Asked of the core loop,
// which owns the bans; 503 when it does not answer in time.
#include <arpa/inet.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "http/api_routes.hpp"
#include "http/json_errors.hpp"

namespace hotline::http {
namespace {

// The address as the SIP side writes it (inet_ntop), so that "2001:DB8:0::7" finds the ban of
// "2001:db8::7"; nullopt when `text` is no IPv4 or IPv6 address.
std::optional<std::string> canonical_ip_address(const std::string& text) {
  unsigned char buffer[sizeof(in6_addr)];
  char out[INET6_ADDRSTRLEN] = {0};
  for (int family : {AF_INET, AF_INET6}) {
    if (inet_pton(family, text.c_str(), buffer) == 1 && inet_ntop(family, buffer, out, sizeof out))
      return std::string(out);
  }
  return std::nullopt;
}

ApiResponse list_sip_bans(const ApiDeps& deps) {
  auto bans = deps.live.sip_bans();
  if (!bans) return error_response(bans.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& ban : *bans) {
    items.push_back(
        {{"address", ban.address}, {"failures", ban.failures}, {"banned_until", ban.banned_until}});
  }
  return json_response(200, {{"items", std::move(items)}});
}

ApiResponse lift_sip_ban(const ApiDeps& deps, const RequestContext& context) {
  const std::string& given = context.params.at("address");
  auto address = canonical_ip_address(given);
  if (!address)
    return error_response(Error::invalid("address", "'" + given + "' is not an IPv4 or IPv6 address"));
  if (auto lifted = deps.live.lift_sip_ban(*address); !lifted) return error_response(lifted.error());
  return ApiResponse{204, {}, {}};
}

}  // namespace

void add_security_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/security/sip-bans", true, "security.read",
              [deps](RequestContext&) { return list_sip_bans(deps); }});
  router.add({"DELETE", "/api/v1/security/sip-bans/{address}", true, "security.write",
              [deps](RequestContext& c) { return lift_sip_ban(deps, c); }});
}

}  // namespace hotline::http
