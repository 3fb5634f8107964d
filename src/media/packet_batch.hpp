// PacketBatch: the pre-allocated message arrays and buffers one worker uses for recvmmsg and
// sendmmsg, so the per-packet path neither allocates nor copies (a packet is sent from the buffer
// it was received into).
#pragma once

#include <sys/socket.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "media/socket_address.hpp"

namespace hotline::media {

// Thread: the owning worker only.
class PacketBatch {
 public:
  static constexpr int kMaxPackets = 32;
  static constexpr std::size_t kMaxPacketBytes = 2048;  // larger datagrams are dropped

  struct Sent {
    std::uint64_t packets = 0;
    std::uint64_t bytes = 0;
  };

  PacketBatch();
  PacketBatch(const PacketBatch&) = delete;
  PacketBatch& operator=(const PacketBatch&) = delete;

  // Reads up to kMaxPackets datagrams without blocking; returns how many (0 when none or error).
  int receive(int fd);
  const SocketAddress& source(int i) const { return sources_[i]; }
  std::size_t length(int i) const { return received_[i].msg_len; }
  std::span<const std::uint8_t> data(int i) const {
    return {reinterpret_cast<const std::uint8_t*>(buffers_.data()) +
                static_cast<std::size_t>(i) * kMaxPacketBytes,
            length(i)};
  }
  bool truncated(int i) const { return (received_[i].msg_hdr.msg_flags & MSG_TRUNC) != 0; }

  // Marks received datagram i to be sent by the next send_selected().
  void select(int i) { selected_[selected_count_++] = i; }
  // Sends the selected datagrams to `to`, dropping what the socket will not take now; clears the
  // selection.
  Sent send_selected(int fd, const SocketAddress& to);

 private:
  std::vector<char> buffers_;
  std::array<iovec, kMaxPackets> receive_iov_{};
  std::array<mmsghdr, kMaxPackets> received_{};
  std::array<SocketAddress, kMaxPackets> sources_{};
  std::array<int, kMaxPackets> selected_{};
  int selected_count_ = 0;
  std::array<iovec, kMaxPackets> send_iov_{};
  std::array<mmsghdr, kMaxPackets> send_{};
};

}  // namespace hotline::media
