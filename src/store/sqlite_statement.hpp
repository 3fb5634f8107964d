// Statement: a prepared SQLite statement borrowed from its connection's cache, with typed binding
// and column access. Reset when the Statement goes out of scope, so it can be reused.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "common/result.hpp"

namespace hotline::store {

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};

// Thread: the thread that holds the connection it came from.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& other) noexcept : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  // Binds the arguments to parameters 1..n.
  template <typename... Args>
  void bind_all(const Args&... args) {
    int index = 0;
    (bind(++index, args), ...);
  }

  template <typename T>
  void bind(int index, const T& value) {
    if constexpr (IsOptional<T>::value) {
      if (value) {
        bind(index, *value);
      } else {
        sqlite3_bind_null(stmt_, index);
      }
    } else if constexpr (std::is_same_v<T, std::nullopt_t>) {
      sqlite3_bind_null(stmt_, index);
    } else if constexpr (std::is_integral_v<T>) {
      sqlite3_bind_int64(stmt_, index, static_cast<sqlite3_int64>(value));
    } else if constexpr (std::is_floating_point_v<T>) {
      sqlite3_bind_double(stmt_, index, static_cast<double>(value));
    } else {
      std::string_view text = value;
      sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    }
  }

  // True when a row is ready, false when done.
  Result<bool> step();
  // Steps to the end (for statements that return no rows).
  Status run();

  std::int64_t int64(int column) const { return sqlite3_column_int64(stmt_, column); }
  bool boolean(int column) const { return int64(column) != 0; }
  std::string text(int column) const;
  std::optional<std::int64_t> opt_int64(int column) const;
  std::optional<std::string> opt_text(int column) const;
  std::optional<double> opt_double(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

}  // namespace hotline::store
