// MusicLibrary: the music-on-hold classes (PBX-4) a media engine can play. Each folder under the
// music directory is a class (its name is the folder's), whose WAV files play in name order;
// "default" is built in, a quiet melody, unless a folder of that name replaces it. A folder named by
// a tenant id holds that tenant's own classes: DATA/moh/<tenant id>/<class> is the class
// "<tenant id>/<class>", which the tenant's calls hear before a shared class of the same name
// (tenant_music_class). Decoded at start; a class changed through the API is decoded again
// (load_class) and swapped into the running workers (MediaEngine::reload_music). The workers each
// run their own MohClass over the shared, immutable prompts.
//
// Thread: built before the workers start, then read-only; load_class runs on any thread but the
// media workers (it decodes files).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "media/audio/prompt.hpp"
#include "media/media.hpp"

namespace hotline::media {

class MusicLibrary {
 public:
  using Files = std::vector<std::shared_ptr<const audio::Prompt>>;

  // Loads every class folder under `dir` (which may be empty or missing); a class whose files do
  // not decode is skipped with a warning naming the file.
  static MusicLibrary load(const std::filesystem::path& dir);

  // The WAV files of one class folder, decoded, in name order; empty when there are none.
  static Files load_class(const std::filesystem::path& folder);

  const std::map<std::string, Files>& classes() const { return classes_; }

 private:
  std::map<std::string, Files> classes_;
};

// The class in `classes` that plays for `requested` (tenant_music_class, media.hpp): the tenant's
// own class, else the shared class of that name, else "default"; nullptr when not even
// "default" is there.
template <typename Map>
auto resolve_music_class(const Map& classes, const std::string& requested) -> decltype(&*classes.begin()) {
  auto found = classes.find(requested);
  if (found == classes.end() && requested.find('/') != std::string::npos)
    found = classes.find(requested.substr(requested.find('/') + 1));
  if (found == classes.end()) found = classes.find("default");
  return found == classes.end() ? nullptr : &*found;
}

// Whether a folder under DATA/moh holds a tenant's classes (its name is a tenant id).
bool is_tenant_folder(const std::string& name);

// The built-in "default" class: a soft arpeggio over eight seconds.
std::shared_ptr<const audio::Prompt> default_music();

}  // namespace hotline::media
