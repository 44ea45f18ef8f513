#pragma once

#include <stdexcept>
#include <string>

#include "common/error/error_codes.hpp"

namespace stockroom {

// An error that ends a statement and reaches the user with a SQLSTATE. `position` is the
// 1-based character offset into the statement text (0: unknown), as PostgreSQL reports it;
// `detail` and `hint` are optional extra lines. Internal invariant violations use
// InternalError (XX000) instead.
class SqlError : public std::runtime_error {
 public:
  SqlError(ErrorCode code, std::string message, int position = 0)
      : std::runtime_error(std::move(message)), code_(code), position_(position) {}

  ErrorCode code() const { return code_; }
  std::string_view sqlstate() const { return SqlState(code_); }
  int position() const { return position_; }
  const std::string& detail() const { return detail_; }
  const std::string& hint() const { return hint_; }
  const std::string& context() const { return context_; }

  // Sets the statement position if none is known yet; returns *this for rethrow.
  SqlError& WithPosition(int position) {
    if (position_ <= 0) position_ = position;
    return *this;
  }
  SqlError& SetPosition(int position) {
    position_ = position;
    return *this;
  }
  SqlError& WithDetail(std::string detail) {
    detail_ = std::move(detail);
    return *this;
  }
  SqlError& WithHint(std::string hint) {
    hint_ = std::move(hint);
    return *this;
  }
  SqlError& WithContext(std::string context) {
    context_ = std::move(context);
    return *this;
  }

 private:
  ErrorCode code_;
  int position_;
  std::string detail_;
  std::string hint_;
  std::string context_;
};

// A bug in Stockroom: an invariant that did not hold. Fails the statement (XX000).
class InternalError : public SqlError {
 public:
  explicit InternalError(std::string message) : SqlError(ErrorCode::kInternalError, std::move(message)) {}
};

}  // namespace stockroom
