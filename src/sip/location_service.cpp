#include "sip/location_service.hpp"

#include <algorithm>

namespace hotline::sip {

bool LocationService::update(const AddressOfRecord& aor, const Binding& b, UnixMs now) {
  auto& list = bindings_[aor];
  auto it = std::find_if(list.begin(), list.end(), [&](const Binding& x) { return x.contact == b.contact; });
  if (it != list.end() && it->call_id == b.call_id && b.cseq <= it->cseq) return false;
  if (it != list.end()) list.erase(it);
  if (b.expires_at > now) list.insert(list.begin(), b);
  if (list.empty()) bindings_.erase(aor);
  return true;
}

void LocationService::remove_all(const AddressOfRecord& aor) { bindings_.erase(aor); }

std::vector<Binding> LocationService::lookup(const AddressOfRecord& aor, UnixMs now) const {
  std::vector<Binding> out;
  auto it = bindings_.find(aor);
  if (it == bindings_.end()) return out;
  for (const auto& b : it->second) {
    if (b.expires_at > now) out.push_back(b);
  }
  return out;
}

std::vector<std::pair<AddressOfRecord, Binding>> LocationService::purge(UnixMs now) {
  std::vector<std::pair<AddressOfRecord, Binding>> expired;
  for (auto it = bindings_.begin(); it != bindings_.end();) {
    auto& list = it->second;
    for (const auto& b : list) {
      if (b.expires_at <= now) expired.emplace_back(it->first, b);
    }
    std::erase_if(list, [now](const Binding& b) { return b.expires_at <= now; });
    it = list.empty() ? bindings_.erase(it) : std::next(it);
  }
  return expired;
}

void LocationService::for_each(const std::function<void(const AddressOfRecord&, const Binding&)>& fn) const {
  for (const auto& [aor, list] : bindings_) {
    for (const auto& b : list) fn(aor, b);
  }
}

std::size_t LocationService::binding_count() const {
  std::size_t n = 0;
  for (const auto& [aor, list] : bindings_) n += list.size();
  return n;
}

}  // namespace hotline::sip
