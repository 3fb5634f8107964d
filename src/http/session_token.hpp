// Where a request carries its session token: `Authorization: Bearer <token>` (API clients) or the
// `hotline_session` cookie (the web app). The cookie is HttpOnly so scripts never see the token.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hotline::http {

inline constexpr std::string_view kSessionCookie = "hotline_session";

// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), else nullopt.
std::optional<std::string> bearer_token(std::string_view authorization);

// The value of cookie `name` in a Cookie header ("a=1; b=2"), else nullopt.
std::optional<std::string> cookie_value(std::string_view cookie_header, std::string_view name);

// The bearer token if an Authorization header is present (even a malformed one: it is not
// silently replaced by the cookie), else the session cookie.
std::optional<std::string> session_token(std::string_view authorization, std::string_view cookie_header);

// Set-Cookie values that start and end the browser session.
std::string session_cookie(std::string_view token);
std::string expired_session_cookie();

}  // namespace hotline::http
