// MohClass: a tenant's music on hold (PBX-4), a list of files played in order forever. There is one
// position per class, not per held leg: the worker advances it once per 20 ms tick and every held
// leg sends the same frame, so a thousand held calls cost one frame of work, and callers hear the
// music as a radio rather than from the start each time they are held.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "media/audio/audio.hpp"
#include "media/audio/prompt.hpp"

namespace hotline::media::audio {

class PromptCache;

// Thread: the media worker that ticks it. A worker runs its own instance per class it serves; the
// instances share the decoded prompts, which are immutable.
class MohClass {
 public:
  // InvalidArgument naming "files" when the list is empty or every file is empty.
  static Result<std::unique_ptr<MohClass>> create(std::string name,
                                                  std::vector<std::shared_ptr<const Prompt>> files);
  // Decodes (or finds in `cache`) every file; the first failure names its path. Prepare time only.
  static Result<std::unique_ptr<MohClass>> load(std::string name, const std::vector<std::string>& paths,
                                                PromptCache& cache);

  // Moves to the next 20 ms of music; call once per tick before the legs read current_frame().
  // Crosses file boundaries within a frame, so the music has no gaps. No allocation or lock.
  void advance();
  // The frame every listener sends this tick (silence before the first advance()).
  std::span<const std::int16_t> current_frame() const { return frame_; }

  const std::string& name() const { return name_; }
  std::size_t file_index() const { return file_; }
  std::uint64_t ticks() const { return ticks_; }

 private:
  MohClass(std::string name, std::vector<std::shared_ptr<const Prompt>> files)
      : name_(std::move(name)), files_(std::move(files)) {}

  std::string name_;
  std::vector<std::shared_ptr<const Prompt>> files_;
  std::size_t file_ = 0;
  std::size_t position_ = 0;  // samples into files_[file_]
  std::uint64_t ticks_ = 0;
  std::array<std::int16_t, kFrameSamples> frame_{};
};

}  // namespace hotline::media::audio
