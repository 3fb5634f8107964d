#include "http/client/client_url.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace hotline::http_client {
namespace {

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(),
                    [](char lower, char c) { return std::tolower(static_cast<unsigned char>(c)) == lower; });
}

Error bad(std::string message) { return Error::invalid("url", std::move(message)); }

// host, [v6], host:port or [v6]:port.
Status split_authority(std::string_view authority, ClientUrl& url) {
  std::string_view port;
  if (authority.starts_with('[')) {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return bad("unclosed '[' in the host");
    url.host = authority.substr(1, close - 1);
    auto rest = authority.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) return bad("unexpected text after the IPv6 address");
    if (!rest.empty()) port = rest.substr(1);
  } else {
    auto colon = authority.rfind(':');
    url.host = authority.substr(0, colon);
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (url.host.empty()) return bad("no host");
  if (port.empty()) return ok_status();
  int value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc{} || end != port.data() + port.size() || value < 1 || value > 65535)
    return bad("port '" + std::string(port) + "' is not 1-65535");
  url.port = std::to_string(value);
  url.default_port = false;
  return ok_status();
}

}  // namespace

std::string ClientUrl::host_header() const {
  std::string name = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return default_port ? name : name + ":" + port;
}

Result<ClientUrl> parse_client_url(std::string_view text) {
  ClientUrl url;
  if (starts_with_nocase(text, "http://")) {
    text.remove_prefix(7);
  } else if (starts_with_nocase(text, "https://")) {
    text.remove_prefix(8);
    url.tls = true;
  } else {
    return bad("must start with http:// or https://");
  }
  if (std::any_of(text.begin(), text.end(), [](unsigned char c) { return c <= ' ' || c == 0x7f; }))
    return bad("contains a space or control character");
  auto authority_end = text.find_first_of("/?#");
  std::string_view authority = text.substr(0, authority_end);
  if (authority.find('@') != std::string_view::npos) return bad("user info (user@host) is not allowed");
  url.port = url.tls ? "443" : "80";
  if (auto split = split_authority(authority, url); !split) return split.error();
  std::string_view target = authority_end == std::string_view::npos ? "" : text.substr(authority_end);
  target = target.substr(0, target.find('#'));
  url.target = target.empty() || target.front() != '/' ? "/" + std::string(target) : std::string(target);
  return url;
}

}  // namespace hotline::http_client
