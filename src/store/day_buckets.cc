#include "store/day_buckets.h"

namespace leads {
namespace {
constexpr int64_t kBucketOffset = 8 * 3600;
constexpr int64_t kDay = 86400;
}  // namespace

int64_t DayOf(int64_t t) {
  const int64_t s = t + kBucketOffset;
  return s >= 0 ? s / kDay : -((-s + kDay - 1) / kDay);
}

int64_t DayStart(int64_t day) { return day * kDay - kBucketOffset; }

DaySplit SplitIntoDays(int64_t start, int64_t end) {
  DaySplit split;
  const int64_t d0 = DayOf(start), d1 = DayOf(end);
  const int64_t first_full = DayStart(d0) == start ? d0 : d0 + 1;
  const int64_t last_full = DayStart(d1) + kDay - 1 == end ? d1 : d1 - 1;
  if (first_full > last_full) {
    split.partial.emplace_back(start, end);
    return split;
  }
  split.full_days.emplace(first_full, last_full);
  if (first_full > d0) split.partial.emplace_back(start, DayStart(first_full) - 1);
  if (last_full < d1) split.partial.emplace_back(DayStart(last_full + 1), end);
  return split;
}

}  // namespace leads
