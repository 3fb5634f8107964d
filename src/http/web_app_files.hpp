// WebAppFiles: the built web app (web/dist: index.html and Vite's hashed /assets) served from the
// API's port, so the console needs no second server. A GET or HEAD of a target outside /api/ gets
// the file under the web root when there is one, else index.html (the app's own router then reads
// the path: /console/users reloaded in the browser); a missing /assets/... file is 404 instead,
// because a stale hashed asset must fail loudly rather than arrive as HTML. Hashed assets are
// cached for a year, index.html is revalidated every time. Without a built app every page is a
// short HTML note saying how to build it; the API is unaffected.
//
// The path is percent-decoded once and refused (400) when it holds `..` or `.` segments,
// backslashes or NUL; a file is served only if its canonical path is inside the canonical root, so
// neither a crafted target nor a symlink reads outside it.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string_view>

#include "http/beast_messages.hpp"

namespace hotline::http {

// Whether a request target belongs to the API (`/api`, `/api/...`, `/api?...`) rather than the app.
bool is_api_target(std::string_view target);

// The Content-Type of a file served to the browser, by extension.
std::string_view web_content_type(const std::filesystem::path& file);

// Thread: any; it holds only the root path, fixed at construction, and reads files per request
// (call it on the handler pool, not an io thread).
class WebAppFiles {
 public:
  // `root` is the folder holding index.html (web/dist); it may be missing.
  explicit WebAppFiles(std::filesystem::path root);

  // The answer to `method target` (target as received, with its query): a file, index.html, the
  // not-built page, or a JSON error (400 bad path, 404 missing asset, 405 not GET/HEAD). HEAD gets
  // GET's headers, Content-Length included, and no body.
  BeastResponse respond(std::string_view method, std::string_view target, unsigned version,
                        bool keep_alive) const;

  // Whether index.html exists under the root now.
  bool built() const;
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

// Files above this size are not served (the app's bundles are a few MiB at most).
inline constexpr std::size_t kMaxWebFileBytes = 64 * 1024 * 1024;

}  // namespace hotline::http
