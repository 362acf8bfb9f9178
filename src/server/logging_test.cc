#include "server/logging.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace leads {
namespace {

http::RequestRecord Sample() {
  http::RequestRecord r;
  r.request_id = "5f3a9c1e00000001";
  r.method = "GET";
  r.path = "/api/mv1/leads/list";
  r.remote = "10.0.0.7";
  r.status = 200;
  r.code = 2013;
  r.micros = 1234;
  r.bytes = 321;
  r.account_id = 25610;
  return r;
}

TEST(AccessLog, JsonFieldsAreOneObjectsMembers) {
  auto v = boost::json::parse("{" + AccessFields(Sample(), LogFormat::kJson) + "}").as_object();
  EXPECT_EQ(v.at("type"), "access");
  EXPECT_EQ(v.at("request_id"), "5f3a9c1e00000001");
  EXPECT_EQ(v.at("method"), "GET");
  EXPECT_EQ(v.at("path"), "/api/mv1/leads/list");
  EXPECT_EQ(v.at("status").as_int64(), 200);
  EXPECT_EQ(v.at("code").as_int64(), 2013);
  EXPECT_DOUBLE_EQ(v.at("latency_ms").as_double(), 1.234);
  EXPECT_EQ(v.at("bytes").as_int64(), 321);
  EXPECT_EQ(v.at("account_id").as_int64(), 25610);
  EXPECT_EQ(v.at("remote"), "10.0.0.7");
}

TEST(AccessLog, LogfmtQuotesWhatNeedsIt) {
  auto r = Sample();
  r.account_id = 0;  // unknown: left out
  r.path = "/a \"b\"";
  EXPECT_EQ(AccessFields(r, LogFormat::kText),
            "request_id=5f3a9c1e00000001 method=GET path=\"/a \\\"b\\\"\" status=200 code=2013 latency_ms=1.234 "
            "bytes=321 remote=10.0.0.7");
}

}  // namespace
}  // namespace leads
