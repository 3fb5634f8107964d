// Users of a tenant (ADM-1): GET/POST /api/v1/users and GET/PUT/DELETE /api/v1/users/{id}. A user
// has a role (built-in or the tenant's own) and optionally an extension, which makes it an agent.
// An admin gives only roles whose capabilities it holds itself, so no one can raise anyone above
// their own rights; the platform operator role is not the tenant's to give.
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <variant>

#include "app/passwords.hpp"
#include "common/json_reader.hpp"
#include "http/api_routes.hpp"
#include "http/json_errors.hpp"
#include "http/request_body.hpp"

namespace hotline::http {
namespace {

constexpr std::size_t kMinPasswordLength = 8;

nlohmann::json user_json(const store::User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"role", u.role},
          {"extension", u.extension ? nlohmann::json(*u.extension) : nlohmann::json()},
          {"created_at", u.created_at}};
}

bool valid_username(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '.' || c == '_' || c == '-' || c == '@';
  });
}

// What a request may set on a user; absent fields keep their value on PUT.
struct UserInput {
  std::optional<std::string> username;
  std::optional<std::string> password;
  std::optional<std::string> display_name;
  std::optional<std::string> role;
  std::optional<std::optional<std::string>> extension;  // set to null: no extension
};

void read_extension(ObjectReader& r, UserInput& input) {
  if (r.null("extension")) {
    input.extension = std::optional<std::string>();
    return;
  }
  const nlohmann::json* value = r.get("extension");
  if (value == nullptr) return;
  if (value->is_string() && !value->get_ref<const std::string&>().empty()) {
    input.extension = value->get<std::string>();
  } else {
    r.error("extension", "extension must be an extension number or null");
  }
}

UserInput read_user(ObjectReader& r, bool creating) {
  Need on_create = creating ? Need::Required : Need::Optional;
  UserInput input;
  if (creating) {
    input.username = r.string("username", Need::Required);
    if (input.username && !valid_username(*input.username))
      r.error("username", "username must be 1-64 letters, digits, '.', '_', '-' or '@'");
  }
  input.password = r.string("password", on_create);
  if (input.password && input.password->size() < kMinPasswordLength)
    r.error("password", "a password needs at least 8 characters");
  input.display_name = r.string("display_name");
  input.role = r.string("role", on_create);
  read_extension(r, input);
  return input;
}

// InvalidArgument naming `role` unless the acting user may give it.
Status check_role(const ApiDeps& deps, const app::Principal& actor, const std::string& role) {
  app::RoleCatalog& roles = deps.auth.roles();
  if (role == "platform_operator" || !roles.exists(actor.tenant_id, role))
    return Error::invalid("role", "no role '" + role + "' in this tenant");
  for (const auto& capability : roles.capabilities(actor.tenant_id, role)) {
    if (!deps.auth.allows(actor, capability))
      return Error::invalid("role", "role '" + role + "' grants " + capability + ", which you do not have");
  }
  return ok_status();
}

// InvalidArgument naming `extension` unless the tenant has it; Conflict when another user has it.
Status check_extension(const ApiDeps& deps, store::TenantId tenant, std::int64_t user_id,
                       const std::string& extension) {
  auto found = deps.store.extensions().find(tenant, extension);
  if (!found) {
    if (found.error().code != ErrorCode::NotFound) return found.error();
    return Error::invalid("extension", "no extension " + extension + " in this tenant");
  }
  for (const auto& other : deps.store.users().list(tenant)) {
    if (other.id != user_id && other.extension == extension)
      return Error{ErrorCode::Conflict, "extension " + extension + " belongs to " + other.username, "extension"};
  }
  return ok_status();
}

// Applies `input` to `user` after checking the role and extension it names.
Status apply_input(const ApiDeps& deps, const app::Principal& actor, const UserInput& input, store::User& user) {
  if (input.role) {
    if (auto allowed = check_role(deps, actor, *input.role); !allowed) return allowed;
    user.role = *input.role;
  }
  if (input.extension) {
    if (*input.extension) {
      if (auto free = check_extension(deps, user.tenant_id, user.id, **input.extension); !free) return free;
    }
    user.extension = *input.extension;
  }
  if (input.display_name) user.display_name = *input.display_name;
  if (input.password) user.password_hash = app::hash_password(*input.password);
  return ok_status();
}

