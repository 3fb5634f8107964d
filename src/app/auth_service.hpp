// AuthService: login with username and password, bearer tokens, and resolving a token to the
// principal (user, tenant, role) that every REST route checks, and what that role allows.
#pragma once

#include <cstdint>
#include <string>

#include "app/role_catalog.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"
#include "store/store.hpp"

namespace hotline::app {

struct Principal {
  std::int64_t user_id = 0;
  store::TenantId tenant_id = 0;
  std::string username;
  std::string role;
};

struct LoginResult {
  std::string token;  // opaque; only its SHA-256 is stored
  UnixMs expires_at = 0;
  Principal principal;
};

class AuthService {
 public:
  AuthService(store::Store& store, const Clock& clock, std::int64_t session_ttl_ms = 12LL * 3600 * 1000);

  // Unauthenticated error (same message) for an unknown user and a wrong password.
  Result<LoginResult> login(const std::string& username, const std::string& password);
  Result<Principal> authenticate(const std::string& token);
  Status logout(const std::string& token);

  // Whether the principal's role grants `capability` (built-in or the tenant's own role).
  bool allows(const Principal& principal, std::string_view capability) const {
    return roles_.allows(principal.tenant_id, principal.role, capability);
  }
  RoleCatalog& roles() { return roles_; }

 private:
  store::Store& store_;
  const Clock& clock_;
  std::int64_t session_ttl_ms_;
  RoleCatalog roles_;
};

}  // namespace hotline::app
