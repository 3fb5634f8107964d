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
//
// No page may be framed by another site (clickjacking): every answer says `frame-ancestors 'none'`
// and `X-Frame-Options: DENY`, except the embeddable agent toolbar under /embed/, which the
// server's own pages and the origins given (`serve --embed-origin`) may frame (CTI-5).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

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
  // `root` is the folder holding index.html (web/dist); it may be missing. `embed_origins` may
  // frame /embed/ pages ("https://crm.example.com"; checked by is_embed_origin, url.hpp).
  explicit WebAppFiles(std::filesystem::path root, std::vector<std::string> embed_origins = {});

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
  std::string embed_frame_ancestors_;  // the CSP directive for /embed/ pages
};

// Files above this size are not served (the app's bundles are a few MiB at most).
inline constexpr std::size_t kMaxWebFileBytes = 64 * 1024 * 1024;

}  // namespace hotline::http
