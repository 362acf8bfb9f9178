#include "store/day_buckets.h"

#include <gtest/gtest.h>

namespace leads {
namespace {

// 2024-05-01 00:00:00 in UTC+8.
constexpr int64_t kMay1 = 1714492800;
constexpr int64_t kDay = 86400;

TEST(DayBucketsTest, DaysAreUtcPlus8AndFloorBefore1970) {
  EXPECT_EQ(DayStart(DayOf(kMay1)), kMay1);
  EXPECT_EQ(DayOf(kMay1 - 1), DayOf(kMay1) - 1);
  EXPECT_EQ(DayOf(kMay1 + kDay - 1), DayOf(kMay1));
  EXPECT_EQ(DayOf(-8 * 3600), 0);  // 1970-01-01 00:00 in UTC+8
  EXPECT_EQ(DayOf(-8 * 3600 - 1), -1);
  EXPECT_EQ(DayStart(-1), -kDay - 8 * 3600);
  for (int64_t t : {int64_t{-1000000}, int64_t{-1}, int64_t{0}, kMay1 + 12345})
    EXPECT_TRUE(DayStart(DayOf(t)) <= t && t < DayStart(DayOf(t) + 1)) << t;
}

TEST(DayBucketsTest, WholeDaysAreBucketsAndEdgesArePartial) {
  auto s = SplitIntoDays(kMay1, kMay1 + 3 * kDay - 1);  // three whole days
  ASSERT_TRUE(s.full_days);
  EXPECT_EQ(s.full_days->first, DayOf(kMay1));
  EXPECT_EQ(s.full_days->second, DayOf(kMay1) + 2);
  EXPECT_TRUE(s.partial.empty());

  s = SplitIntoDays(kMay1 + 10, kMay1 + 3 * kDay + 5);  // partial, two whole, partial
  ASSERT_TRUE(s.full_days);
  EXPECT_EQ(s.full_days->first, DayOf(kMay1) + 1);
  EXPECT_EQ(s.full_days->second, DayOf(kMay1) + 2);
  ASSERT_EQ(s.partial.size(), 2u);
  EXPECT_EQ(s.partial[0], std::make_pair(kMay1 + 10, kMay1 + kDay - 1));
  EXPECT_EQ(s.partial[1], std::make_pair(kMay1 + 3 * kDay, kMay1 + 3 * kDay + 5));
}

TEST(DayBucketsTest, ARangeInsideOneDayOrAcrossOneMidnightHasNoWholeDay) {
  auto s = SplitIntoDays(kMay1 + 5, kMay1 + 5);
  EXPECT_FALSE(s.full_days);
  ASSERT_EQ(s.partial.size(), 1u);
  EXPECT_EQ(s.partial[0], std::make_pair(kMay1 + 5, kMay1 + 5));
  s = SplitIntoDays(kMay1 - 5, kMay1 + 5);
  EXPECT_FALSE(s.full_days);
  ASSERT_EQ(s.partial.size(), 1u);
}

TEST(DayBucketsTest, EverySecondIsCoveredExactlyOnce) {
  for (int64_t start : {kMay1 - 7, kMay1, kMay1 + 1}) {
    for (int64_t end : {kMay1 + kDay - 2, kMay1 + kDay - 1, kMay1 + 2 * kDay, kMay1 + 5 * kDay - 1}) {
      auto s = SplitIntoDays(start, end);
      int64_t covered = 0;
      if (s.full_days) covered += (s.full_days->second - s.full_days->first + 1) * kDay;
      for (auto [a, b] : s.partial) covered += b - a + 1;
      EXPECT_EQ(covered, end - start + 1) << start << ".." << end;
    }
  }
}

}  // namespace
}  // namespace leads
