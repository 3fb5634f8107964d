// WriteQueue: the one writer thread and the write connection it owns. Writes are jobs; all jobs
// queued while the previous batch was committing form the next batch, committed as one
// transaction (group commit), each job inside its own savepoint so that one rejected job (a
// uniqueness conflict) does not undo the others. A job is therefore on disk within one commit of
// being queued, well under kMaxWriteDelayMs.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "common/result.hpp"
#include "store/sqlite_connection.hpp"

namespace hotline::store {

// Thread: post(), call(), flush(), stop() and healthy() from any thread; the connection and the
// jobs run on the writer thread only.
class WriteQueue {
 public:
  using Job = std::function<Status(SqliteConnection&)>;

  // `periodic` (the node heartbeat) runs every `periodic_interval_ms` and once more at stop().
  WriteQueue(std::unique_ptr<SqliteConnection> conn, Job periodic, int periodic_interval_ms);
  ~WriteQueue();
  WriteQueue(const WriteQueue&) = delete;
  WriteQueue& operator=(const WriteQueue&) = delete;

  // Queues a job and returns at once; a failure is logged and reflected in healthy().
  void post(Job job);
  // Queues a job and waits until its batch is committed; returns the job's or the commit's error.
  Status call(Job job);
  // Waits until everything queued before it is committed.
  void flush();
  // Drains the queue, runs the periodic job a last time and joins the thread. Idempotent.
  void stop();
  bool healthy() const { return healthy_.load(std::memory_order_relaxed); }

 private:
  struct Item {
    Job job;
    std::optional<std::promise<Status>> done;  // empty for post()
  };

  void run();
  void run_batch(std::vector<Item>& batch);
  std::vector<Status> execute(std::vector<Item>& batch);
  Status run_job(const Job& job);
  void record_health(const std::vector<Status>& results);

  std::unique_ptr<SqliteConnection> conn_;
  Job periodic_;
  std::chrono::milliseconds periodic_interval_;
  std::atomic<bool> healthy_{true};

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Item> queue_;  // guarded by mutex_
  bool stopping_ = false;   // guarded by mutex_
  std::thread thread_;
};

}  // namespace hotline::store
