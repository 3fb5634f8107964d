// MusicLibrary: the music-on-hold classes (PBX-4) a media engine can play. Each folder under the
// music directory is a class (its name is the folder's), whose WAV files play in name order;
// "default" is built in, a quiet melody, unless a folder of that name replaces it. Decoded once at
// start; the workers each run their own MohClass over the shared, immutable prompts.
//
// Thread: built before the workers start, then read-only.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "media/audio/prompt.hpp"

namespace hotline::media {

class MusicLibrary {
 public:
  using Files = std::vector<std::shared_ptr<const audio::Prompt>>;

  // Loads every class folder under `dir` (which may be empty or missing); a class whose files do
  // not decode is skipped with a warning naming the file.
  static MusicLibrary load(const std::filesystem::path& dir);

  const std::map<std::string, Files>& classes() const { return classes_; }

 private:
  std::map<std::string, Files> classes_;
};

// The built-in "default" class: a soft arpeggio over eight seconds.
std::shared_ptr<const audio::Prompt> default_music();

}  // namespace hotline::media
