// leads client library: the error type and Result<T>.
//
// Every call returns a Result<T>: either a value or an Error that says what
// went wrong and whether trying again could help. A platform (business)
// error carries the platform's code and message exactly as answered.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace leads::client {

// The code a leads server answers (HTTP 200, with Retry-After) when a
// token or account is over its rate limit. It is answered before the request
// is acted on, so the client retries it like a 503.
inline constexpr int kRateLimitedCode = 2013;

class Error {
 public:
  enum class Kind {
    kTransport,        // could not connect, TLS failure, connection reset, timeout
    kHttp,             // an HTTP status other than 2xx (e.g. 503 overload, 404)
    kApi,              // HTTP 200 with a non-zero platform code (a business error)
    kProtocol,         // the answer is not the platform's JSON envelope
    kInvalidArgument,  // rejected locally before anything was sent
    kRejected,         // a push that failed verification (see push.h)
  };

  Error(Kind kind, std::string message, int code = 0, int http_status = 0)
      : kind_(kind), code_(code), http_status_(http_status), message_(std::move(message)) {}

  Kind kind() const { return kind_; }
  // The platform's code (API.md §4) when the server answered with the
  // envelope: 1100–1199 internal, 2000–2099 authentication, 2100–2199
  // parameter. 0 when there was no envelope.
  int code() const { return code_; }
  // The HTTP status, 0 when no response arrived.
  int http_status() const { return http_status_; }
  // The platform's message (it names the offending field or header), or a
  // description of the transport failure. Never contains a secret.
  const std::string& message() const { return message_; }
  // True for a transport failure or a timeout.
  bool timed_out() const { return timed_out_; }
  // Attempts made before giving up (1 when not retried).
  int attempts() const { return attempts_; }
  // The server's X-Request-Id for the failing attempt, if any.
  const std::string& request_id() const { return request_id_; }
  // Transport failures, HTTP 5xx and the rate limit (kRateLimitedCode) may
  // succeed when tried again later; other business errors never do.
  bool retryable() const {
    return kind_ == Kind::kTransport || (kind_ == Kind::kHttp && http_status_ >= 500) ||
           (kind_ == Kind::kApi && code_ == kRateLimitedCode);
  }

  // "code 2104: list[3].leads_id: ..." / "transport: ..." — for logs.
  std::string ToString() const;

  // Setters used by the library.
  Error& set_timed_out(bool v) { timed_out_ = v; return *this; }
  Error& set_attempts(int n) { attempts_ = n; return *this; }
  Error& set_request_id(std::string id) { request_id_ = std::move(id); return *this; }

 private:
  Kind kind_;
  int code_ = 0;
  int http_status_ = 0;
  std::string message_;
  bool timed_out_ = false;
  int attempts_ = 1;
  std::string request_id_;
};

// Either a T or an Error.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}    // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return std::get<1>(v_); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace leads::client
