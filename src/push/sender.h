// Sending one push request: the seam between the worker (what to send,
// when, what the answer means) and the transport (HTTPS on libcurl).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace leads::push {

struct PushRequest {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{5000};  // the whole exchange
};

// Response bodies longer than this are cut (and the push judged failed:
// a receiver's answer is a small envelope).
inline constexpr size_t kMaxResponseBytes = 64 * 1024;

struct PushResponse {
  int http_status = 0;      // 0: no HTTP response
  std::string body;         // at most kMaxResponseBytes
  bool body_truncated = false;
  std::string retry_after;  // the Retry-After header, "" when absent
  std::string error;        // transport failure (connect, TLS, timeout); "" with a response
  int64_t latency_us = 0;
};

class Sender {
 public:
  using Callback = std::function<void(PushResponse)>;
  virtual ~Sender() = default;
  // Starts sending `request`; `done` is called exactly once, on the
  // sender's own thread, and must not block. Thread-safe.
  virtual void Send(PushRequest request, Callback done) = 0;
};

}  // namespace leads::push
