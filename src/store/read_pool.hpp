// ReadPool: a fixed set of read-only connections lent to reader threads one at a time.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sqlite_connection.hpp"

namespace hotline::store {

// Thread: any thread; the pool is guarded by its mutex, a lent connection belongs to the borrower
// until the Lease is destroyed. Reads are not the hot path, so a mutex is enough.
class ReadPool {
 public:
  class Lease {
   public:
    Lease(ReadPool& pool, std::unique_ptr<SqliteConnection> conn) : pool_(&pool), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (conn_) pool_->give_back(std::move(conn_));
    }
    SqliteConnection& operator*() { return *conn_; }
    SqliteConnection* operator->() { return conn_.get(); }

   private:
    ReadPool* pool_;
    std::unique_ptr<SqliteConnection> conn_;
  };

  explicit ReadPool(std::vector<std::unique_ptr<SqliteConnection>> connections)
      : idle_(std::move(connections)) {}

  // Waits until a connection is free.
  Lease acquire();

 private:
  void give_back(std::unique_ptr<SqliteConnection> conn);

  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_;
};

}  // namespace hotline::store
