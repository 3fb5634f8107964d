// Answers whose body is a file from the data folder: a prompt's or music file's WAV for an <audio>
// element, a database backup to download.
#pragma once

#include <filesystem>
#include <string>

#include "http/request_context.hpp"

namespace hotline::http {

// 200 with the file's bytes, `content_type` and a Content-Disposition (`disposition`, "inline" or
// "attachment") naming `download_name`; 503 when the file cannot be read.
ApiResponse file_response(const std::filesystem::path& path, const std::string& content_type,
                          const std::string& disposition, const std::string& download_name);

inline ApiResponse wav_file_response(const std::filesystem::path& path, const std::string& download_name) {
  return file_response(path, "audio/wav", "inline", download_name);
}

}  // namespace hotline::http
