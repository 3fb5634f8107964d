// Directory: the telephony configuration the core loop routes with (tenants, extensions, trunks,
// numbers, outbound routes, what each extension may dial), read from the store into memory so that no SIP
// request waits on the database. A configuration change is read on the thread that made it (read(), any
// thread) and swapped in on the core loop (install()); reload() does both at once (start, tests).
//
// Thread: core loop only, except read().
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pbx/dialplan.hpp"
#include "sip/identity_directory.hpp"
#include "store/store.hpp"

namespace hotline::pbx {

// Everything the directory holds, as read from the store.
struct DirectorySnapshot {
  std::vector<store::Tenant> tenants;
  std::vector<store::Trunk> trunks;
  std::map<std::pair<std::int64_t, std::string>, sip::SipIdentity> identities;
  std::map<std::int64_t, TenantDialplan> dialplans;
};

class Directory final : public sip::IdentityDirectory {
 public:
  // `role_allows` decides what the users' roles grant (toll-fraud rules, toll_rules.hpp).
  Directory(store::Store& store, RoleCapabilityCheck role_allows);

  static DirectorySnapshot read(store::Store& store, const RoleCapabilityCheck& role_allows);
  void install(DirectorySnapshot snapshot);
  void reload() { install(read(store_, role_allows_)); }

  std::optional<sip::TenantRealm> tenant_for_domain(const std::string& domain) const override;
  std::optional<sip::SipIdentity> identity(std::int64_t tenant_id, const std::string& user) const override;

  // The trunk that sends from ip:port (matching its configured host and port).
  const store::Trunk* trunk_at(const std::string& ip, std::uint16_t port) const;
  // Whether a trunk is configured at `ip` (any port): such an address is never banned.
  bool is_trunk_host(std::string_view ip) const;
  const store::Trunk* trunk(std::int64_t id) const;
  const TenantDialplan* dialplan(std::int64_t tenant_id) const;
  std::optional<sip::TenantRealm> tenant(std::int64_t tenant_id) const;
  // stereo | mono | off; "off" for an unknown tenant.
  std::string recording_mode(std::int64_t tenant_id) const;
  // The music-on-hold class the tenant's held calls hear.
  std::string music_class(std::int64_t tenant_id) const;
  // Do not disturb (PBX-7): whether the extension is in it, and turning it on or off here (the
  // caller writes it to the store: ExtensionRepo::set_dnd).
  bool do_not_disturb(std::int64_t tenant_id, std::string_view extension) const;
  void set_do_not_disturb(std::int64_t tenant_id, const std::string& extension, bool on);

 private:
  store::Store& store_;
  RoleCapabilityCheck role_allows_;
  std::vector<store::Tenant> tenants_;
  std::map<std::pair<std::int64_t, std::string>, sip::SipIdentity> identities_;
  std::vector<store::Trunk> trunks_;
  std::map<std::int64_t, TenantDialplan> dialplans_;
};

}  // namespace hotline::pbx
