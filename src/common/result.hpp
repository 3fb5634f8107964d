// Result<T>: the project's value-or-error type for expected failures (bad input, unknown id, busy).
// GCC 12 has no std::expected in C++20, so this is the small shared substitute STYLE.md asks for.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace hotline {

enum class ErrorCode {
  InvalidArgument,  // caller sent something malformed; `field` names it
  NotFound,
  Conflict,         // uniqueness or state conflict
  Unauthenticated,
  PermissionDenied,
  Unavailable,      // a dependency (disk, database, peer) failed
  Internal,
};

struct Error {
  ErrorCode code = ErrorCode::Internal;
  std::string message;
  std::string field;  // the input field, header or node the error is about; may be empty

  static Error invalid(std::string field, std::string message) {
    return {ErrorCode::InvalidArgument, std::move(message), std::move(field)};
  }
  static Error not_found(std::string message) { return {ErrorCode::NotFound, std::move(message), {}}; }
  static Error conflict(std::string message) { return {ErrorCode::Conflict, std::move(message), {}}; }
  static Error unavailable(std::string message) { return {ErrorCode::Unavailable, std::move(message), {}}; }
  static Error internal(std::string message) { return {ErrorCode::Internal, std::move(message), {}}; }
};

const char* to_string(ErrorCode code);

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { assert(!ok()); return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success carries nothing.
struct Ok {};
using Status = Result<Ok>;
inline Status ok_status() { return Ok{}; }

}  // namespace hotline
