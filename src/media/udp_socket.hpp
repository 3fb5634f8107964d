// UdpSocket: an owned, non-blocking UDP socket bound to a local address.
#pragma once

#include "common/result.hpp"
#include "media/socket_address.hpp"
#include "media/unique_fd.hpp"

namespace hotline::media {

// Thread: whoever owns it. A relay's sockets are bound on the core loop and then moved, with
// their relay, to the worker that does all their I/O and closes them.
class UdpSocket {
 public:
  UdpSocket() = default;

  // Binds a non-blocking socket without SO_REUSEADDR, so a port another process holds is refused:
  // Conflict when the address is in use, Unavailable for any other failure.
  static Result<UdpSocket> bind(const SocketAddress& local);

  int fd() const { return fd_.get(); }
  bool is_open() const { return fd_.is_open(); }
  void close() { fd_.reset(); }

 private:
  explicit UdpSocket(UniqueFd fd) : fd_(std::move(fd)) {}

  UniqueFd fd_;
};

}  // namespace hotline::media
