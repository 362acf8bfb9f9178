#include "push/verdict.h"

#include <gtest/gtest.h>

namespace leads::push {
namespace {

PushResponse Answer(int status, std::string body, std::string retry_after = "") {
  PushResponse r;
  r.http_status = status;
  r.body = std::move(body);
  r.retry_after = std::move(retry_after);
  return r;
}

constexpr int64_t kNow = 1732838400;  // 2024-11-29 00:00:00 UTC

TEST(Verdict, DeliveredOnlyWith2xxAndCodeZero) {
  EXPECT_TRUE(Judge(Answer(200, R"({"code":0,"message":"ok"})"), kNow).delivered);
  EXPECT_TRUE(Judge(Answer(201, R"({"code":0})"), kNow).delivered);
  EXPECT_TRUE(Judge(Answer(200, R"({"code":0.0})"), kNow).delivered);

  auto v = Judge(Answer(200, R"({"code":10000,"message":"用户身份验证未通过"})"), kNow);
  EXPECT_FALSE(v.delivered);
  EXPECT_EQ(v.body_code, 10000);
  EXPECT_EQ(v.error, "code 10000: 用户身份验证未通过");

  v = Judge(Answer(500, R"({"code":0})"), kNow);
  EXPECT_FALSE(v.delivered);
  EXPECT_EQ(v.body_code, 0);
  EXPECT_EQ(v.error, "HTTP 500");

  v = Judge(Answer(302, ""), kNow);
  EXPECT_FALSE(v.delivered) << "redirects are not followed";

  v = Judge(Answer(200, "OK"), kNow);
  EXPECT_FALSE(v.delivered);
  EXPECT_EQ(v.error, "HTTP 200 but the body is not a JSON object");

  v = Judge(Answer(200, R"({"code":"0"})"), kNow);
  EXPECT_FALSE(v.delivered);
  EXPECT_EQ(v.error, "HTTP 200 but the body has no integer \"code\"");

  v = Judge(Answer(200, R"({"msg":"success"})"), kNow);
  EXPECT_FALSE(v.delivered);

  PushResponse big = Answer(200, R"({"code":0})");
  big.body_truncated = true;
  EXPECT_FALSE(Judge(big, kNow).delivered);
}

TEST(Verdict, TransportErrorsFail) {
  PushResponse r;
  r.error = "Operation timed out after 5001 milliseconds with 0 bytes received";
  auto v = Judge(r, kNow);
  EXPECT_FALSE(v.delivered);
  EXPECT_EQ(v.error, r.error);
  EXPECT_FALSE(v.body_code);
}

TEST(Verdict, RetryAfterOn429And503) {
  auto v = Judge(Answer(503, "", "120"), kNow);
  EXPECT_EQ(v.retry_after, 120);
  EXPECT_EQ(v.error, "HTTP 503 (Retry-After 120 s)");
  EXPECT_EQ(Judge(Answer(429, "", "5"), kNow).retry_after, 5);
  EXPECT_FALSE(Judge(Answer(500, "", "5"), kNow).retry_after) << "only 429 and 503";
  EXPECT_EQ(Judge(Answer(429, "", "Fri, 29 Nov 2024 00:01:00 GMT"), kNow).retry_after, 60);
}

TEST(Verdict, ParseRetryAfter) {
  EXPECT_EQ(ParseRetryAfter("0", kNow), 0);
  EXPECT_EQ(ParseRetryAfter("999999", kNow), 86400) << "capped at a day";
  EXPECT_EQ(ParseRetryAfter("Thu, 28 Nov 2024 00:00:00 GMT", kNow), 0) << "a date in the past";
  EXPECT_FALSE(ParseRetryAfter("", kNow));
  EXPECT_FALSE(ParseRetryAfter("-5", kNow));
  EXPECT_FALSE(ParseRetryAfter("soon", kNow));
}

TEST(Verdict, TruncateUtf8) {
  EXPECT_EQ(TruncateUtf8("hello", 3), "hel");
  EXPECT_EQ(TruncateUtf8("测试", 5), "测") << "never splits a character";
  EXPECT_EQ(TruncateUtf8("a\xff" "b", 10), "a?b");
  EXPECT_EQ(TruncateUtf8("\xe6\xb5", 10), "??");
  EXPECT_EQ(TruncateUtf8(std::string(5000, 'x'), 1024).size(), 1024u);
}

}  // namespace
}  // namespace leads::push
