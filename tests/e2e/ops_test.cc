// Operators' basics end to end: /metrics (its own listener, or a bearer
// token on the main one), per-token rate limits (code 2013), request ids
// and the structured access log, and serve's config file / environment /
// flags, against the real leadsd.
#include <fstream>
#include <sstream>
#include <regex>
#include <thread>

#include "tests/e2e/fixture.h"

namespace leads::e2e {
namespace {

// The value of a sample line `name{labels} VALUE` in a scrape (-1: absent).
double Sample(const std::string& scrape, const std::string& series) {
  size_t p = scrape.find("\n" + series + " ");
  if (p == std::string::npos) return -1;
  return std::stod(scrape.substr(p + series.size() + 2));
}

class Metrics : public E2eTest {
 protected:
  std::vector<std::string> ExtraArgs() override { return {"--metrics-listen", "127.0.0.1:0"}; }

  uint16_t MetricsPort() {
    if (!metrics_port_) {
      std::smatch m;
      std::string out = server_->process().DrainOutput();
      static const std::regex re("leadsd metrics on http://127\\.0\\.0\\.1:([0-9]+)/metrics");
      if (std::regex_search(out, m, re)) metrics_port_ = static_cast<uint16_t>(std::stoi(m[1]));
    }
    return metrics_port_;
  }

  std::string Scrape() {
    HttpConnection c(MetricsPort());
    auto r = c.Request("GET", "/metrics");
    EXPECT_TRUE(r);
    if (!r) return "";
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->Header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    return r->body;
  }

