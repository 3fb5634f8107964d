// LocationService: where each registered SIP identity can be reached (RFC 3261 §10). Bindings are
// keyed by tenant and extension; one extension may have several contacts (desk phone and
// softphone). Expiry is checked on lookup and purged periodically.
//
// Thread: core loop only.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.hpp"

namespace hotline::sip {

struct Binding {
  std::string contact;  // Contact URI as registered
  std::string source;   // "udp:1.2.3.4:5060": where the REGISTER came from (NAT)
  std::string user_agent;
  std::string call_id;  // REGISTER Call-ID + CSeq order refreshes (RFC 3261 §10.3 step 6)
  std::uint32_t cseq = 0;
  UnixMs expires_at = 0;
};

struct AddressOfRecord {
  std::int64_t tenant_id = 0;
  std::string extension;
  auto operator<=>(const AddressOfRecord&) const = default;
};

class LocationService {
 public:
  // Adds or refreshes the binding for `b.contact`; expires_at <= now removes it.
  // Returns false when the refresh is out of order (same Call-ID, CSeq not higher).
  bool update(const AddressOfRecord& aor, const Binding& b, UnixMs now);
  void remove_all(const AddressOfRecord& aor);
  // Unexpired bindings, most recently refreshed first.
  std::vector<Binding> lookup(const AddressOfRecord& aor, UnixMs now) const;
  // Drops expired bindings; returns them so persistent copies can be removed too.
  std::vector<std::pair<AddressOfRecord, Binding>> purge(UnixMs now);
  void for_each(const std::function<void(const AddressOfRecord&, const Binding&)>& fn) const;
  std::size_t binding_count() const;

 private:
  std::map<AddressOfRecord, std::vector<Binding>> bindings_;
};

}  // namespace hotline::sip
