#include "http/web_app_files.hpp"

#include <boost/beast/http/field.hpp>
#include <cctype>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "http/json_errors.hpp"
#include "http/url.hpp"

namespace hotline::http {
namespace {

namespace fs = std::filesystem;
namespace bhttp = boost::beast::http;

constexpr std::string_view kAssetsPrefix = "/assets/";
constexpr std::string_view kEmbedPrefix = "/embed/";
constexpr const char* kImmutable = "public, max-age=31536000, immutable";

constexpr std::string_view kNotBuiltPage =
    "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Hotline</title></head>\n"
    "<body style=\"font-family: sans-serif; max-width: 40em; margin: 3em auto\">\n"
    "<h1>Hotline</h1>\n"
    "<p>The web app is not built. <code>make run</code> builds it (or <code>npm ci &amp;&amp; npm run build"
    "</code> in <code>web/</code>), then reload this page; <code>serve --web-root DIR</code> names another "
    "folder.</p>\n"
    "<p>The API works without it: <a href=\"/api/v1/health\">/api/v1/health</a>, "
    "<a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a>.</p>\n"
    "</body></html>\n";

struct Answer {
  int status = 200;
  std::string content_type;
  std::string cache_control;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

Answer json_error(int status, const Error& error) {
  ApiResponse response = error_response(status, error);
  return {status, "application/json; charset=utf-8", "no-store", std::move(response.body),
          std::move(response.headers)};
}

// The decoded path, or nullopt when it is not one a file may have: `.`/`..` segments (also
// percent-encoded), backslashes, NUL, a bad escape, or no leading '/'.
std::optional<std::string> safe_path(std::string_view raw_path) {
  if (raw_path.empty() || raw_path.front() != '/') return std::nullopt;
  auto decoded = percent_decode(raw_path);
  if (!decoded) return std::nullopt;
  if (decoded->find('\\') != std::string::npos || decoded->find('\0') != std::string::npos)
    return std::nullopt;
  std::size_t start = 1;
  while (start <= decoded->size()) {
    std::size_t slash = decoded->find('/', start);
    if (slash == std::string::npos) slash = decoded->size();
    std::string_view segment(decoded->data() + start, slash - start);
    if (segment == "." || segment == "..") return std::nullopt;
    start = slash + 1;
  }
  return decoded;
}

bool hidden_segment(std::string_view path) { return path.find("/.") != std::string_view::npos; }

// `candidate` resolved (symlinks too) if it is a regular file inside `root`.
std::optional<fs::path> file_inside(const fs::path& root, const fs::path& candidate) {
  std::error_code ec;
  fs::path real_root = fs::canonical(root, ec);
  if (ec) return std::nullopt;
  fs::path real = fs::canonical(candidate, ec);
  if (ec || !fs::is_regular_file(real, ec)) return std::nullopt;
  fs::path relative = real.lexically_relative(real_root);
  if (relative.empty() || *relative.begin() == "..") return std::nullopt;
  return real;
}

std::optional<std::string> read_file(const fs::path& path) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec || size > kMaxWebFileBytes) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  if (!in || !(bytes << in.rdbuf())) {
    if (size == 0 && in) return std::string{};
    return std::nullopt;
  }
  return std::move(bytes).str();
}

Answer file_answer(const fs::path& file, std::string cache_control) {
  auto body = read_file(file);
  if (!body) return json_error(503, Error::unavailable(file.filename().string() + " cannot be read"));
  return {200, std::string(web_content_type(file)), std::move(cache_control), std::move(*body), {}};
}

Answer not_built() { return {200, "text/html; charset=utf-8", "no-cache", std::string(kNotBuiltPage), {}}; }

}  // namespace

bool is_api_target(std::string_view target) {
  if (!target.starts_with("/api")) return false;
  return target.size() == 4 || target[4] == '/' || target[4] == '?' || target[4] == '#';
}

std::string_view web_content_type(const fs::path& file) {
  std::string ext = file.extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".webp") return "image/webp";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".wasm") return "application/wasm";
  return "application/octet-stream";
}

WebAppFiles::WebAppFiles(fs::path root, std::vector<std::string> embed_origins)
    : root_(std::move(root)), embed_frame_ancestors_("frame-ancestors 'self'") {
  for (const auto& origin : embed_origins) embed_frame_ancestors_ += " " + origin;
}

bool WebAppFiles::built() const {
  std::error_code ec;
  return !root_.empty() && fs::is_regular_file(root_ / "index.html", ec);
}

BeastResponse WebAppFiles::respond(std::string_view method, std::string_view target, unsigned version,
                                   bool keep_alive) const {
  bool head = method == "HEAD";
  Answer answer;
  std::string_view raw_path = split_target(target).path;
  if (raw_path.find('#') != std::string_view::npos) raw_path = raw_path.substr(0, raw_path.find('#'));
  if (method != "GET" && !head) {
    answer = json_error(
        405, Error::invalid("method", std::string(method) + " is not allowed on " + std::string(raw_path)));
    answer.headers.emplace_back("Allow", "GET, HEAD");
  } else if (auto path = safe_path(raw_path); !path) {
    answer = json_error(400, Error::invalid("path", "not a path the web app has"));
  } else if (hidden_segment(*path)) {
    answer = json_error(404, Error::not_found("no file " + *path));
  } else if (!built()) {
    answer = path->starts_with(kAssetsPrefix) ? json_error(404, Error::not_found("no file " + *path))
                                              : not_built();
  } else if (auto file = file_inside(root_, root_ / fs::path(path->substr(1)))) {
    bool hashed = path->starts_with(kAssetsPrefix);
    answer = file_answer(*file, hashed ? kImmutable : "no-cache");
  } else if (path->starts_with(kAssetsPrefix)) {
    answer = json_error(404, Error::not_found("no file " + *path));
  } else {
    answer = file_answer(root_ / "index.html", "no-cache");  // the app's router reads the path
  }

  BeastResponse out{static_cast<bhttp::status>(answer.status), version};
  out.set(bhttp::field::server, "hotline/" HOTLINE_VERSION);
  out.set(bhttp::field::content_type, answer.content_type);
  out.set(bhttp::field::cache_control, answer.cache_control);
  out.set("X-Content-Type-Options", "nosniff");
  if (raw_path.starts_with(kEmbedPrefix)) {
    out.set("Content-Security-Policy", embed_frame_ancestors_);
  } else {
    out.set("Content-Security-Policy", "frame-ancestors 'none'");
    out.set("X-Frame-Options", "DENY");
  }
  for (auto& [name, value] : answer.headers) out.insert(name, value);
  out.keep_alive(keep_alive);
  if (head) {
    out.content_length(answer.body.size());  // what GET would send; no body follows
  } else {
    out.body() = std::move(answer.body);
    out.prepare_payload();
  }
  return out;
}

}  // namespace hotline::http
