#include "store/read_pool.hpp"

namespace hotline::store {

ReadPool::Lease ReadPool::acquire() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [&] { return !idle_.empty(); });
  auto conn = std::move(idle_.back());
  idle_.pop_back();
  return Lease(*this, std::move(conn));
}

void ReadPool::give_back(std::unique_ptr<SqliteConnection> conn) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(conn));
  }
  available_.notify_one();
}

}  // namespace hotline::store
