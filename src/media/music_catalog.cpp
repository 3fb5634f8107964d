#include "media/music_catalog.hpp"

#include <algorithm>
#include <chrono>
#include <system_error>

#include "media/audio/wav_import.hpp"
#include "media/music_library.hpp"

namespace hotline::media {
namespace {

namespace fs = std::filesystem;

UnixMs modified_ms(const fs::path& path) {
  std::error_code ec;
  auto written = fs::last_write_time(path, ec);
  if (ec) return 0;
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::file_clock::to_sys(written).time_since_epoch())
      .count();
}

bool is_wav(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".wav";
}

MusicFileInfo describe(const fs::path& path) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  auto duration = audio::audio_duration_ms(path);
  return {path.filename().string(), duration ? *duration : 0, ec ? 0 : size, modified_ms(path)};
}

MusicClassInfo describe_class(const fs::path& folder, bool shared) {
  MusicClassInfo info{folder.filename().string(), shared, {}};
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    if (entry.is_regular_file() && is_wav(entry.path())) info.files.push_back(describe(entry.path()));
  }
  std::sort(info.files.begin(), info.files.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return info;
}

std::vector<MusicClassInfo> classes_in(const fs::path& dir, bool shared) {
  std::vector<MusicClassInfo> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_directory() || (shared && is_tenant_folder(entry.path().filename().string()))) continue;
    out.push_back(describe_class(entry.path(), shared));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

}  // namespace

MusicCatalog::MusicCatalog(fs::path music_dir) : music_dir_(std::move(music_dir)) {}

fs::path MusicCatalog::class_dir(std::int64_t tenant, std::string_view music_class) const {
  return music_dir_ / std::to_string(tenant) / std::string(music_class);
}

std::vector<MusicClassInfo> MusicCatalog::list(std::int64_t tenant) const {
  auto out = classes_in(music_dir_ / std::to_string(tenant), false);
  auto shared = classes_in(music_dir_, true);
  bool default_replaced =
      std::any_of(shared.begin(), shared.end(), [](const auto& c) { return c.name == "default"; });
  if (!default_replaced) {
    auto builtin = default_music();
    shared.push_back({"default", true, {{"built-in", builtin->duration_ms(), 0, 0}}});
    std::sort(shared.begin(), shared.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  }
  out.insert(out.end(), shared.begin(), shared.end());
  return out;
}

Result<MusicFileInfo> MusicCatalog::save(std::int64_t tenant, std::string_view music_class,
                                         std::string_view file, std::span<const std::int16_t> samples) const {
  if (auto valid = audio::check_music_class_name(music_class, "class"); !valid) return valid.error();
  if (auto valid = audio::check_audio_file_name(file, "file"); !valid) return valid.error();
  fs::path path = class_dir(tenant, music_class) / std::string(file);
  if (auto written = audio::write_wav_atomically(path, samples); !written) return written.error();
  return describe(path);
}

Result<fs::path> MusicCatalog::file(std::int64_t tenant, std::string_view music_class,
                                    std::string_view file) const {
  auto not_found = Error::not_found("no music file " + std::string(music_class) + "/" + std::string(file));
  if (!audio::check_music_class_name(music_class, "class") || !audio::check_audio_file_name(file, "file"))
    return not_found;
  fs::path path = class_dir(tenant, music_class) / std::string(file);
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return not_found;
  return path;
}

Status MusicCatalog::remove_file(std::int64_t tenant, std::string_view music_class,
                                 std::string_view file) const {
  auto path = this->file(tenant, music_class, file);
  if (!path) return path.error();
  std::error_code ec;
  if (!fs::remove(*path, ec) && ec)
    return Error::unavailable("cannot delete " + path->string() + ": " + ec.message());
  return ok_status();
}

Status MusicCatalog::remove_class(std::int64_t tenant, std::string_view music_class) const {
  std::error_code ec;
  fs::path folder = class_dir(tenant, music_class);
  if (!audio::check_music_class_name(music_class, "class") || !fs::is_directory(folder, ec))
    return Error::not_found("no music class " + std::string(music_class));
  if (!fs::is_empty(folder, ec))
    return Error{ErrorCode::Conflict, "music class " + std::string(music_class) + " still has files",
                 "class"};
  if (!fs::remove(folder, ec) && ec)
    return Error::unavailable("cannot delete " + folder.string() + ": " + ec.message());
  return ok_status();
}

}  // namespace hotline::media
