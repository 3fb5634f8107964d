#include "media/audio/prompt_cache.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace hotline::media::audio {

Result<PromptCache::FileStamp> PromptCache::stamp_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Error{ErrorCode::NotFound, "prompt file not found: " + path, path};
    return Error{ErrorCode::Unavailable, "cannot stat prompt " + path + ": " + std::strerror(errno), path};
  }
  return FileStamp{static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec,
                   static_cast<std::uintmax_t>(st.st_size)};
}

Result<std::shared_ptr<const Prompt>> PromptCache::get(const std::string& path) {
  auto stamp = stamp_of(path);
  if (!stamp) return stamp.error();
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(path);
    if (it != entries_.end() && it->second.stamp == *stamp) {
      ++hits_;
      return it->second.prompt;
    }
    ++misses_;
  }
  auto prompt = Prompt::load(path);
  if (!prompt) return prompt.error();
  std::lock_guard lock(mutex_);
  entries_[path] = Entry{*stamp, *prompt};
  return *prompt;
}

void PromptCache::evict(const std::string& path) {
  std::lock_guard lock(mutex_);
  entries_.erase(path);
}

std::size_t PromptCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

std::uint64_t PromptCache::hits() const {
  std::lock_guard lock(mutex_);
  return hits_;
}

std::uint64_t PromptCache::misses() const {
  std::lock_guard lock(mutex_);
  return misses_;
}

}  // namespace hotline::media::audio