// The body's fields, or the response naming every bad one.
std::variant<UserInput, ApiResponse> parse_user(const RequestContext& context, bool creating) {
  auto body = object_body(context.request);
  if (!body) return error_response(body.error());
  ErrorList errors;
  ObjectReader r(*body, "", errors);
  UserInput input = read_user(r, creating);
  r.finish();
  if (!errors.empty()) return invalid_input_response(errors.take());
  return input;
}

ApiResponse list_users(const ApiDeps& deps, RequestContext& context) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& user : deps.store.users().list(context.principal->tenant_id)) items.push_back(user_json(user));
  return json_response(200, {{"items", std::move(items)}});
}

Result<store::User> user_of(const ApiDeps& deps, const RequestContext& context) {
  Error not_found = Error::not_found("no user " + context.params.at("id"));
  auto id = id_param(context, "id");
  if (!id) return not_found;
  auto user = deps.store.users().get(context.principal->tenant_id, *id);
  if (!user && user.error().code == ErrorCode::NotFound) return not_found;
  return user;
}

ApiResponse get_user(const ApiDeps& deps, RequestContext& context) {
  auto user = user_of(deps, context);
  if (!user) return error_response(user.error());
  return json_response(200, user_json(*user));
}

ApiResponse create_user(const ApiDeps& deps, RequestContext& context) {
  auto parsed = parse_user(context, true);
  if (auto* rejected = std::get_if<ApiResponse>(&parsed)) return std::move(*rejected);
  const UserInput& input = std::get<UserInput>(parsed);
  store::User user;
  user.tenant_id = context.principal->tenant_id;
  user.username = *input.username;
  user.created_at = deps.clock.now_ms();
  if (auto applied = apply_input(deps, *context.principal, input, user); !applied)
    return error_response(applied.error());
  auto id = deps.store.users().create(user);
  if (!id) return error_response(id.error());
  user.id = *id;
  apply_configuration(deps, user.tenant_id);
  return json_response(201, user_json(user));
}

ApiResponse update_user(const ApiDeps& deps, RequestContext& context) {
  auto user = user_of(deps, context);
  if (!user) return error_response(user.error());
  auto parsed = parse_user(context, false);
  if (auto* rejected = std::get_if<ApiResponse>(&parsed)) return std::move(*rejected);
  const UserInput& input = std::get<UserInput>(parsed);
  if (user->id == context.principal->user_id && input.role && *input.role != user->role)
    return error_response(Error{ErrorCode::Conflict, "you cannot change your own role", "role"});
  if (auto applied = apply_input(deps, *context.principal, input, *user); !applied)
    return error_response(applied.error());
  if (auto saved = deps.store.users().update(*user); !saved) return error_response(saved.error());
  apply_configuration(deps, user->tenant_id);
  return json_response(200, user_json(*user));
}

ApiResponse remove_user(const ApiDeps& deps, RequestContext& context) {
  if (id_param(context, "id") == context.principal->user_id)
    return error_response(Error{ErrorCode::Conflict, "you cannot delete yourself", "id"});
  return remove_configuration(deps, context, "user", [&](store::TenantId tenant, std::int64_t id) {
    return deps.store.users().remove(tenant, id);
  });
}

}  // namespace

void add_user_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/users", true, "users.read", [deps](RequestContext& c) { return list_users(deps, c); }});
  router.add({"POST", "/api/v1/users", true, "users.write",
              [deps](RequestContext& c) { return create_user(deps, c); }});
  router.add({"GET", "/api/v1/users/{id}", true, "users.read", [deps](RequestContext& c) { return get_user(deps, c); }});
  router.add({"PUT", "/api/v1/users/{id}", true, "users.write",
              [deps](RequestContext& c) { return update_user(deps, c); }});
  router.add({"DELETE", "/api/v1/users/{id}", true, "users.write",
              [deps](RequestContext& c) { return remove_user(deps, c); }});
}

}  // namespace hotline::http
