#include "pbx/directory.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace hotline::pbx {

Directory::Directory(store::Store& store, RoleCapabilityCheck role_allows)
    : store_(store), role_allows_(std::move(role_allows)) {
  reload();
}

DirectorySnapshot Directory::read(store::Store& store, const RoleCapabilityCheck& role_allows) {
  DirectorySnapshot d;
  d.tenants = store.tenants().list();
  d.trunks = store.trunks().list_all();
  for (const auto& t : d.tenants) {
    auto& plan = d.dialplans[t.id];
    for (const auto& e : store.extensions().list(t.id)) {
      if (!e.enabled) continue;
      plan.extensions.push_back(e.extension);
      if (e.dnd) plan.do_not_disturb.insert(e.extension);
      d.identities[{t.id, e.extension}] =
          sip::SipIdentity{t.id, e.extension, e.display_name, e.ha1_md5, e.ha1_sha256};
    }
    plan.numbers = store.numbers().list(t.id);
    plan.routes = store.outbound_routes().list(t.id);
    plan.caller_lists = store.caller_lists().list(t.id);
    plan.toll = toll_prefixes_of(t);
    plan.dial_privileges = extension_privileges(t.id, store.users().list(t.id), role_allows);
  }
  return d;
}

void Directory::install(DirectorySnapshot snapshot) {
  tenants_ = std::move(snapshot.tenants);
  trunks_ = std::move(snapshot.trunks);
  identities_ = std::move(snapshot.identities);
  dialplans_ = std::move(snapshot.dialplans);
  spdlog::info("directory: {} tenants, {} extensions, {} trunks", tenants_.size(), identities_.size(),
               trunks_.size());
}

std::optional<sip::TenantRealm> Directory::tenant_for_domain(const std::string& domain) const {
  const store::Tenant* fallback = nullptr;
  for (const auto& t : tenants_) {
    if (t.sip_realm == domain) return sip::TenantRealm{t.id, t.sip_realm};
    if (t.is_default) fallback = &t;
  }
  if (fallback) return sip::TenantRealm{fallback->id, fallback->sip_realm};
  return std::nullopt;
}

std::optional<sip::TenantRealm> Directory::tenant(std::int64_t tenant_id) const {
  for (const auto& t : tenants_) {
    if (t.id == tenant_id) return sip::TenantRealm{t.id, t.sip_realm};
  }
  return std::nullopt;
}

std::string Directory::recording_mode(std::int64_t tenant_id) const {
  for (const auto& t : tenants_) {
    if (t.id == tenant_id) return t.recording_mode;
  }
  return "off";
}

std::string Directory::music_class(std::int64_t tenant_id) const {
  for (const auto& t : tenants_) {
    if (t.id == tenant_id) return t.music_class;
  }
  return "default";
}

std::optional<sip::SipIdentity> Directory::identity(std::int64_t tenant_id, const std::string& user) const {
  auto it = identities_.find({tenant_id, user});
  if (it == identities_.end()) return std::nullopt;
  return it->second;
}

const store::Trunk* Directory::trunk_at(const std::string& ip, std::uint16_t port) const {
  for (const auto& t : trunks_) {
    if (t.enabled && t.host == ip && t.port == port) return &t;
  }
  return nullptr;
}

bool Directory::is_trunk_host(std::string_view ip) const {
  return std::any_of(trunks_.begin(), trunks_.end(),
                     [&](const store::Trunk& t) { return t.enabled && t.host == ip; });
}

const store::Trunk* Directory::trunk(std::int64_t id) const {
  for (const auto& t : trunks_) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

const TenantDialplan* Directory::dialplan(std::int64_t tenant_id) const {
  auto it = dialplans_.find(tenant_id);
  return it == dialplans_.end() ? nullptr : &it->second;
}

bool Directory::do_not_disturb(std::int64_t tenant_id, std::string_view extension) const {
  auto plan = dialplans_.find(tenant_id);
  return plan != dialplans_.end() && plan->second.do_not_disturb.contains(extension);
}

void Directory::set_do_not_disturb(std::int64_t tenant_id, const std::string& extension, bool on) {
  auto plan = dialplans_.find(tenant_id);
  if (plan == dialplans_.end()) return;
  if (on)
    plan->second.do_not_disturb.insert(extension);
  else
    plan->second.do_not_disturb.erase(extension);
}

}  // namespace hotline::pbx
