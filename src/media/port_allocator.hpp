// PortAllocator: RTP/RTCP port pairs (even RTP port, RTCP on the next odd one) from the configured
// range, bound on the media address. A port counts as allocated only once both sockets are bound,
// so ports other processes hold are skipped rather than shared.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>

#include "common/result.hpp"
#include "media/socket_address.hpp"
#include "media/udp_socket.hpp"

namespace hotline::media {

struct BoundPortPair {
  std::uint16_t rtp_port = 0;
  UdpSocket rtp;
  UdpSocket rtcp;
};

// Thread: allocate() on the core loop; release() from the worker that closed the sockets. The
// mutex guards only the free list, taken per relay, never per packet.
class PortAllocator {
 public:
  // Pairs whose RTP port is even and within [port_min, port_max - 1].
  PortAllocator(const SocketAddress& bind_address, std::uint16_t port_min, std::uint16_t port_max);

  // Unavailable when every free pair is in use (by us or by another process).
  Result<BoundPortPair> allocate();
  // Returns a pair whose sockets are closed. Released ports go to the back of the free list so a
  // port rests before reuse and stray packets of the previous call die out.
  void release(std::uint16_t rtp_port);
  // Closes the pair's sockets, then releases its port.
  void release(BoundPortPair&& pair);
  std::size_t free_pairs() const;

 private:
  Result<BoundPortPair> bind_pair(std::uint16_t rtp_port) const;
  bool pop_free(std::uint16_t& rtp_port);

  SocketAddress bind_address_;
  mutable std::mutex mutex_;
  std::deque<std::uint16_t> free_;  // guarded by mutex_
};

}  // namespace hotline::media
