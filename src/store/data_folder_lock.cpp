#include "store/data_folder_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace hotline::store {

Result<DataFolderLock> DataFolderLock::acquire(const std::filesystem::path& data_dir) {
  const auto path = data_dir / "hotline.lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Error::unavailable("cannot open " + path.string() + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int error = errno;
    ::close(fd);
    if (error == EWOULDBLOCK) return Error::conflict("a hotline server is running on " + data_dir.string());
    return Error::unavailable("cannot lock " + path.string() + ": " + std::strerror(error));
  }
  return DataFolderLock(fd);
}

DataFolderLock::~DataFolderLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace hotline::store
