#include "media/port_allocator.hpp"

namespace hotline::media {

PortAllocator::PortAllocator(const SocketAddress& bind_address, std::uint16_t port_min,
                             std::uint16_t port_max)
    : bind_address_(bind_address) {
  for (unsigned port = port_min + (port_min % 2); port + 1 <= port_max; port += 2) {
    free_.push_back(static_cast<std::uint16_t>(port));
  }
}

Result<BoundPortPair> PortAllocator::allocate() {
  std::size_t attempts = free_pairs();
  std::uint16_t rtp_port = 0;
  for (std::size_t i = 0; i < attempts && pop_free(rtp_port); ++i) {
    auto pair = bind_pair(rtp_port);
    if (pair.ok()) return pair;
    release(rtp_port);  // held by someone else now; it may be free when its turn comes again
    if (pair.error().code != ErrorCode::Conflict) return pair.error();
  }
  return Error::unavailable("no free RTP port pair on " + bind_address_.to_string());
}

void PortAllocator::release(std::uint16_t rtp_port) {
  std::lock_guard lock(mutex_);
  free_.push_back(rtp_port);
}

void PortAllocator::release(BoundPortPair&& pair) {
  pair.rtp.close();
  pair.rtcp.close();
  release(pair.rtp_port);
}

std::size_t PortAllocator::free_pairs() const {
  std::lock_guard lock(mutex_);
  return free_.size();
}

bool PortAllocator::pop_free(std::uint16_t& rtp_port) {
  std::lock_guard lock(mutex_);
  if (free_.empty()) return false;
  rtp_port = free_.front();
  free_.pop_front();
  return true;
}

Result<BoundPortPair> PortAllocator::bind_pair(std::uint16_t rtp_port) const {
  SocketAddress local = bind_address_;
  local.set_port(rtp_port);
  auto rtp = UdpSocket::bind(local);
  if (!rtp) return rtp.error();
  local.set_port(static_cast<std::uint16_t>(rtp_port + 1));
  auto rtcp = UdpSocket::bind(local);
  if (!rtcp) return rtcp.error();
  return BoundPortPair{rtp_port, std::move(*rtp), std::move(*rtcp)};
}

}  // namespace hotline::media
