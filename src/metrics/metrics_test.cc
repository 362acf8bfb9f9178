#include "metrics/metrics.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace leads::metrics {
namespace {

TEST(Metrics, CounterSumsEveryThreadsShard) {
  Counter c;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) c.Add();
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.Value(), 80000u);
}

TEST(Metrics, HistogramBucketsAreCumulativeAndInSeconds) {
  HistogramFamily h({"a", "b"}, {1000, 10000});
  h.Observe(0, 500);     // <= 1 ms
  h.Observe(0, 1000);    // <= 1 ms (le is inclusive)
  h.Observe(0, 5000);    // <= 10 ms
  h.Observe(0, 50000);   // +Inf
  h.Observe(1, 20);
  std::string out;
  h.Render(out, "x_seconds", "route");
  EXPECT_NE(out.find("x_seconds_bucket{route=\"a\",le=\"0.001\"} 2\n"), std::string::npos) << out;
  EXPECT_NE(out.find("x_seconds_bucket{route=\"a\",le=\"0.01\"} 3\n"), std::string::npos) << out;
  EXPECT_NE(out.find("x_seconds_bucket{route=\"a\",le=\"+Inf\"} 4\n"), std::string::npos) << out;
  EXPECT_NE(out.find("x_seconds_count{route=\"a\"} 4\n"), std::string::npos) << out;
  EXPECT_NE(out.find("x_seconds_sum{route=\"a\"} 0.0565\n"), std::string::npos) << out;
  EXPECT_NE(out.find("x_seconds_count{route=\"b\"} 1\n"), std::string::npos) << out;
  std::string single;
  HistogramFamily one({""}, {1000});
  one.Observe(0, 1);
  one.Render(single, "y", "");
  EXPECT_NE(single.find("y_bucket{le=\"0.001\"} 1\n"), std::string::npos) << single;
  EXPECT_NE(single.find("y_count 1\n"), std::string::npos) << single;
}

TEST(Metrics, RequestsByRouteCodeAndStatus) {
  RequestMetrics m({"/api/mv1/leads/list", "/healthz"});
  m.Observe(0, 0, 200, 1200, 100);
  m.Observe(0, 0, 200, 1200, 100);
  m.Observe(0, 2013, 200, 50, 10);
  m.Observe(99, 2190, 404, 10, 5);  // out of range: unmatched
  m.Observe(1, 4242, 299, 10, 5);   // a code and a status outside the tables
  EXPECT_EQ(m.Requests(0, 0), 2u);
  EXPECT_EQ(m.Requests(m.unmatched(), 2190), 1u);
  std::string out;
  m.Render(out);
  EXPECT_NE(out.find("# TYPE leadsd_requests_total counter\n"), std::string::npos);
  EXPECT_NE(out.find("leadsd_requests_total{route=\"/api/mv1/leads/list\",code=\"0\"} 2\n"), std::string::npos) << out;
  EXPECT_NE(out.find("leadsd_requests_total{route=\"/api/mv1/leads/list\",code=\"2013\"} 1\n"), std::string::npos);
  EXPECT_NE(out.find("leadsd_requests_total{route=\"unmatched\",code=\"2190\"} 1\n"), std::string::npos);
  EXPECT_NE(out.find("leadsd_requests_total{route=\"/healthz\",code=\"other\"} 1\n"), std::string::npos);
  EXPECT_NE(out.find("leadsd_http_responses_total{route=\"/api/mv1/leads/list\",status=\"200\"} 3\n"),
            std::string::npos);
  EXPECT_NE(out.find("leadsd_http_responses_total{route=\"/healthz\",status=\"other\"} 1\n"), std::string::npos);
  EXPECT_NE(out.find("leadsd_response_bytes_total{route=\"/api/mv1/leads/list\"} 210\n"), std::string::npos);
  EXPECT_NE(out.find("leadsd_request_duration_seconds_count{route=\"/api/mv1/leads/list\"} 3\n"), std::string::npos);
}

TEST(Metrics, LabelValuesAreEscaped) { EXPECT_EQ(EscapeLabel("a\"b\\c\nd"), "a\\\"b\\\\c\\nd"); }

TEST(Metrics, RegistryRendersSectionsInOrder) {
  Registry r;
  r.Add([](std::string& out) { Registry::Family(out, "a", "gauge", "first"); Registry::Sample(out, "a", "", 1); });
  r.Add([](std::string& out) { Registry::Sample(out, "b", "k=\"v\"", 2.5); });
  EXPECT_EQ(r.Render(), "# HELP a first\n# TYPE a gauge\na 1\nb{k=\"v\"} 2.5\n");
}

}  // namespace
}  // namespace leads::metrics