  uint16_t metrics_port_ = 0;
};

TEST_F(Metrics, CountsRequestsByRouteAndCodeWithLatencyAndNoLeadData) {
  ASSERT_NE(MetricsPort(), 0);
  server_->Import(kAccount, MakeLeadsJsonl(3));
  for (int i = 0; i < 3; ++i) Envelope(server_->Get("/api/mv1/leads/list?" + kAllTime, fwd_), 0);
  Envelope(server_->Get("/api/mv1/leads/list?" + kAllTime, Credential{"999999", "nope"}), 2007);
  Envelope(server_->Send("GET", "/no/such/path?x=1"), 2190, 404);
  {  // refused before it was read whole: counted, and it has a request id too
    HttpConnection big(server_->port());
    big.SendRaw("POST /api/mv1/leads/report HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n");
    auto r = big.Read();
    Envelope(r, 2192, 413);
    EXPECT_FALSE(r->Header("x-request-id").empty());
  }
  std::string s = Scrape();
  EXPECT_EQ(Sample(s, "leadsd_requests_total{route=\"/api/mv1/leads/list\",code=\"0\"}"), 3) << s;
  EXPECT_EQ(Sample(s, "leadsd_requests_total{route=\"/api/mv1/leads/list\",code=\"2007\"}"), 1) << s;
  EXPECT_EQ(Sample(s, "leadsd_requests_total{route=\"unmatched\",code=\"2190\"}"), 1) << s;
  EXPECT_EQ(Sample(s, "leadsd_http_responses_total{route=\"unmatched\",status=\"404\"}"), 1) << s;
  EXPECT_EQ(Sample(s, "leadsd_requests_total{route=\"unmatched\",code=\"2192\"}"), 1) << s;
  EXPECT_EQ(Sample(s, "leadsd_request_duration_seconds_count{route=\"/api/mv1/leads/list\"}"), 4) << s;
  EXPECT_EQ(Sample(s, "leadsd_request_duration_seconds_bucket{route=\"/api/mv1/leads/list\",le=\"+Inf\"}"), 4);
  EXPECT_GT(Sample(s, "leadsd_response_bytes_total{route=\"/api/mv1/leads/list\"}"), 1000);
  std::string backend = UsePostgres() ? "postgresql" : "sqlite";
  EXPECT_GT(Sample(s, "leadsd_store_call_duration_seconds_count{backend=\"" + backend + "\"}"), 4) << s;
  EXPECT_GE(Sample(s, "leadsd_push_backlog"), 0) << s;
  EXPECT_GE(Sample(s, "leadsd_push_attempts_total"), 0) << s;
  EXPECT_EQ(Sample(s, "leadsd_build_info{version=\"0.1.0\",backend=\"" + backend + "\"}"), 1) << s;
  // Counts only: no lead, no token, no client-chosen path.
  EXPECT_EQ(s.find("leads_tel"), std::string::npos);
  EXPECT_EQ(s.find("13810000000"), std::string::npos);  // a lead's phone number
  EXPECT_EQ(s.find("测试"), std::string::npos);          // a lead's name
  EXPECT_EQ(s.find(fwd_.token), std::string::npos);
  EXPECT_EQ(s.find("/no/such/path"), std::string::npos);
  // Not on the main listener without a token.
  Envelope(server_->Send("GET", "/metrics"), 2190, 404);
  // The metrics listener serves nothing else.
  HttpConnection c(MetricsPort());
  auto other = c.Request("GET", "/api/mv1/leads/list?" + kAllTime, SignedHeaders(fwd_));
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 404);
}

class MetricsToken : public E2eTest {
 protected:
  std::vector<std::string> ExtraArgs() override { return {"--metrics-token", "s3cret-metrics-token-0123"}; }
};

TEST_F(MetricsToken, MainListenerServesMetricsOnlyWithTheBearerToken) {
  Envelope(server_->Send("GET", "/metrics"), 2014, 401);
  Envelope(server_->Send("GET", "/metrics", {{"Authorization", "Bearer s3cret-metrics-token-0124"}}), 2014, 401);
  Envelope(server_->Send("GET", "/metrics", {{"Authorization", "s3cret-metrics-token-0123"}}), 2014, 401);
  auto ok = server_->Send("GET", "/metrics", {{"Authorization", "Bearer s3cret-metrics-token-0123"}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_NE(ok->body.find("leadsd_requests_total{route=\"/metrics\",code=\"2014\"} 3\n"), std::string::npos)
      << ok->body;
}

class RateLimit : public E2eTest {
 protected:
  std::vector<std::string> ExtraArgs() override { return {"--rate-limit", "2/3"}; }
};

TEST_F(RateLimit, BurstExceededAnswers2013OtherTokensUnaffectedThenRefills) {
  for (int i = 0; i < 3; ++i) Envelope(server_->Get("/api/mv1/leads/list?" + kAllTime, fwd_), 0);
  auto limited = server_->Get("/api/mv1/leads/list?" + kAllTime, fwd_);
  auto body = Envelope(limited, 2013);
  EXPECT_EQ(limited->Header("retry-after"), "1");
  EXPECT_NE(std::string(body.at("message").as_string()).find("too many requests"), std::string::npos);
  // Another token (another account's) has its own bucket; so has the same
  // account's report token.
  Envelope(server_->Get("/api/mv1/leads/list?" + kAllTime, other_fwd_), 0);
  Envelope(server_->Post("/api/mv1/leads/set_leads_status_system", rep_,
                         "{\"account_id\":25610,\"leads_status_system_option\":1}"),
           0);
  // Unsigned routes are not limited.
  for (int i = 0; i < 10; ++i) Envelope(server_->Send("GET", "/healthz"), 0);
  // A bad signature is refused before the limit is consulted: 2009, not 2013.
  Envelope(server_->Get("/api/mv1/leads/list?" + kAllTime, Credential{fwd_.token, "wrong"}), 2009);
  // 2 per second: after 0.6 s one more request is allowed, the next is not.
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  Envelope(server_->Get("/api/mv1/leads/list?" + kAllTime, fwd_), 0);
  Envelope(server_->Get("/api/mv1/leads/list?" + kAllTime, fwd_), 2013);
}

class RateLimitAccount : public E2eTest {
 protected:
  std::vector<std::string> ExtraArgs() override { return {"--rate-limit-accounts", "30000=1/1"}; }
};

TEST_F(RateLimitAccount, OnlyTheNamedAccountsTokensAreLimited) {
  Envelope(server_->Get("/api/mv1/leads/list?" + kAllTime, other_fwd_), 0);
  Envelope(server_->Get("/api/mv1/leads/list?" + kAllTime, other_fwd_), 2013);
  for (int i = 0; i < 5; ++i) Envelope(server_->Get("/api/mv1/leads/list?" + kAllTime, fwd_), 0);
}

class AccessLog : public E2eTest {
 protected:
  std::vector<std::string> ExtraArgs() override { return {"--access-log", "--log-format", "json"}; }
};

TEST_F(AccessLog, JsonLinesWithRequestIdAndNoQuery) {
  server_->process().DrainOutput();
  auto h = SignedHeaders(fwd_);
  h["X-Request-Id"] = "lb-7f3e.42:abc_DEF";
  auto r = server_->Send("GET", "/api/mv1/leads/list?" + kAllTime + "&page_size=7", h);
  Envelope(r, 0);
  EXPECT_EQ(r->Header("x-request-id"), "lb-7f3e.42:abc_DEF");
  // Not a sane id (space, quote, too long): ours instead, 16 hex digits.
  for (std::string bad : {std::string("a b"), std::string("x\"y"), std::string(65, 'a')}) {
    auto r2 = server_->Send("GET", "/healthz", {{"X-Request-Id", bad}});
    ASSERT_TRUE(r2);
    EXPECT_TRUE(std::regex_match(r2->Header("x-request-id"), std::regex("[0-9a-f]{16}"))) << r2->Header("x-request-id");
  }
  auto r3 = server_->Send("GET", "/healthz");
  std::string generated = r3->Header("x-request-id");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  std::string log = server_->process().DrainOutput();
  boost::json::object list_line, health_line;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] != '{') continue;
    auto v = boost::json::parse(line).as_object();  // every line is JSON
    EXPECT_TRUE(v.contains("time") && v.contains("level")) << line;
    if (!v.contains("type")) continue;
    if (v.at("request_id") == "lb-7f3e.42:abc_DEF") list_line = v;
    if (v.at("request_id") == boost::json::value(generated)) health_line = v;
  }
  ASSERT_FALSE(list_line.empty()) << log;
  EXPECT_EQ(list_line.at("type"), "access");
  EXPECT_EQ(list_line.at("method"), "GET");
  EXPECT_EQ(list_line.at("path"), "/api/mv1/leads/list");
  EXPECT_EQ(list_line.at("status").as_int64(), 200);
  EXPECT_EQ(list_line.at("code").as_int64(), 0);
  EXPECT_EQ(list_line.at("account_id").as_int64(), kAccount);
  EXPECT_EQ(list_line.at("remote"), "127.0.0.1");
  EXPECT_GT(list_line.at("bytes").as_int64(), 0);
  EXPECT_TRUE(list_line.at("latency_ms").is_double());
  EXPECT_EQ(log.find("page_size=7"), std::string::npos);  // never the query
  ASSERT_FALSE(health_line.empty()) << log;
  EXPECT_FALSE(health_line.contains("account_id"));
}

