// SpscRing: a fixed-capacity single-producer single-consumer ring of samples, the hand-over between
// a media worker (producer) and the recorder's I/O thread (consumer) with no lock on either side.
#pragma once

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstddef>
#include <span>
#include <utility>
#include <vector>

namespace hotline::media::audio {

// Thread: push() from one producer thread; readable()/consume() from one consumer thread at a time.
template <typename T>
class SpscRing {
 public:
  // Capacity is `min_capacity` rounded up to a power of two; allocated here, never again.
  explicit SpscRing(std::size_t min_capacity)
      : buffer_(std::bit_ceil(std::max<std::size_t>(min_capacity, 2))), mask_(buffer_.size() - 1) {}

  std::size_t capacity() const { return buffer_.size(); }
  // Approximate when called while the other side runs.
  std::size_t size() const {
    return head_.load(std::memory_order_acquire) - tail_.load(std::memory_order_acquire);
  }

  // Producer: appends all of `items`, or nothing (returns false) when they do not fit.
  bool push(std::span<const T> items) {
    const std::size_t head = head_.load(std::memory_order_relaxed);
    const std::size_t tail = tail_.load(std::memory_order_acquire);
    if (buffer_.size() - (head - tail) < items.size()) return false;
    const std::size_t start = head & mask_;
    const std::size_t first = std::min(items.size(), buffer_.size() - start);
    std::copy_n(items.begin(), first, buffer_.begin() + static_cast<std::ptrdiff_t>(start));
    std::copy(items.begin() + static_cast<std::ptrdiff_t>(first), items.end(), buffer_.begin());
    head_.store(head + items.size(), std::memory_order_release);
    return true;
  }

  // Consumer: everything pushed so far, as up to two contiguous spans (the ring may wrap).
  std::pair<std::span<const T>, std::span<const T>> readable() const {
    const std::size_t tail = tail_.load(std::memory_order_relaxed);
    const std::size_t count = head_.load(std::memory_order_acquire) - tail;
    const std::size_t start = tail & mask_;
    const std::size_t first = std::min(count, buffer_.size() - start);
    std::span<const T> all(buffer_);
    return {all.subspan(start, first), all.first(count - first)};
  }

  // Consumer: releases the first `count` readable items to the producer.
  void consume(std::size_t count) {
    tail_.store(tail_.load(std::memory_order_relaxed) + count, std::memory_order_release);
  }

 private:
  std::vector<T> buffer_;
  const std::size_t mask_;
  alignas(64) std::atomic<std::size_t> head_{0};  // written by the producer only
  alignas(64) std::atomic<std::size_t> tail_{0};  // written by the consumer only
};

}  // namespace hotline::media::audio
