// AuthService: login with username and password (throttled: app/login_throttle.hpp), sessions
// with an absolute and an idle lifetime, API tokens for integrations (`hlt_...`, app/api_tokens.hpp
// creates them), password changes, and resolving a bearer token to the principal (user, tenant,
// role, and a token's scopes) that every REST route checks, and what that principal may do.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "app/login_throttle.hpp"
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
  std::optional<std::int64_t> api_token_id;  // set when an API token authenticated the request
  std::vector<std::string> scopes;           // the token's capabilities; empty for a session
};

struct AuthPolicy {
  std::int64_t session_ttl_ms = 12LL * 3600 * 1000;  // absolute lifetime of a session
  std::int64_t session_idle_ms = 30LL * 60 * 1000;   // a session unused this long ends
  LoginThrottleOptions throttle;
};

// last_seen_at and last_used_at are written at most this often per session or token.
inline constexpr std::int64_t kLastSeenResolutionMs = 60'000;

inline constexpr const char* kApiTokenPrefix = "hlt_";

struct LoginResult {
  std::string token;  // opaque; only its SHA-256 is stored
  UnixMs expires_at = 0;
  Principal principal;
};

// A login refused: wrong password or unknown username (the same to the client), or a lock.
struct LoginRefusal {
  LoginBlock block;  // blocked(): refused before the password counted
  std::string username;
  std::optional<store::TenantId> tenant_id;  // the account's, when the username exists
  std::optional<std::int64_t> user_id;
};

// A session, a refusal, or a failure of the store.
using LoginOutcome = std::variant<LoginResult, LoginRefusal, Error>;

// Thread: any; the store serialises writes and the throttle has its own lock.
class AuthService {
 public:
  AuthService(store::Store& store, const Clock& clock, AuthPolicy policy = {});

  LoginOutcome attempt_login(const std::string& username, const std::string& password,
                             const std::string& remote_address);
  // attempt_login from no address, a refusal as an Unauthenticated error (tests and tools).
  Result<LoginResult> login(const std::string& username, const std::string& password);

  // A session token or an API token (kApiTokenPrefix).
  Result<Principal> authenticate(const std::string& token);
  Status logout(const std::string& token);

  // Checks `current` (a wrong one counts towards the lock-out: InvalidArgument naming
  // current_password, PermissionDenied while locked) and the policy for `replacement`
  // (InvalidArgument naming new_password), stores it and ends the user's other sessions.
  // API tokens may not change passwords (PermissionDenied).
  Status change_password(const Principal& principal, const std::string& current,
                         const std::string& replacement, const std::string& session_token,
                         const std::string& remote_address);

  const AuthPolicy& policy() const { return policy_; }

  // Whether the principal may use `capability`: its role (built-in or the tenant's own) grants it
  // and, for an API token, a scope lists it.
  bool allows(const Principal& principal, std::string_view capability) const;
  // What the principal may use, sorted (a token: its scopes its role still grants).
  std::vector<std::string> capabilities(const Principal& principal) const;
  RoleCatalog& roles() { return roles_; }

 private:
  Result<Principal> authenticate_session(const std::string& token);
  Result<Principal> authenticate_api_token(const std::string& token);

  store::Store& store_;
  const Clock& clock_;
  AuthPolicy policy_;
  LoginThrottle throttle_;
  RoleCatalog roles_;
};

// Why `replacement` may not be `username`'s new password (InvalidArgument naming new_password).
Status check_password_policy(const std::string& username, const std::string& current,
                             const std::string& replacement);

}  // namespace hotline::app
