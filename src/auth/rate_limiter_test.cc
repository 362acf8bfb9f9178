#include "auth/rate_limiter.h"

#include <gtest/gtest.h>

namespace leads {
namespace {

class FakeClock final : public Clock {
 public:
  int64_t NowSeconds() const override { return us / 1000000; }
  int64_t MonotonicMicros() const override { return us; }
  int64_t us = 1000000;
};

TEST(RateLimiter, BurstThenRefillAtTheRate) {
  FakeClock clock;
  RateLimiter l(clock, {.all = {.rate = 2, .burst = 3}, .accounts = {}, .tokens = {}});
  EXPECT_TRUE(l.enabled());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(l.Acquire("t1"), 0) << i;
  EXPECT_EQ(l.Acquire("t1"), 1);  // empty: 0.5 s until the next one, rounded up
  EXPECT_EQ(l.Acquire("t2"), 0);  // another token has its own bucket
  clock.us += 500000;             // +1 request
  EXPECT_EQ(l.Acquire("t1"), 0);
  EXPECT_EQ(l.Acquire("t1"), 1);
  clock.us += 10000000;  // refills to the burst, not beyond
  for (int i = 0; i < 3; ++i) EXPECT_EQ(l.Acquire("t1"), 0) << i;
  EXPECT_NE(l.Acquire("t1"), 0);
}

TEST(RateLimiter, SlowRatesAnswerHowLongToWait) {
  FakeClock clock;
  RateLimiter l(clock, {.all = {.rate = 0.25, .burst = 1}, .accounts = {}, .tokens = {}});
  EXPECT_EQ(l.Acquire("t"), 0);
  EXPECT_EQ(l.Acquire("t"), 4);
  clock.us += 2000000;
  EXPECT_EQ(l.Acquire("t"), 2);
}

TEST(RateLimiter, PerTokenOverridesAndOff) {
  FakeClock clock;
  RateLimitOptions o;
  o.all = {.rate = 1, .burst = 1};
  o.tokens["heavy"] = {.rate = 100, .burst = 100};
  o.tokens["free"] = {.rate = 0, .burst = 0};
  RateLimiter l(clock, o);
  EXPECT_EQ(l.Acquire("x"), 0);
  EXPECT_NE(l.Acquire("x"), 0);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(l.Acquire("heavy"), 0);
  EXPECT_NE(l.Acquire("heavy"), 0);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(l.Acquire("free"), 0);
  RateLimiter off(clock, {});
  RateLimitOptions per_account;
  per_account.accounts[7] = {.rate = 1, .burst = 2};
  per_account.tokens["vip"] = {.rate = 0, .burst = 0};
  RateLimiter acct(clock, per_account);
  EXPECT_TRUE(acct.enabled());
  EXPECT_EQ(acct.Acquire("a", 7), 0);
  EXPECT_EQ(acct.Acquire("a", 7), 0);
  EXPECT_NE(acct.Acquire("a", 7), 0);   // account 7's limit, per token
  EXPECT_EQ(acct.Acquire("b", 7), 0);   // another token of account 7: its own bucket
  EXPECT_EQ(acct.Acquire("a", 8), 0);   // no limit for account 8
  for (int i = 0; i < 10; ++i) EXPECT_EQ(acct.Acquire("vip", 7), 0);  // the token's own override wins
  EXPECT_FALSE(off.enabled());
  EXPECT_EQ(off.Acquire("x"), 0);
}

TEST(RateLimiter, SweepDropsFullBuckets) {
  FakeClock clock;
  RateLimiter l(clock, {.all = {.rate = 1, .burst = 2}, .accounts = {}, .tokens = {}});
  l.Acquire("a");
  l.Acquire("b");
  EXPECT_EQ(l.Sweep(), 2u);
  clock.us += 1000000;
  EXPECT_EQ(l.Sweep(), 0u);
}

TEST(RateLimiter, ParsesRateAndBurst) {
  auto a = ParseRateLimit("50");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->rate, 50);
  EXPECT_EQ(a->burst, 0);
  auto b = ParseRateLimit("0.5/10");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->rate, 0.5);
  EXPECT_EQ(b->burst, 10);
  EXPECT_FALSE(ParseRateLimit("").ok());
  EXPECT_FALSE(ParseRateLimit("-1").ok());
  EXPECT_FALSE(ParseRateLimit("5/0").ok());
  EXPECT_FALSE(ParseRateLimit("5/x").ok());
  EXPECT_FALSE(ParseRateLimit("fast").ok());
  auto m = ParseRateLimitOverrides("tok1=5/10, tok2=0");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->size(), 2u);
  EXPECT_EQ(m->at("tok1").burst, 10);
  EXPECT_FALSE(ParseRateLimitOverrides("tok1").ok());
  EXPECT_FALSE(ParseRateLimitOverrides("=5").ok());
  auto accounts = ParseAccountRateLimits("10001=20/40,10002=0");
  ASSERT_TRUE(accounts.ok());
  EXPECT_EQ(accounts->at(10001).rate, 20);
  EXPECT_FALSE(ParseAccountRateLimits("abc=1").ok());
  EXPECT_FALSE(ParseAccountRateLimits("-5=1").ok());
}

}  // namespace
}  // namespace leads
