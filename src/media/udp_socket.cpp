#include "media/udp_socket.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace hotline::media {

Result<UdpSocket> UdpSocket::bind(const SocketAddress& local) {
  UniqueFd fd(::socket(local.family(), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd.is_open()) return Error::unavailable(std::string("socket: ") + std::strerror(errno));
  int off = 0;
  setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &off, sizeof off);
  if (::bind(fd.get(), local.data(), local.length) != 0) {
    int error = errno;
    std::string message = "bind " + local.to_string() + ": " + std::strerror(error);
    return error == EADDRINUSE ? Error::conflict(message) : Error::unavailable(message);
  }
  return UdpSocket(std::move(fd));
}

}  // namespace hotline::media
