// Clock: wall time in Unix milliseconds, injectable so that timers and CDR durations are testable.
#pragma once

#include <chrono>
#include <cstdint>

namespace hotline {

using UnixMs = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual UnixMs now_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  UnixMs now_ms() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// Thread: the test that owns it.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(UnixMs start = 1'700'000'000'000) : now_(start) {}
  UnixMs now_ms() const override { return now_; }
  void advance_ms(UnixMs ms) { now_ += ms; }

 private:
  UnixMs now_;
};

}  // namespace hotline
