// DataFolderLock: one process serves a data folder. `serve` holds an exclusive flock on
// DATA/hotline.lock for as long as it runs, and `restore`, which replaces the database file under
// it, takes the same lock, so it refuses while a server runs. The kernel drops the lock when the
// process ends, even killed, so a crash never leaves the folder locked.
//
// Thread: any; the lock belongs to the process.
#pragma once

#include <filesystem>

#include "common/result.hpp"

namespace hotline::store {

class DataFolderLock {
 public:
  // Conflict when another process holds it, Unavailable when the lock file cannot be opened.
  static Result<DataFolderLock> acquire(const std::filesystem::path& data_dir);

  DataFolderLock(DataFolderLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  DataFolderLock& operator=(DataFolderLock&&) = delete;
  DataFolderLock(const DataFolderLock&) = delete;
  ~DataFolderLock();

 private:
  explicit DataFolderLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace hotline::store
