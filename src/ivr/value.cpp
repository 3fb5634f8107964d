#include "ivr/value.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace hotline::ivr {

bool Value::truthy() const {
  switch (kind) {
    case Kind::Null:
      return false;
    case Kind::Bool:
      return boolean;
    case Kind::Number:
      return number != 0;
    case Kind::String:
      return !text.empty() && text != "0" && text != "false";
  }
  return false;
}

std::string Value::to_string() const {
  switch (kind) {
    case Kind::Null:
      return {};
    case Kind::Bool:
      return boolean ? "true" : "false";
    case Kind::Number:
      return format_number(number);
    case Kind::String:
      return text;
  }
  return {};
}

std::optional<double> Value::to_number() const {
  if (kind == Kind::Number) return number;
  if (kind != Kind::String || text.empty()) return std::nullopt;
  double parsed = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, parsed);
  if (ec != std::errc{} || ptr != end || !std::isfinite(parsed)) return std::nullopt;
  return parsed;
}

std::string format_number(double number) {
  if (std::isfinite(number) && std::floor(number) == number && std::fabs(number) < 1e15) {
    return std::to_string(static_cast<long long>(number));
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.14g", number);
  return text;
}

}  // namespace hotline::ivr
