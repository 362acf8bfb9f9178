#include "push/retry_schedule.h"

#include <gtest/gtest.h>

#include "push/push_options.h"

namespace leads::push {
namespace {

TEST(RetrySchedule, DefaultIsIndustryPractice) {
  auto s = RetrySchedule::Default();
  EXPECT_EQ(s.attempts(), 9);
  EXPECT_EQ(s.ToString(), "0,10s,1m,5m,30m,2h,6h,12h,1d");
  EXPECT_EQ(s.WaitAfter(1), 10);
  EXPECT_EQ(s.WaitAfter(8), 86400);
  EXPECT_FALSE(s.WaitAfter(9)) << "the 9th failure is the last";
  EXPECT_FALSE(s.WaitAfter(0));
}

TEST(RetrySchedule, ParsesSecondsAndUnits) {
  auto s = RetrySchedule::Parse("0,1,2");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->attempts(), 3);
  EXPECT_EQ(s->WaitAfter(1), 1);
  EXPECT_EQ(s->WaitAfter(2), 2);
  EXPECT_FALSE(s->WaitAfter(3));
  auto u = RetrySchedule::Parse(" 0, 10s ,1m,2h,1d");
  ASSERT_TRUE(u.ok()) << u.status().message();
  EXPECT_EQ(u->waits(), (std::vector<int64_t>{0, 10, 60, 7200, 86400}));
  auto one = RetrySchedule::Parse("0");
  ASSERT_TRUE(one.ok());
  EXPECT_FALSE(one->WaitAfter(1)) << "one attempt, no retry";
}

TEST(RetrySchedule, RejectsBadInput) {
  for (const char* bad : {"", "1,2", "0,,1", "0,-1", "0,x", "0,31d", "0,1w", "0,1.5"}) {
    auto s = RetrySchedule::Parse(bad);
    EXPECT_FALSE(s.ok()) << bad;
    if (!s.ok()) {
      EXPECT_NE(s.status().message().find("--push-schedule"), std::string::npos);
    }
  }
  std::string many = "0";
  for (int i = 0; i < 100; ++i) many += ",1";
  EXPECT_FALSE(RetrySchedule::Parse(many).ok());
}

TEST(RetrySchedule, DueAtNeverEarly) {
  EXPECT_EQ(DueAt(1000, 0), 1000);
  EXPECT_EQ(DueAt(1000, 2), 1003) << "due by whole seconds: at least 2 s after any moment of second 1000";
}

class FixedRandom final : public Random {
 public:
  explicit FixedRandom(unsigned char b) : b_(b) {}
  void Fill(unsigned char* out, size_t n) override { std::fill(out, out + n, b_); }

 private:
  unsigned char b_;
};

TEST(RetrySchedule, JitterOnlyOnLongWaitsAndAtMostTenPercent) {
  FixedRandom hi(0xff), lo(0);
  EXPECT_EQ(WithJitter(10, hi), 10);
  EXPECT_EQ(WithJitter(59, hi), 59);
  EXPECT_EQ(WithJitter(600, lo), 600);
  for (int i = 0; i < 50; ++i) {
    SystemRandom r;
    int64_t w = WithJitter(3600, r);
    EXPECT_GE(w, 3600);
    EXPECT_LE(w, 3960);
  }
}

TEST(PushOptions, ParsesDurations) {
  EXPECT_EQ(ParseDuration("5", "--push-timeout")->count(), 5000);
  EXPECT_EQ(ParseDuration("1.5", "--push-timeout")->count(), 1500);
  EXPECT_EQ(ParseDuration("250ms", "--push-poll")->count(), 250);
  EXPECT_EQ(ParseDuration("2s", "--push-timeout")->count(), 2000);
  for (const char* bad : {"", "0", "-1", "abc", "5m", "7200", "0.1ms"}) EXPECT_FALSE(ParseDuration(bad, "--x").ok()) << bad;
}

}  // namespace
}  // namespace leads::push
