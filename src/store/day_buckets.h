// The day buckets of `lead_counts`, shared by both store backends.
//
// A list's total_number for [start, end] is the sum of the whole days'
// buckets plus an index count of the partial days at either edge, so it
// costs O(days) instead of a walk over every lead in the range. Buckets are
// UTC+8 days (any fixed partition would do: the edges are counted exactly).
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace leads {

// The bucket (day number) holding time `t` (epoch seconds; floor division,
// also for times before 1970).
int64_t DayOf(int64_t t);
// The first second of bucket `day`.
int64_t DayStart(int64_t day);

struct DaySplit {
  // [first, last] buckets lying wholly inside the range, if any.
  std::optional<std::pair<int64_t, int64_t>> full_days;
  // The rest of the range as [from, to] time spans (at most two), to be
  // counted through the index.
  std::vector<std::pair<int64_t, int64_t>> partial;
};

// Splits the closed range [start, end] (start <= end).
DaySplit SplitIntoDays(int64_t start, int64_t end);

}  // namespace leads
