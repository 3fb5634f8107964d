#include "media/audio/wav_recorder.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "media/audio/wav_file.hpp"

namespace hotline::media::audio {
namespace {

std::span<const std::int16_t> from(std::span<const std::int16_t> side, std::size_t offset) {
  return offset < side.size() ? side.subspan(offset) : std::span<const std::int16_t>{};
}

std::int16_t at(std::span<const std::int16_t> side, std::size_t i) { return i < side.size() ? side[i] : 0; }

std::int16_t saturating_sum(std::int16_t a, std::int16_t b) {
  return static_cast<std::int16_t>(std::clamp(static_cast<int>(a) + static_cast<int>(b), -32768, 32767));
}

std::size_t ring_samples(const RecordingOptions& options, int channels) {
  const int buffer_ms = std::max(options.buffer_ms, 4 * kFrameMs);
  return static_cast<std::size_t>(ms_to_samples(buffer_ms) * channels);
}

}  // namespace

WavRecorder::WavRecorder(std::string path, int fd, RecordingOptions options)
    : path_(std::move(path)),
      channels_(options.channels == RecordingChannels::Stereo ? 2 : 1),
      mode_(options.channels),
      ring_(ring_samples(options, channels_)),
      fd_(fd) {}

WavRecorder::~WavRecorder() {
  if (fd_ >= 0) ::close(fd_);
}

void WavRecorder::write_frame(std::span<const std::int16_t> left, std::span<const std::int16_t> right) {
  if (state_.load(std::memory_order_acquire) != State::Recording) return;
  const std::size_t n = std::max(left.size(), right.size());
  for (std::size_t done = 0; done < n; done += kChunkFrames) {
    push_chunk(from(left, done), from(right, done), std::min(kChunkFrames, n - done));
  }
  if (paused_) paused_samples_.fetch_add(n, std::memory_order_relaxed);
}

void WavRecorder::push_chunk(std::span<const std::int16_t> left, std::span<const std::int16_t> right,
                             std::size_t n) {
  const std::size_t count = n * static_cast<std::size_t>(channels_);
  if (paused_) {
    std::fill_n(scratch_.begin(), count, std::int16_t{0});
  } else if (mode_ == RecordingChannels::Stereo) {
    for (std::size_t i = 0; i < n; ++i) {
      scratch_[2 * i] = at(left, i);
      scratch_[2 * i + 1] = at(right, i);
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) scratch_[i] = saturating_sum(at(left, i), at(right, i));
  }
  if (!ring_.push(std::span<const std::int16_t>(scratch_).first(count))) {
    dropped_frames_.fetch_add(1, std::memory_order_relaxed);
  }
}

Status WavRecorder::flush() {
  if (fd_ < 0) return ok_status();
  if (!header_written_) {
    const auto header = wav_header(channels_, kSampleRate, 0);
    const ssize_t n = ::write(fd_, header.data(), header.size());
    if (n != static_cast<ssize_t>(header.size())) return fail("cannot write WAV header", n < 0 ? errno : EIO);
    header_written_ = true;
  }
  const auto [first, second] = ring_.readable();
  const std::size_t count = first.size() + second.size();
  if (count == 0) return ok_status();
  const std::uint64_t bytes = count * sizeof(std::int16_t);
  if (data_bytes_ + bytes > kMaxWavDataBytes) return fail("WAV size limit (4 GiB) reached", EFBIG);
  if (auto status = write_all(first); !status) return status;
  if (auto status = write_all(second); !status) return status;
  ring_.consume(count);
  data_bytes_ += bytes;
  const auto header = wav_header(channels_, kSampleRate, static_cast<std::uint32_t>(data_bytes_));
  const ssize_t n = ::pwrite(fd_, header.data(), header.size(), 0);
  if (n != static_cast<ssize_t>(header.size())) return fail("cannot update WAV header", n < 0 ? errno : EIO);
  return ok_status();
}

Status WavRecorder::write_all(std::span<const std::int16_t> samples) {
  const auto* data = reinterpret_cast<const char*>(samples.data());
  std::size_t left = samples.size_bytes();
  while (left > 0) {
    const ssize_t n = ::write(fd_, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail("write failed", n < 0 ? errno : EIO);
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  return ok_status();
}

Status WavRecorder::fail(const std::string& what, int error_number) {
  error_ = "recording " + path_ + ": " + what + ": " + std::strerror(error_number);
  state_.store(State::Failed, std::memory_order_release);
  ::close(fd_);
  fd_ = -1;
  return Error{ErrorCode::Unavailable, error_, path_};
}

Result<RecordingSummary> WavRecorder::close() {
  State expected = State::Recording;
  state_.compare_exchange_strong(expected, State::Closing, std::memory_order_acq_rel);
  if (expected == State::Closed)
    return Error{ErrorCode::Conflict, "recording " + path_ + " already finished", path_};
  if (auto status = flush(); !status) return status.error();
  if (failed()) return Error{ErrorCode::Unavailable, error_, path_};
  const int fd = fd_;
  fd_ = -1;
  state_.store(State::Closed, std::memory_order_release);
  if (::close(fd) != 0) {
    error_ = "recording " + path_ + ": close failed: " + std::strerror(errno);
    return Error{ErrorCode::Unavailable, error_, path_};
  }
  return summary();
}

RecordingSummary WavRecorder::summary() const {
  RecordingSummary s;
  s.path = path_;
  const std::uint64_t samples = data_bytes_ / (sizeof(std::int16_t) * static_cast<std::uint64_t>(channels_));
  s.duration_ms = samples_to_ms(static_cast<std::int64_t>(samples));
  s.paused_ms = samples_to_ms(static_cast<std::int64_t>(paused_samples_.load(std::memory_order_relaxed)));
  s.bytes = header_written_ ? kWavHeaderBytes + data_bytes_ : 0;
  s.dropped_frames = dropped_frames_.load(std::memory_order_relaxed);
  return s;
}

}  // namespace hotline::media::audio
