// ApiTokens: bearer tokens for integrations. A token is shown once at creation (kApiTokenPrefix and
// 64 hex digits; only its SHA-256 is stored), acts as the user who created it, and may use only
// its scopes: capabilities the user's role grants, never `auth.tokens` (a token cannot mint
// tokens). AuthService::authenticate resolves them; revocation takes effect on the next request.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/auth_service.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"
#include "store/store.hpp"

namespace hotline::app {

inline constexpr int kMaxApiTokenDays = 3650;

struct ApiTokenRequest {
  std::string name;
  std::vector<std::string> scopes;
  std::optional<int> expires_in_days;  // none: does not expire
};

struct CreatedApiToken {
  store::ApiToken token;
  std::string secret;  // the bearer token itself; never stored
};

// Thread: any; stateless over the store.
class ApiTokens {
 public:
  ApiTokens(store::Store& store, const Clock& clock, const RoleCatalog& roles)
      : store_(store), clock_(clock), roles_(roles) {}

  // InvalidArgument naming name, scopes or expires_in_days; PermissionDenied for an API token.
  Result<CreatedApiToken> create(const Principal& owner, const ApiTokenRequest& request);
  std::vector<store::ApiToken> list(const Principal& owner);
  // NotFound unless `owner` has the token.
  Status revoke(const Principal& owner, std::int64_t id);

 private:
  store::Store& store_;
  const Clock& clock_;
  const RoleCatalog& roles_;
};

// Why `scopes` cannot be a token of `owner` (InvalidArgument naming scopes).
Status check_token_scopes(const RoleCatalog& roles, const Principal& owner, const std::vector<std::string>& scopes);

}  // namespace hotline::app
