#include "media/play_preparer.hpp"

#include <string>

#include "media/dsp/tone_generator.hpp"

namespace hotline::media {
namespace {

// A call-progress tone as a player item's source.
class GeneratedTone final : public audio::ToneSource {
 public:
  explicit GeneratedTone(dsp::ToneGenerator generator) : generator_(std::move(generator)) {}
  void fill(std::span<std::int16_t> out) override { generator_.generate(out); }

 private:
  dsp::ToneGenerator generator_;
};

std::optional<dsp::ToneKind> tone_kind(const std::string& name) {
  if (name == "dial") return dsp::ToneKind::Dial;
  if (name == "ringback") return dsp::ToneKind::Ringback;
  if (name == "busy") return dsp::ToneKind::Busy;
  if (name == "congestion") return dsp::ToneKind::Congestion;
  if (name == "beep") return dsp::ToneKind::Beep;
  return std::nullopt;
}

std::optional<dsp::ToneRegion> tone_region(const std::string& name) {
  if (name == "china" || name.empty()) return dsp::ToneRegion::China;
  if (name == "europe") return dsp::ToneRegion::Europe;
  if (name == "north_america") return dsp::ToneRegion::NorthAmerica;
  return std::nullopt;
}

// One cadence of the tone: on and off times added up (the beep: 200 ms).
std::int64_t cadence_ms(const dsp::ToneSpec& spec) {
  std::int64_t total = 0;
  for (auto ms : spec.cadence_ms) total += ms;
  return total > 0 ? total : 1000;
}

Result<audio::PlayItem> tone_item(const PlayItemSpec& item, const std::string& field) {
  auto kind = tone_kind(item.value);
  if (!kind) {
    return Error::invalid(field + ".value",
                          "unknown tone '" + item.value + "' (dial, ringback, busy, congestion or beep)");
  }
  auto region = tone_region(item.region);
  if (!region) return Error::invalid(field + ".region", "unknown tone region '" + item.region + "'");
  const dsp::ToneSpec& spec = dsp::call_progress_tone(*region, *kind);
  auto generator = dsp::ToneGenerator::create(spec);
  if (!generator) return generator.error();
  std::int64_t duration = item.duration_ms > 0 ? item.duration_ms : cadence_ms(spec);
  return audio::PlayItem::tone(std::make_unique<GeneratedTone>(std::move(*generator)), duration);
}

Result<audio::PlayItem> prepare_item(const PlayItemSpec& item, const std::string& field,
                                     audio::PromptCache& prompts, audio::TextToSpeech* speech) {
  using Kind = PlayItemSpec::Kind;
  switch (item.kind) {
    case Kind::Silence:
      if (item.duration_ms <= 0) return Error::invalid(field + ".duration_ms", "silence needs a duration");
      return audio::PlayItem::silence(item.duration_ms);
    case Kind::Tone:
      return tone_item(item, field);
    case Kind::File:
    case Kind::Speech: {
      std::string path = item.value;
      if (item.kind == Kind::Speech) {
        if (speech == nullptr) return Error::unavailable(field + ": no speech cache directory is configured");
        auto synthesized = speech->synthesize(item.value, item.language);
        if (!synthesized) {
          Error error = synthesized.error();
          error.message = field + ": " + error.message;
          return error;
        }
        path = *synthesized;
      }
      auto prompt = prompts.get(path);
      if (!prompt) return Error::invalid(field + ".value", prompt.error().message);
      return audio::PlayItem::prompt(*prompt);
    }
  }
  return Error::invalid(field + ".kind", "unknown item kind");
}

}  // namespace

Result<std::unique_ptr<audio::Player>> prepare_player(const PlaySpec& spec, audio::PromptCache& prompts,
                                                      audio::TextToSpeech* speech) {
  if (spec.items.empty()) return Error::invalid("items", "nothing to play");
  std::vector<audio::PlayItem> items;
  items.reserve(spec.items.size());
  for (std::size_t i = 0; i < spec.items.size(); ++i) {
    auto item = prepare_item(spec.items[i], "items[" + std::to_string(i) + "]", prompts, speech);
    if (!item) return item.error();
    items.push_back(std::move(*item));
  }
  audio::PlayOptions options;
  options.loops = spec.loops < 0 ? audio::PlayOptions::kLoopForever : spec.loops;
  options.interruptible = spec.interruptible;
  options.gain_db = spec.gain_db;
  return std::make_unique<audio::Player>(std::move(items), options);
}

PlayPreparer::PlayPreparer(std::filesystem::path speech_cache_dir, Ready ready, Failed failed)
    : ready_(std::move(ready)), failed_(std::move(failed)) {
  if (!speech_cache_dir.empty()) speech_.emplace(std::move(speech_cache_dir));
  thread_ = std::thread([this] { run(); });
}

PlayPreparer::~PlayPreparer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void PlayPreparer::submit(Job job) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void PlayPreparer::run() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping, and everything queued is done
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    if (!job.spec) {
      ready_(job, nullptr);
      continue;
    }
    auto player = prepare_player(*job.spec, prompts_, speech_ ? &*speech_ : nullptr);
    if (player)
      ready_(job, std::move(*player));
    else
      failed_(job, player.error());
  }
}

}  // namespace hotline::media
