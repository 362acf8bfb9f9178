// Per-token rate limits: a token bucket per token, refilled at `rate`
// requests per second up to `burst`. Checked after a request's signature is
// verified and before its handler runs (http::Router); a request over the
// limit is answered with code 2013 and a Retry-After header.
//
// In memory, per instance: N instances behind a load balancer let a token
// make up to N × the rate. Buckets live in kShards independently locked
// maps (a token's bucket is touched by one short critical section), and a
// bucket idle long enough to be full again is dropped by Sweep().
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/clock.h"
#include "common/status.h"

namespace leads {

struct RateLimit {
  double rate = 0;     // requests per second; 0: unlimited
  double burst = 0;    // bucket size; 0: max(1, rate)
  bool enabled() const { return rate > 0; }
};

struct RateLimitOptions {
  RateLimit all;  // every token
  // Overrides for every token of an account, by account id, and for one
  // token (e.g. a heavy integration), by token; a token's own wins.
  std::unordered_map<int64_t, RateLimit> accounts;
  std::unordered_map<std::string, RateLimit> tokens;
};

// "RATE" or "RATE/BURST" (e.g. "50" or "50/200"): requests per second and
// bucket size, both non-negative; "0" switches the limit off.
StatusOr<RateLimit> ParseRateLimit(std::string_view text);
// "TOKEN=RATE[/BURST],TOKEN=…" (per-token overrides).
StatusOr<std::unordered_map<std::string, RateLimit>> ParseRateLimitOverrides(std::string_view text);
// "ACCOUNT_ID=RATE[/BURST],…" (per-account overrides).
StatusOr<std::unordered_map<int64_t, RateLimit>> ParseAccountRateLimits(std::string_view text);

class RateLimiter {
 public:
  RateLimiter(const Clock& clock, RateLimitOptions options) : clock_(clock), options_(std::move(options)) {}

  // True when any limit is configured.
  bool enabled() const;
  // Takes one request from `token`'s bucket (its limit: the token's
  // override, else its account's, else the default). 0: allowed; otherwise
  // the seconds (rounded up, at least 1) until one request would be allowed.
  int64_t Acquire(std::string_view token, int64_t account_id = 0);
  // Drops buckets that are full again (idle); returns how many are left.
  size_t Sweep();

 private:
  static constexpr size_t kShards = 32;
  struct Bucket {
    double tokens = 0;
    int64_t at_us = 0;  // last refill (monotonic)
    const RateLimit* limit = nullptr;
  };
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, Bucket> buckets;
  };
  const RateLimit& LimitFor(std::string_view token, int64_t account_id) const;

  const Clock& clock_;
  RateLimitOptions options_;
  std::array<Shard, kShards> shards_;
};

}  // namespace leads
