#include "app/api_tokens.hpp"

#include "common/hash.hpp"

namespace hotline::app {
namespace {

constexpr std::size_t kSecretBytes = 32;
constexpr std::size_t kMaxNameLength = 100;
constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

}  // namespace

Status check_token_scopes(const RoleCatalog& roles, const Principal& owner, const std::vector<std::string>& scopes) {
  if (scopes.empty()) return Error::invalid("scopes", "scopes must list at least one capability");
  for (const auto& scope : scopes) {
    if (scope == "auth.tokens") return Error::invalid("scopes", "an API token cannot have auth.tokens");
    if (!roles.allows(owner.tenant_id, owner.role, scope))
      return Error::invalid("scopes", "the role " + owner.role + " does not grant " + scope);
  }
  return ok_status();
}

Result<CreatedApiToken> ApiTokens::create(const Principal& owner, const ApiTokenRequest& request) {
  if (owner.api_token_id) return Error{ErrorCode::PermissionDenied, "an API token cannot create tokens", {}};
  if (request.name.empty() || request.name.size() > kMaxNameLength)
    return Error::invalid("name", "name must have 1 to 100 characters");
  if (auto scopes = check_token_scopes(roles_, owner, request.scopes); !scopes) return scopes.error();
  if (request.expires_in_days &&
      (*request.expires_in_days < 1 || *request.expires_in_days > kMaxApiTokenDays))
    return Error::invalid("expires_in_days", "expires_in_days must be an integer from 1 to 3650");
  UnixMs now = clock_.now_ms();
  CreatedApiToken created;
  created.secret = kApiTokenPrefix + random_hex(kSecretBytes);
  created.token = {
      0,   owner.tenant_id, owner.user_id, request.name, sha256_hex(created.secret), request.scopes,
      now, std::nullopt,    std::nullopt,  std::nullopt};
  if (request.expires_in_days) created.token.expires_at = now + *request.expires_in_days * kDayMs;
  auto id = store_.api_tokens().create(created.token);
  if (!id) return id.error();
  created.token.id = *id;
  return created;
}

std::vector<store::ApiToken> ApiTokens::list(const Principal& owner) {
  return store_.api_tokens().list(owner.tenant_id, owner.user_id);
}

Status ApiTokens::revoke(const Principal& owner, std::int64_t id) {
  return store_.api_tokens().revoke(owner.tenant_id, owner.user_id, id, clock_.now_ms());
}

}  // namespace hotline::app
