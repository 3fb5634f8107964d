#include "http/file_response.hpp"

#include <fstream>
#include <sstream>

#include "http/json_errors.hpp"

namespace hotline::http {

ApiResponse file_response(const std::filesystem::path& path, const std::string& content_type,
                          const std::string& disposition, const std::string& download_name) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  if (!(in && bytes << in.rdbuf()))
    return error_response(Error::unavailable(download_name + " cannot be read"));
  ApiResponse response{200, std::move(bytes).str(), {}};
  response.headers.emplace_back("Content-Type", content_type);
  response.headers.emplace_back("Content-Disposition", disposition + "; filename=\"" + download_name + "\"");
  return response;
}

}  // namespace hotline::http
