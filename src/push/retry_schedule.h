// When a failed push is tried again. The schedule is a list of waits, one
// per attempt: the first attempt is immediate (0), entry i (i >= 1) is the
// wait after the i-th failed attempt, and the number of entries is the
// number of attempts a delivery gets before it is marked failed.
//
// Default, close to common webhook practice:
//   at once, 10 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h  (9 attempts, ~45 h)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"

namespace leads::push {

class RetrySchedule {
 public:
  static RetrySchedule Default();
  // "0,10,60" (seconds) or with units: "0,10s,1m,5m,30m,2h,6h,12h,24h" (s, m,
  // h, d). 1 to 100 entries; the first must be 0; each at most 30 days.
  static StatusOr<RetrySchedule> Parse(std::string_view text);

  // Attempts a delivery gets.
  int attempts() const { return static_cast<int>(waits_.size()); }
  // Seconds to wait after the `failed`-th failed attempt (1-based, counted
  // since the delivery was last (re)queued); nullopt when it was the last.
  std::optional<int64_t> WaitAfter(int failed) const;
  const std::vector<int64_t>& waits() const { return waits_; }
  // The schedule in the form Parse reads, with units ("0,10s,1m").
  std::string ToString() const;

 private:
  explicit RetrySchedule(std::vector<int64_t> waits) : waits_(std::move(waits)) {}
  std::vector<int64_t> waits_;
};

// Spreads long waits so that deliveries failed together do not all come
// back in the same second: a wait of a minute or more gets up to 10% more.
int64_t WithJitter(int64_t wait_seconds, Random& random);

// The epoch second at which a row waiting `wait` seconds from `now` is due,
// never earlier than the wait (rows are due by whole seconds).
inline int64_t DueAt(int64_t now, int64_t wait) { return wait > 0 ? now + wait + 1 : now; }

}  // namespace leads::push
