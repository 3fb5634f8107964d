#include "store/sqlite_errors.hpp"

#include <string>

namespace hotline::store {
namespace {

// "UNIQUE constraint failed: users.username" → "username" (several columns joined by ", ").
std::string constrained_columns(std::string_view message) {
  auto colon = message.find(": ");
  if (colon == std::string_view::npos) return {};
  std::string out;
  std::string_view rest = message.substr(colon + 2);
  while (!rest.empty()) {
    auto comma = rest.find(", ");
    std::string_view qualified = rest.substr(0, comma);
    auto dot = qualified.find('.');
    if (!out.empty()) out += ", ";
    out += qualified.substr(dot == std::string_view::npos ? 0 : dot + 1);
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 2);
  }
  return out;
}

Error constraint_error(int extended, const std::string& message, std::string_view context) {
  std::string where = std::string(context) + ": " + message;
  if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY) {
    std::string field = constrained_columns(message);
    return {ErrorCode::Conflict, field + " already exists (" + where + ")", field};
  }
  if (extended == SQLITE_CONSTRAINT_FOREIGNKEY) {
    return {ErrorCode::InvalidArgument, "a referenced row does not exist (" + where + ")", {}};
  }
  return {ErrorCode::InvalidArgument, where, constrained_columns(message)};
}

}  // namespace

Error sqlite_error(sqlite3* db, int rc, std::string_view context) {
  int extended = db != nullptr ? sqlite3_extended_errcode(db) : rc;
  std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      return constraint_error(extended, message, context);
    case SQLITE_ERROR:
    case SQLITE_MISUSE:
    case SQLITE_RANGE:
      return Error::internal(std::string(context) + ": " + message);
    default:
      return Error::unavailable(std::string(context) + ": " + message);
  }
}

bool is_storage_failure(const Error& error) {
  return error.code == ErrorCode::Unavailable || error.code == ErrorCode::Internal;
}

}  // namespace hotline::store
