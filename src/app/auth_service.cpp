#include "app/auth_service.hpp"

#include "app/passwords.hpp"
#include "common/hash.hpp"

namespace hotline::app {
namespace {

constexpr std::size_t kTokenBytes = 32;

Error invalid_credentials() { return {ErrorCode::Unauthenticated, "invalid username or password", {}}; }

Error invalid_token() { return {ErrorCode::Unauthenticated, "invalid or expired session token", {}}; }

// Verifying against this when the user does not exist makes an unknown username cost as much time
// as a wrong password, so response times do not reveal which usernames exist.
const std::string& dummy_hash() {
  static const std::string kHash = hash_password(random_hex(16));
  return kHash;
}

}  // namespace

AuthService::AuthService(store::Store& store, const Clock& clock, std::int64_t session_ttl_ms)
    : store_(store), clock_(clock), session_ttl_ms_(session_ttl_ms), roles_(store) {}

Result<LoginResult> AuthService::login(const std::string& username, const std::string& password) {
  auto user = store_.users().find_by_username(username);
  if (!user) {
    if (user.error().code != ErrorCode::NotFound) return user.error();
    (void)verify_password(password, dummy_hash());
    return invalid_credentials();
  }
  if (!verify_password(password, user->password_hash)) return invalid_credentials();

  std::string token = random_hex(kTokenBytes);
  UnixMs now = clock_.now_ms();
  store::Session session{sha256_hex(token), user->id, user->tenant_id, now, now + session_ttl_ms_};
  if (auto created = store_.sessions().create(session); !created) return created.error();
  return LoginResult{token, session.expires_at, {user->id, user->tenant_id, user->username, user->role}};
}

Result<Principal> AuthService::authenticate(const std::string& token) {
  if (token.empty()) return invalid_token();
  auto session = store_.sessions().find(sha256_hex(token));
  if (!session) {
    if (session.error().code == ErrorCode::NotFound) return invalid_token();
    return session.error();
  }
  if (session->expires_at <= clock_.now_ms()) {
    (void)store_.sessions().remove(session->token_sha256);  // tidy up; the answer is the same either way
    return invalid_token();
  }
  auto user = store_.users().get(session->tenant_id, session->user_id);
  if (!user) {
    if (user.error().code == ErrorCode::NotFound) return invalid_token();
    return user.error();
  }
  return Principal{user->id, user->tenant_id, user->username, user->role};
}

// Idempotent: logging out a token that is already gone succeeds.
Status AuthService::logout(const std::string& token) {
  auto removed = store_.sessions().remove(sha256_hex(token));
  if (!removed && removed.error().code != ErrorCode::NotFound) return removed.error();
  return ok_status();
}

}  // namespace hotline::app
