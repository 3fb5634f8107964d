#include "media/audio/moh_class.hpp"

#include <algorithm>

#include "media/audio/prompt_cache.hpp"

namespace hotline::media::audio {

Result<std::unique_ptr<MohClass>> MohClass::create(std::string name,
                                                   std::vector<std::shared_ptr<const Prompt>> files) {
  const bool has_audio = std::any_of(files.begin(), files.end(),
                                     [](const auto& file) { return file && !file->samples().empty(); });
  if (!has_audio) return Error::invalid("files", "music-on-hold class '" + name + "' has no audio");
  // Empty entries are dropped so that advance() never has to skip them.
  std::erase_if(files, [](const auto& file) { return !file || file->samples().empty(); });
  return std::unique_ptr<MohClass>(new MohClass(std::move(name), std::move(files)));
}

Result<std::unique_ptr<MohClass>> MohClass::load(std::string name, const std::vector<std::string>& paths,
                                                 PromptCache& cache) {
  std::vector<std::shared_ptr<const Prompt>> files;
  files.reserve(paths.size());
  for (const auto& path : paths) {
    auto prompt = cache.get(path);
    if (!prompt) return prompt.error();
    files.push_back(std::move(*prompt));
  }
  return create(std::move(name), std::move(files));
}

void MohClass::advance() {
  std::size_t written = 0;
  while (written < frame_.size()) {
    auto samples = files_[file_]->samples();
    const std::size_t n = std::min(samples.size() - position_, frame_.size() - written);
    std::copy_n(samples.begin() + static_cast<std::ptrdiff_t>(position_), n,
                frame_.begin() + static_cast<std::ptrdiff_t>(written));
    written += n;
    position_ += n;
    if (position_ == samples.size()) {
      position_ = 0;
      file_ = (file_ + 1) % files_.size();
    }
  }
  ++ticks_;
}

}  // namespace hotline::media::audio
