#include "media/packet_batch.hpp"

#include <cerrno>

namespace hotline::media {

PacketBatch::PacketBatch() : buffers_(kMaxPackets * kMaxPacketBytes) {
  for (int i = 0; i < kMaxPackets; ++i) {
    receive_iov_[i] = {buffers_.data() + i * kMaxPacketBytes, kMaxPacketBytes};
    received_[i].msg_hdr.msg_iov = &receive_iov_[i];
    received_[i].msg_hdr.msg_iovlen = 1;
    received_[i].msg_hdr.msg_name = sources_[i].data();
    send_[i].msg_hdr.msg_iov = &send_iov_[i];
    send_[i].msg_hdr.msg_iovlen = 1;
  }
}

int PacketBatch::receive(int fd) {
  for (auto& message : received_) message.msg_hdr.msg_namelen = sizeof(sockaddr_storage);
  int count = 0;
  do {
    count = recvmmsg(fd, received_.data(), kMaxPackets, MSG_DONTWAIT, nullptr);
  } while (count < 0 && errno == EINTR);
  for (int i = 0; i < count; ++i) sources_[i].length = received_[i].msg_hdr.msg_namelen;
  return count < 0 ? 0 : count;
}

PacketBatch::Sent PacketBatch::send_selected(int fd, const SocketAddress& to) {
  for (int k = 0; k < selected_count_; ++k) {
    int i = selected_[k];
    send_iov_[k] = {receive_iov_[i].iov_base, received_[i].msg_len};
    send_[k].msg_hdr.msg_name = const_cast<sockaddr*>(to.data());
    send_[k].msg_hdr.msg_namelen = to.length;
  }
  Sent sent;
  while (sent.packets < static_cast<std::uint64_t>(selected_count_)) {
    int count = sendmmsg(fd, send_.data() + sent.packets, selected_count_ - sent.packets, MSG_DONTWAIT);
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) break;  // socket buffer full or peer unreachable: the rest is dropped, as UDP would
    for (int k = 0; k < count; ++k) sent.bytes += send_iov_[sent.packets + k].iov_len;
    sent.packets += count;
  }
  selected_count_ = 0;
  return sent;
}

}  // namespace hotline::media
