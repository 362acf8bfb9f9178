// Status and StatusOr<T>: the error currency of every module.
//
// A Status carries a closed reason (what the caller should do next) and, for
// failures that reach the API, the wire code from api::ErrorCode's table
// together with a message that names the offending field or header.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace leads {

// What the caller should do next. Closed set.
enum class Reason {
  kOk,
  kInvalidArgument,   // the caller sent something wrong; fix the input
  kUnauthenticated,   // credentials missing or wrong
  kPermissionDenied,  // credentials fine, but not for this
  kNotFound,          // the thing named does not exist
  kAlreadyExists,     // a unique thing was sent twice
  kUnavailable,       // transient: retry later (store down, overload)
  kInternal,          // a bug or an unexpected state
};

class Status {
 public:
  Status() = default;  // OK
  Status(Reason reason, int code, std::string message)
      : reason_(reason), code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return reason_ == Reason::kOk; }
  Reason reason() const { return reason_; }
  // The wire code (0 on success; a 1100/2000/2100-range code otherwise).
  int code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  Reason reason_ = Reason::kOk;
  int code_ = 0;
  std::string message_;
};

// Shorthands for the common failures. `code` is an api wire code.
inline Status InvalidArgument(int code, std::string m) { return {Reason::kInvalidArgument, code, std::move(m)}; }
inline Status Unauthenticated(int code, std::string m) { return {Reason::kUnauthenticated, code, std::move(m)}; }
inline Status PermissionDenied(int code, std::string m) { return {Reason::kPermissionDenied, code, std::move(m)}; }
inline Status NotFound(int code, std::string m) { return {Reason::kNotFound, code, std::move(m)}; }
inline Status AlreadyExists(int code, std::string m) { return {Reason::kAlreadyExists, code, std::move(m)}; }
inline Status Unavailable(int code, std::string m) { return {Reason::kUnavailable, code, std::move(m)}; }
inline Status Internal(int code, std::string m) { return {Reason::kInternal, code, std::move(m)}; }

// Either a T or a failed Status.
template <typename T>
class StatusOr {
 public:
  StatusOr(T value) : v_(std::move(value)) {}            // NOLINT: implicit by design
  StatusOr(Status status) : v_(std::move(status)) {      // NOLINT
    assert(!std::get<Status>(v_).ok());
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace leads

#define LEADS_RETURN_IF_ERROR(expr)          \
  do {                                       \
    ::leads::Status _st = (expr);            \
    if (!_st.ok()) return _st;               \
  } while (0)

#define LEADS_CONCAT_INNER(a, b) a##b
#define LEADS_CONCAT(a, b) LEADS_CONCAT_INNER(a, b)
#define LEADS_ASSIGN_OR_RETURN(lhs, expr) \
  LEADS_ASSIGN_OR_RETURN_IMPL(LEADS_CONCAT(_sor_, __LINE__), lhs, expr)
#define LEADS_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()

#include "common/error_codes.h"

namespace leads {
// Shorthands taking a table entry.
inline Status InvalidArgument(ErrorCode c, std::string m) { return InvalidArgument(Code(c), std::move(m)); }
inline Status Unauthenticated(ErrorCode c, std::string m) { return Unauthenticated(Code(c), std::move(m)); }
inline Status PermissionDenied(ErrorCode c, std::string m) { return PermissionDenied(Code(c), std::move(m)); }
inline Status NotFound(ErrorCode c, std::string m) { return NotFound(Code(c), std::move(m)); }
inline Status AlreadyExists(ErrorCode c, std::string m) { return AlreadyExists(Code(c), std::move(m)); }
inline Status Unavailable(ErrorCode c, std::string m) { return Unavailable(Code(c), std::move(m)); }
inline Status Internal(ErrorCode c, std::string m) { return Internal(Code(c), std::move(m)); }
}  // namespace leads
