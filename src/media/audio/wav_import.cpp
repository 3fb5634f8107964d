#include "media/audio/wav_import.hpp"

#include <fcntl.h>
#include <sndfile.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <random>
#include <string>

#include "media/audio/audio.hpp"
#include "media/audio/wav_file.hpp"

namespace hotline::media::audio {
namespace {

namespace fs = std::filesystem;

bool is_riff_wave(std::string_view bytes) {
  return bytes.size() >= 12 && bytes.substr(0, 4) == "RIFF" && bytes.substr(8, 4) == "WAVE";
}

Error disk_error(const fs::path& path, const char* what) {
  return Error::unavailable(std::string(what) + " " + path.string() + ": " + std::strerror(errno));
}

Status write_all(int fd, const void* data, std::size_t size, const fs::path& path) {
  const auto* bytes = static_cast<const std::uint8_t*>(data);
  while (size > 0) {
    ssize_t n = ::write(fd, bytes, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return disk_error(path, "cannot write");
    bytes += n;
    size -= static_cast<std::size_t>(n);
  }
  return ok_status();
}

Status sync_folder(const fs::path& folder) {
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return disk_error(folder, "cannot open");
  int synced = ::fsync(fd);
  ::close(fd);
  if (synced != 0) return disk_error(folder, "cannot sync");
  return ok_status();
}

Status write_file(const fs::path& path, std::span<const std::int16_t> samples) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return disk_error(path, "cannot create");
  auto header = wav_header(1, kSampleRate, static_cast<std::uint32_t>(samples.size_bytes()));
  Status status = write_all(fd, header.data(), header.size(), path);
  if (status) status = write_all(fd, samples.data(), samples.size_bytes(), path);
  if (status && ::fsync(fd) != 0) status = disk_error(path, "cannot sync");
  ::close(fd);
  return status;
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

Error bad_name(std::string_view name, const std::string& field, const std::string& why) {
  return Error::invalid(field, field + " '" + std::string(name) + "' " + why);
}

}  // namespace

Status check_audio_file_name(std::string_view name, const std::string& field) {
  if (name.empty() || name.size() > 100) return bad_name(name, field, "must have 1 to 100 characters");
  if (!std::all_of(name.begin(), name.end(), [](char c) { return is_name_char(c) || c == '.'; }) ||
      !is_name_char(name.front()) || name.front() == '-' || name.front() == '_')
    return bad_name(name, field,
                    "may hold only letters, digits, '_', '-' and '.', starting with a letter or digit");
  if (name.size() < 5 || name.substr(name.size() - 4) != ".wav")
    return bad_name(name, field, "must end in .wav");
  return ok_status();
}

Status check_music_class_name(std::string_view name, const std::string& field) {
  if (name.empty() || name.size() > 64) return bad_name(name, field, "must have 1 to 64 characters");
  if (!std::all_of(name.begin(), name.end(), is_name_char))
    return bad_name(name, field, "may hold only letters, digits, '_' and '-'");
  return ok_status();
}

Result<std::shared_ptr<const Prompt>> decode_wav_upload(std::string_view bytes) {
  if (!is_riff_wave(bytes)) return Error::invalid("body", "the body is not a RIFF/WAVE file");
  auto decoded = Prompt::decode(bytes, "body");
  if (!decoded) return Error::invalid("body", decoded.error().message);
  if (decoded.value()->samples().empty()) return Error::invalid("body", "the WAV file holds no audio");
  return decoded;
}

Status write_wav_atomically(const fs::path& target, std::span<const std::int16_t> samples) {
  if (samples.size_bytes() > kMaxWavDataBytes)
    return Error::invalid("body", "the audio is too long for a WAV file");
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  if (ec) return Error::unavailable("cannot create " + target.parent_path().string() + ": " + ec.message());
  fs::path temporary = target;
  temporary += ".tmp-" + std::to_string(std::random_device{}());
  if (auto written = write_file(temporary, samples); !written) {
    fs::remove(temporary, ec);
    return written;
  }
  if (::rename(temporary.c_str(), target.c_str()) != 0) {
    Error error = disk_error(target, "cannot rename onto");
    fs::remove(temporary, ec);
    return error;
  }
  return sync_folder(target.parent_path());
}

Result<std::int64_t> audio_duration_ms(const fs::path& path) {
  SF_INFO info{};
  SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
  if (file == nullptr)
    return Error::invalid(path.string(), "cannot read audio: " + std::string(sf_strerror(nullptr)));
  sf_close(file);
  if (info.samplerate <= 0) return Error::invalid(path.string(), "invalid sample rate");
  return static_cast<std::int64_t>(info.frames * 1000 / info.samplerate);
}

}  // namespace hotline::media::audio
