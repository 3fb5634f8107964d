#include "app/auth_service.hpp"

#include <algorithm>

#include "app/passwords.hpp"
#include "common/hash.hpp"

namespace hotline::app {
namespace {

constexpr std::size_t kTokenBytes = 32;
constexpr std::size_t kMinPasswordCharacters = 8;

Error invalid_credentials() { return {ErrorCode::Unauthenticated, "invalid username or password", {}}; }

Error invalid_token() { return {ErrorCode::Unauthenticated, "invalid or expired session token", {}}; }

// Verifying against this when the user does not exist makes an unknown username cost as much time
// as a wrong password, so response times do not reveal which usernames exist.
const std::string& dummy_hash() {
  static const std::string kHash = hash_password(random_hex(16));
  return kHash;
}

std::size_t utf8_characters(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(
      text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// `account` is null for an unknown username.
LoginRefusal refusal_of(const LoginBlock& block, const std::string& username, const store::User* account) {
  if (!account) return {block, username, std::nullopt, std::nullopt};
  return {block, username, account->tenant_id, account->id};
}

Result<Principal> principal_of_user(store::Store& store, store::TenantId tenant, std::int64_t user_id) {
  auto user = store.users().get(tenant, user_id);
  if (!user) {
    if (user.error().code == ErrorCode::NotFound) return invalid_token();
    return user.error();
  }
  return Principal{user->id, user->tenant_id, user->username, user->role, std::nullopt, {}};
}

}  // namespace

Status check_password_policy(const std::string& username, const std::string& current,
                             const std::string& replacement) {
  if (utf8_characters(replacement) < kMinPasswordCharacters)
    return Error::invalid("new_password", "new_password must have at least 8 characters");
  if (replacement == username) return Error::invalid("new_password", "new_password must not be the username");
  if (replacement == current)
    return Error::invalid("new_password", "new_password must differ from the current password");
  return ok_status();
}

AuthService::AuthService(store::Store& store, const Clock& clock, AuthPolicy policy)
    : store_(store), clock_(clock), policy_(policy), throttle_(policy.throttle), roles_(store) {}

bool AuthService::allows(const Principal& principal, std::string_view capability) const {
  if (!roles_.allows(principal.tenant_id, principal.role, capability)) return false;
  if (!principal.api_token_id) return true;
  return std::find(principal.scopes.begin(), principal.scopes.end(), capability) != principal.scopes.end();
}

std::vector<std::string> AuthService::capabilities(const Principal& principal) const {
  std::vector<std::string> out = roles_.capabilities(principal.tenant_id, principal.role);
  std::erase_if(out, [&](const std::string& capability) { return !allows(principal, capability); });
  return out;
}

LoginOutcome AuthService::attempt_login(const std::string& username, const std::string& password,
                                        const std::string& remote_address) {
  auto user = store_.users().find_by_username(username);
  if (!user && user.error().code != ErrorCode::NotFound) return user.error();
  const store::User* account = user ? &*user : nullptr;
  if (LoginBlock block = throttle_.check(username, remote_address, clock_.now_ms()); block.blocked())
    return refusal_of(block, username, account);
  bool password_matches = verify_password(password, account ? account->password_hash : dummy_hash());
  if (!account || !password_matches)
    return refusal_of(throttle_.record_failure(username, remote_address, clock_.now_ms()), username, account);
  throttle_.record_success(username);

  std::string token = random_hex(kTokenBytes);
  UnixMs now = clock_.now_ms();
  store::Session session{
      sha256_hex(token), account->id, account->tenant_id, now, now + policy_.session_ttl_ms, now};
  if (auto created = store_.sessions().create(session); !created) return created.error();
  return LoginResult{token,
                     session.expires_at,
                     {account->id, account->tenant_id, account->username, account->role, std::nullopt, {}}};
}

Result<LoginResult> AuthService::login(const std::string& username, const std::string& password) {
  LoginOutcome outcome = attempt_login(username, password, "");
  if (auto* session = std::get_if<LoginResult>(&outcome)) return std::move(*session);
  if (auto* error = std::get_if<Error>(&outcome)) return *error;
  return invalid_credentials();
}

Result<Principal> AuthService::authenticate(const std::string& token) {
  if (token.empty()) return invalid_token();
  if (token.starts_with(kApiTokenPrefix)) return authenticate_api_token(token);
  return authenticate_session(token);
}

Result<Principal> AuthService::authenticate_session(const std::string& token) {
  auto session = store_.sessions().find(sha256_hex(token));
  if (!session) {
    if (session.error().code == ErrorCode::NotFound) return invalid_token();
    return session.error();
  }
  UnixMs now = clock_.now_ms();
  UnixMs last_seen = std::max(session->created_at, session->last_seen_at);
  if (session->expires_at <= now || last_seen + policy_.session_idle_ms <= now) {
    (void)store_.sessions().remove(session->token_sha256);  // tidy up; the answer is the same either way
    return invalid_token();
  }
  if (now - last_seen >= kLastSeenResolutionMs) store_.sessions().touch_async(session->token_sha256, now);
  return principal_of_user(store_, session->tenant_id, session->user_id);
}

Result<Principal> AuthService::authenticate_api_token(const std::string& token) {
  auto found = store_.api_tokens().find(sha256_hex(token));
  if (!found) {
    if (found.error().code == ErrorCode::NotFound) return invalid_token();
    return found.error();
  }
  UnixMs now = clock_.now_ms();
  if (found->revoked_at || (found->expires_at && *found->expires_at <= now)) return invalid_token();
  auto principal = principal_of_user(store_, found->tenant_id, found->user_id);
  if (!principal) return principal;
  if (now - found->last_used_at.value_or(0) >= kLastSeenResolutionMs)
    store_.api_tokens().touch_async(found->id, now);
  principal->api_token_id = found->id;
  principal->scopes = found->scopes;
  return principal;
}

// Idempotent: logging out a token that is already gone succeeds.
Status AuthService::logout(const std::string& token) {
  auto removed = store_.sessions().remove(sha256_hex(token));
  if (!removed && removed.error().code != ErrorCode::NotFound) return removed.error();
  return ok_status();
}

Status AuthService::change_password(const Principal& principal, const std::string& current,
                                    const std::string& replacement, const std::string& session_token,
                                    const std::string& remote_address) {
  if (principal.api_token_id)
    return Error{ErrorCode::PermissionDenied, "an API token cannot change a password", {}};
  auto user = store_.users().get(principal.tenant_id, principal.user_id);
  if (!user) return user.error();
  UnixMs now = clock_.now_ms();
  if (LoginBlock block = throttle_.check(user->username, remote_address, now); block.blocked())
    return Error{ErrorCode::PermissionDenied, "too many wrong passwords: try again later",
                 "current_password"};
  if (!verify_password(current, user->password_hash)) {
    (void)throttle_.record_failure(user->username, remote_address, now);
    return Error::invalid("current_password", "current_password is wrong");
  }
  throttle_.record_success(user->username);
  if (auto policy = check_password_policy(user->username, current, replacement); !policy) return policy;
  if (auto stored = store_.users().set_password_hash(user->tenant_id, user->id, hash_password(replacement));
      !stored)
    return stored;
  auto ended = store_.sessions().remove_for_user(user->tenant_id, user->id, sha256_hex(session_token));
  if (!ended) return ended.error();
  return ok_status();
}

}  // namespace hotline::app
