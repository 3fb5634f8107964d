#include "media/audio/wav_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>

namespace hotline::media::audio {
namespace {

static_assert(std::endian::native == std::endian::little, "WAV headers are written as native integers");

void put_u16(std::uint8_t* at, std::uint16_t v) { std::memcpy(at, &v, sizeof v); }
void put_u32(std::uint8_t* at, std::uint32_t v) { std::memcpy(at, &v, sizeof v); }
std::uint16_t get_u16(const std::uint8_t* at) {
  std::uint16_t v;
  std::memcpy(&v, at, sizeof v);
  return v;
}
std::uint32_t get_u32(const std::uint8_t* at) {
  std::uint32_t v;
  std::memcpy(&v, at, sizeof v);
  return v;
}

// Closes the descriptor when recover_wav returns.
struct FdGuard {
  int fd;
  ~FdGuard() {
    if (fd >= 0) ::close(fd);
  }
};

struct WavLayout {
  std::uint64_t data_offset = 0;  // first sample byte
  std::uint32_t riff_size = 0;    // as found in the header
  std::uint32_t data_size = 0;    // as found in the header
  std::uint16_t block_align = 0;
  std::uint32_t sample_rate = 0;
};

bool read_at(int fd, std::uint8_t* out, std::size_t bytes, std::uint64_t offset) {
  return ::pread(fd, out, bytes, static_cast<off_t>(offset)) == static_cast<ssize_t>(bytes);
}

Error bad_wav(const std::string& path, const std::string& what) {
  return Error::invalid(path, "cannot recover " + path + ": " + what);
}

// Walks the chunks up to the data chunk, reading the format on the way.
Result<WavLayout> read_layout(const std::string& path, int fd, std::uint64_t file_bytes) {
  std::uint8_t riff[12];
  if (!read_at(fd, riff, sizeof riff, 0) || std::memcmp(riff, "RIFF", 4) != 0 ||
      std::memcmp(riff + 8, "WAVE", 4) != 0) {
    return bad_wav(path, "no RIFF/WAVE header");
  }
  WavLayout layout;
  layout.riff_size = get_u32(riff + 4);
  for (std::uint64_t offset = 12; offset + 8 <= file_bytes;) {
    std::uint8_t chunk[8];
    if (!read_at(fd, chunk, sizeof chunk, offset)) break;
    const std::uint32_t size = get_u32(chunk + 4);
    if (std::memcmp(chunk, "fmt ", 4) == 0) {
      std::uint8_t fmt[16];
      if (size < sizeof fmt || !read_at(fd, fmt, sizeof fmt, offset + 8))
        return bad_wav(path, "short fmt chunk");
      layout.sample_rate = get_u32(fmt + 4);
      layout.block_align = get_u16(fmt + 12);
    } else if (std::memcmp(chunk, "data", 4) == 0) {
      if (layout.block_align == 0 || layout.sample_rate == 0)
        return bad_wav(path, "no valid fmt chunk before data");
      layout.data_offset = offset + 8;
      layout.data_size = size;
      return layout;
    }
    offset += 8 + size + (size & 1u);
  }
  return bad_wav(path, "no data chunk");
}

}  // namespace

std::array<std::uint8_t, kWavHeaderBytes> wav_header(int channels, int sample_rate,
                                                     std::uint32_t data_bytes) {
  const auto block_align = static_cast<std::uint16_t>(channels * 2);
  std::array<std::uint8_t, kWavHeaderBytes> h{};
  std::memcpy(&h[0], "RIFF", 4);
  put_u32(&h[4], static_cast<std::uint32_t>(kWavHeaderBytes - 8 + data_bytes));
  std::memcpy(&h[8], "WAVEfmt ", 8);
  put_u32(&h[16], 16);  // fmt chunk size
  put_u16(&h[20], 1);   // PCM
  put_u16(&h[22], static_cast<std::uint16_t>(channels));
  put_u32(&h[24], static_cast<std::uint32_t>(sample_rate));
  put_u32(&h[28], static_cast<std::uint32_t>(sample_rate) * block_align);
  put_u16(&h[32], block_align);
  put_u16(&h[34], 16);  // bits per sample
  std::memcpy(&h[36], "data", 4);
  put_u32(&h[40], data_bytes);
  return h;
}

Result<RecoveredWav> recover_wav(const std::string& path) {
  FdGuard file{::open(path.c_str(), O_RDWR | O_CLOEXEC)};
  if (file.fd < 0) {
    const ErrorCode code = errno == ENOENT ? ErrorCode::NotFound : ErrorCode::Unavailable;
    return Error{code, "cannot open " + path + ": " + std::strerror(errno), path};
  }
  struct stat st {};
  if (::fstat(file.fd, &st) != 0) return Error{ErrorCode::Unavailable, "cannot stat " + path, path};
  const auto file_bytes = static_cast<std::uint64_t>(st.st_size);
  auto layout = read_layout(path, file.fd, file_bytes);
  if (!layout) return layout.error();

  RecoveredWav result;
  const std::uint64_t on_disk = file_bytes > layout->data_offset ? file_bytes - layout->data_offset : 0;
  const std::uint64_t partial_frame = on_disk % layout->block_align;
  const std::uint64_t data =
      std::min(on_disk - partial_frame, kMaxWavDataBytes - (layout->data_offset - kWavHeaderBytes));
  result.data_bytes = data;
  result.duration_ms = static_cast<std::int64_t>(data / layout->block_align * 1000 / layout->sample_rate);
  // A file whose sizes add up (including one with chunks after the data) is already complete.
  if (static_cast<std::uint64_t>(layout->riff_size) + 8 == file_bytes) {
    result.data_bytes = layout->data_size;
    result.duration_ms =
        static_cast<std::int64_t>(layout->data_size / layout->block_align * 1000 / layout->sample_rate);
    return result;
  }
  std::uint8_t riff_size[4], data_size[4];
  put_u32(riff_size, static_cast<std::uint32_t>(layout->data_offset + data - 8));
  put_u32(data_size, static_cast<std::uint32_t>(data));
  if ((partial_frame > 0 && ::ftruncate(file.fd, static_cast<off_t>(file_bytes - partial_frame)) != 0) ||
      ::pwrite(file.fd, riff_size, 4, 4) != 4 ||
      ::pwrite(file.fd, data_size, 4, static_cast<off_t>(layout->data_offset - 4)) != 4) {
    return Error{ErrorCode::Unavailable, "cannot repair " + path + ": " + std::strerror(errno), path};
  }
  result.repaired = true;
  return result;
}

}  // namespace hotline::media::audio
