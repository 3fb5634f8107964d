// What the audit log may keep of a request or response body: secrets never go in. Every JSON field
// named password, new_password, current_password, token, secret or sip_password, at any depth, is
// replaced by "[redacted]".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hotline::app {

bool is_secret_field(std::string_view name);

// The JSON `text` with its secrets redacted, re-serialized; nullopt when `text` is not JSON (or
// is empty), since the audit stores JSON only.
std::optional<std::string> redact_secrets(std::string_view text);

}  // namespace hotline::app
