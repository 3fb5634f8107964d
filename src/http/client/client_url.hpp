// ClientUrl: an http:// or https:// URL taken apart for a request: scheme, host, port and the
// request target (path and query, the fragment dropped). No user info, no other schemes.
#pragma once

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace hotline::http_client {

struct ClientUrl {
  bool tls = false;
  std::string host;    // without brackets for an IPv6 literal
  std::string port;    // "80" / "443" unless given
  std::string target;  // "/" at least
  bool default_port = true;

  // The Host header: the host, and the port when it is not the scheme's default.
  std::string host_header() const;
};

// InvalidArgument (field "url") naming what is wrong.
Result<ClientUrl> parse_client_url(std::string_view url);

}  // namespace hotline::http_client
