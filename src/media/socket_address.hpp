// SocketAddress: an IPv4 or IPv6 UDP endpoint in the form the socket calls take, comparable
// without allocation so that the per-packet latching check is cheap.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <optional>
#include <string>

namespace hotline::media {

// Thread: a value; whoever holds it.
struct SocketAddress {
  sockaddr_storage storage{};
  socklen_t length = 0;  // 0: no address

  // Parses a numeric IPv4 or IPv6 address; nullopt for anything else (host names included).
  static std::optional<SocketAddress> from_ip(const std::string& ip, std::uint16_t port);

  bool empty() const { return length == 0; }
  int family() const { return storage.ss_family; }
  std::uint16_t port() const;
  void set_port(std::uint16_t port);
  // 0.0.0.0 or ::, which SDP uses to say "do not send to me" (RFC 2543 hold).
  bool is_unspecified() const;
  std::string to_string() const;

  sockaddr* data() { return reinterpret_cast<sockaddr*>(&storage); }
  const sockaddr* data() const { return reinterpret_cast<const sockaddr*>(&storage); }
};

// Same family, address and port.
bool operator==(const SocketAddress& a, const SocketAddress& b);

}  // namespace hotline::media
