// FixedRing<T, N>: a bounded FIFO in place, for handing results (digits) from the per-frame path
// to its caller without allocating. When full, push drops the new item and counts it.
// Thread: whichever thread owns the containing object.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace hotline::media::dsp {

template <typename T, std::size_t N>
class FixedRing {
 public:
  bool push(const T& item) {
    if (size_ == N) {
      ++dropped_;
      return false;
    }
    items_[(head_ + size_) % N] = item;
    ++size_;
    return true;
  }

  bool pop(T& out) {
    if (size_ == 0) return false;
    out = items_[head_];
    head_ = (head_ + 1) % N;
    --size_;
    return true;
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::uint64_t dropped() const { return dropped_; }
  void clear() { head_ = size_ = 0; }

 private:
  std::array<T, N> items_{};
  std::size_t head_ = 0;
  std::size_t size_ = 0;
  std::uint64_t dropped_ = 0;
};

}  // namespace hotline::media::dsp
