// MusicCatalog: the music-on-hold classes as the administration console manages them (PBX-4). A
// tenant's own classes are the folders DATA/moh/<tenant id>/<class> of 8 kHz mono WAV files; the
// other folders under DATA/moh are shared by every tenant and read-only here, and "default" is
// built in. The layout is MusicLibrary's: what is listed here is what the engine plays.
//
// Thread: any (files only; a file is replaced atomically). The caller asks the engine to reload a
// class it changed (LiveState::reload_music).
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"

namespace hotline::media {

struct MusicFileInfo {
  std::string name;
  std::int64_t duration_ms = 0;
  std::uintmax_t size_bytes = 0;
  UnixMs modified_at = 0;
};

struct MusicClassInfo {
  std::string name;
  bool shared = false;  // a folder every tenant hears, or the built-in "default"
  std::vector<MusicFileInfo> files;
};

class MusicCatalog {
 public:
  explicit MusicCatalog(std::filesystem::path music_dir);

  // The tenant's classes by name, then the shared ones ("default" among them).
  std::vector<MusicClassInfo> list(std::int64_t tenant) const;
  // Stores 8 kHz mono samples as `file` of the tenant's class `music_class` (created if new);
  // InvalidArgument naming "class" or "file" for a bad name.
  Result<MusicFileInfo> save(std::int64_t tenant, std::string_view music_class, std::string_view file,
                             std::span<const std::int16_t> samples) const;
  // NotFound for a file or class the tenant does not have.
  Result<std::filesystem::path> file(std::int64_t tenant, std::string_view music_class,
                                     std::string_view file) const;
  Status remove_file(std::int64_t tenant, std::string_view music_class, std::string_view file) const;
  // Only an empty class: Conflict while it has files.
  Status remove_class(std::int64_t tenant, std::string_view music_class) const;

 private:
  std::filesystem::path class_dir(std::int64_t tenant, std::string_view music_class) const;

  std::filesystem::path music_dir_;
};

}  // namespace hotline::media
