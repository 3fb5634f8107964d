#include "http/router.hpp"

#include <algorithm>
#include <cassert>

#include "http/url.hpp"

namespace hotline::http {
namespace {

// Splits "/a/b/c" into {"a","b","c"}; an empty segment (as in "/a//b" or "/a/") is kept so that
// such paths match no pattern rather than a shorter one.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  if (path.empty() || path.front() != '/') return segments;
  path.remove_prefix(1);
  while (true) {
    auto slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

bool is_param(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

bool match_pattern(std::string_view pattern, std::string_view path, PathParams& params) {
  auto want = split_path(pattern);
  auto have = split_path(path);
  if (want.empty() || want.size() != have.size()) return false;
  PathParams found;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (is_param(want[i])) {
      auto value = percent_decode(have[i]);
      if (!value || value->empty()) return false;
      found.emplace(std::string(want[i].substr(1, want[i].size() - 2)), std::move(*value));
    } else if (want[i] != have[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

void Router::add(Route route) {
  assert(std::none_of(routes_.begin(), routes_.end(), [&](const Route& r) {
    return r.method == route.method && r.pattern == route.pattern;
  }));
  routes_.push_back(std::move(route));
}

const Route* Router::find(std::string_view method, std::string_view pattern) const {
  auto it = std::find_if(routes_.begin(), routes_.end(),
                         [&](const Route& r) { return r.method == method && r.pattern == pattern; });
  return it == routes_.end() ? nullptr : &*it;
}

RouteMatch Router::match(std::string_view method, std::string_view path) const {
  RouteMatch result;
  for (const Route& route : routes_) {
    PathParams params;
    if (!match_pattern(route.pattern, path, params)) continue;
    if (route.method == method) {
      result.kind = RouteMatch::Kind::Found;
      result.route = &route;
      result.params = std::move(params);
      result.allowed.clear();
      return result;
    }
    result.kind = RouteMatch::Kind::MethodNotAllowed;
    result.allowed.push_back(route.method);
  }
  std::sort(result.allowed.begin(), result.allowed.end());
  result.allowed.erase(std::unique(result.allowed.begin(), result.allowed.end()), result.allowed.end());
  return result;
}

}  // namespace hotline::http
