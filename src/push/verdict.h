// What a receiver's answer means (API.md §5.5): a push is delivered when
// the answer is HTTP 2xx with a JSON body whose `code` is 0, within the
// timeout. Anything else is a failed attempt, retried later; 429 and 503
// may name a Retry-After.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "push/sender.h"

namespace leads::push {

struct Verdict {
  bool delivered = false;
  std::optional<int64_t> body_code;         // the body's `code`, when it has one
  std::string error;                        // why it failed; "" when delivered
  std::optional<int64_t> retry_after;       // seconds, from 429/503 Retry-After
};

Verdict Judge(const PushResponse& r, int64_t now_epoch);

// Retry-After: delta-seconds or an HTTP-date; seconds from `now_epoch`,
// capped at 24 h; nullopt when absent or unreadable.
std::optional<int64_t> ParseRetryAfter(std::string_view value, int64_t now_epoch);

// At most `max` bytes of `s`, cut at a character boundary, invalid UTF-8
// replaced by '?', so it can be stored and printed as JSON text.
std::string TruncateUtf8(std::string_view s, size_t max);

}  // namespace leads::push
