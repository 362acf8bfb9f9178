#include "common/time_format.h"

#include <gtest/gtest.h>

namespace leads {
namespace {

constexpr int kCst = kChinaOffsetSeconds;

TEST(TimeFormatTest, DateTimeIsChinaStandardTime) {
  // 2024-11-29 08:00:00 +08:00 == 2024-11-29 00:00:00 UTC == 1732838400.
  EXPECT_EQ(ParseDateTime("2024-11-29 08:00:00", kCst).value(), 1732838400);
  EXPECT_EQ(FormatDateTime(1732838400, kCst), "2024-11-29 08:00:00");
  EXPECT_EQ(FormatDateTime(1732838400, 0), "2024-11-29 00:00:00");
}

TEST(TimeFormatTest, RoundTripsAcrossLeapDays) {
  for (int64_t t : {int64_t{951782400}, int64_t{1709164800}, int64_t{0}, int64_t{4102444799}}) {
    EXPECT_EQ(ParseDateTime(FormatDateTime(t, kCst), kCst).value(), t) << t;
  }
  EXPECT_TRUE(ParseDateTime("2024-02-29 12:00:00", kCst));
  EXPECT_FALSE(ParseDateTime("2023-02-29 12:00:00", kCst));
}

TEST(TimeFormatTest, RejectsMalformed) {
  for (const char* bad : {"2024-11-29", "2024-11-29T08:00:00", "2024-13-01 00:00:00", "2024-11-31 00:00:00",
                          "2024-11-29 24:00:00", "2024-11-29 23:60:00", "2024-1-29 08:00:00", "", "abc",
                          "2024-11-29 08:00:00 ", "１９９９-11-29 08:00:00"})
    EXPECT_FALSE(ParseDateTime(bad, kCst)) << bad;
}

TEST(TimeFormatTest, EndDateIncludesTheWholeDay) {
  auto start = ParseRangeBound("2024-11-29", false, kCst).value();
  auto end = ParseRangeBound("2024-11-29", true, kCst).value();
  EXPECT_EQ(start, ParseDateTime("2024-11-29 00:00:00", kCst).value());
  EXPECT_EQ(end, ParseDateTime("2024-11-29 23:59:59", kCst).value());
}

TEST(TimeFormatTest, EpochSecondsAreTakenAsGiven) {
  EXPECT_EQ(ParseRangeBound("1732838400", false, kCst).value(), 1732838400);
  EXPECT_EQ(ParseRangeBound("1732838400", true, kCst).value(), 1732838400);
  EXPECT_FALSE(ParseRangeBound("173283840", false, kCst));    // 9 digits
  EXPECT_FALSE(ParseRangeBound("17328384000", false, kCst));  // 11 digits
  EXPECT_FALSE(ParseRangeBound("17328a8400", false, kCst));
  EXPECT_FALSE(ParseRangeBound("-173283840", false, kCst));
}

}  // namespace
}  // namespace leads
