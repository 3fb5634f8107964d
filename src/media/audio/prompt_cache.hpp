// PromptCache: decoded prompts keyed by file path, so a prompt file is decoded once however many
// flows, queues and music-on-hold classes play it. An entry is reused while the file's modification
// time and size are unchanged; an uploaded replacement is decoded again on the next get().
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/result.hpp"
#include "media/audio/prompt.hpp"

namespace hotline::media::audio {

// Thread: any; a mutex guards the map. Called at prepare time, never per frame.
class PromptCache {
 public:
  // The cached prompt for `path`, or Prompt::load's error. Decoding happens outside the lock, so a
  // slow file does not hold up other lookups (two threads racing on a new file both decode it).
  Result<std::shared_ptr<const Prompt>> get(const std::string& path);

  // Drops the entry (a deleted prompt); players already holding it keep their copy.
  void evict(const std::string& path);

  std::size_t size() const;
  std::uint64_t hits() const;
  std::uint64_t misses() const;

 private:
  struct FileStamp {
    std::int64_t mtime_ns = 0;
    std::uintmax_t size_bytes = 0;
    bool operator==(const FileStamp&) const = default;
  };
  struct Entry {
    FileStamp stamp;
    std::shared_ptr<const Prompt> prompt;
  };
  static Result<FileStamp> stamp_of(const std::string& path);

  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
};

}  // namespace hotline::media::audio