// --- serve's settings: config file < environment < flags -----------------

std::string WriteConf(const TempDir& dir, const std::string& text) {
  std::string path = dir.File("leadsd.conf");
  std::ofstream(path) << text;
  return path;
}

TEST(Config, BadFilesAreRefusedNamingFileLineAndKey) {
  TempDir dir;
  std::string path = WriteConf(dir, "# leadsd\nlisten = 127.0.0.1:0\nlisten_addr = 1.2.3.4:5\n");
  auto r = e2e::Run({LeadsdPath(), "serve", "--config", path, "--db", "sqlite:" + dir.File("x.db")});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find(path + ":3: unknown key 'listen_addr'"), std::string::npos) << r.err;
  path = WriteConf(dir, "push_lease = 1\n");
  r = e2e::Run({LeadsdPath(), "serve", "--config", path, "--db", "sqlite:" + dir.File("x.db")});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find(path + ":1: push_lease: must be an integer from 2 to 3600, got '1'"), std::string::npos)
      << r.err;
  r = e2e::Run({"/usr/bin/env", "LEADSD_LOG_FORMAT=xml", LeadsdPath(), "config", "print"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("LEADSD_LOG_FORMAT: log_format: must be text or json, got 'xml'"), std::string::npos)
      << r.err;
}

TEST(Config, PrintShowsTheEffectiveSettingsInPrecedenceOrder) {
  TempDir dir;
  std::string path =
      WriteConf(dir, "threads = 3\nbody_limit = 4096\nrate_limit = 5/10\nmetrics_token = abcdefghijklmnopqrstuvwxyz\n");
  auto r = e2e::Run({"/usr/bin/env", "LEADSD_THREADS=7", "LEADSD_BODY_LIMIT=8192", LeadsdPath(), "config", "print",
                "--config", path, "--body-limit", "2048"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("threads = 7\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("body_limit = 2048\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("rate_limit = 5/10\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("metrics_token = <redacted>\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("abcdefghijklmnopqrstuvwxyz"), std::string::npos);
  EXPECT_NE(r.out.find("# config file: " + path), std::string::npos) << r.out;
  // The package's default config is accepted as shipped.
  auto shipped = e2e::Run({LeadsdPath(), "config", "print", "--config", std::string(LEADS_SOURCE_DIR) + "/packaging/leadsd.conf"});
  EXPECT_EQ(shipped.exit_code, 0) << shipped.err;
}

TEST(Config, ServeTakesItsSettingsFromTheFile) {
  TempDir dir;
  std::string path = WriteConf(dir, "rate_limit = 1/1\nmetrics_listen = 127.0.0.1:0\n");
  Server server(dir, {"--config", path});
  server.AddAccount(25610);
  Credential fwd = server.Issue(25610, "forwarding");
  ASSERT_TRUE(server.Start());
  EXPECT_NE(server.process().DrainOutput().find("leadsd metrics on http://127.0.0.1:"), std::string::npos);
  auto a = server.Get("/api/mv1/leads/list?" + kAllTime, fwd);
  auto b = server.Get("/api/mv1/leads/list?" + kAllTime, fwd);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->Json().at("code").as_int64(), 0);
  EXPECT_EQ(b->Json().at("code").as_int64(), 2013);
  EXPECT_EQ(server.Stop(), std::optional<int>(0));
}

}  // namespace
}  // namespace leads::e2e
