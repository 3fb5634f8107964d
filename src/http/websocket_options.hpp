// The CTI WebSocket's limits and timeouts (HttpOptions::websocket), apart from the session so
// that the server's options need nothing else of it.
#pragma once

#include <chrono>
#include <cstddef>

namespace hotline::http {

struct WebSocketOptions {
  std::size_t max_frame_bytes = 64 * 1024;
  // A socket with this much unsent is a slow consumer: it is dropped.
  std::size_t max_queued_frames = 1024;
  std::size_t max_queued_bytes = 4 * 1024 * 1024;
  // No frame or pong for half of it: a ping; for all of it: the connection is dropped.
  std::chrono::milliseconds idle_timeout{60'000};
  std::chrono::milliseconds auth_check_interval{30'000};
  std::size_t max_waiting_commands = 32;  // more are answered 503
};

}  // namespace hotline::http
