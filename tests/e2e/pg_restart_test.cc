// PostgreSQL restarting under load (issue 7): while the database is down
// requests fail with a code in the 1100 range (never a hang, never a
// crash), the server reconnects by itself, and nothing accepted before is
// lost. Uses a cluster of its own (scripts/pg-cluster.sh), so other suites
// running meanwhile keep theirs.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <set>
#include <thread>

#include "tests/e2e/harness.h"

namespace leads::e2e {
namespace {

constexpr int64_t kAccount = 25610;
const std::string kRange = "start_time=2024-05-01&end_time=2024-05-01&time_type=1";

int Code(const std::optional<HttpResponse>& r) {
  if (!r) return -1;
  return static_cast<int>(boost::json::parse(r->body).at("code").as_int64());
}

class Cluster {
 public:
  explicit Cluster(std::string script) : script_(std::move(script)) {
    auto r = Run({script_, "start", state_.path()}, std::chrono::seconds(120));
    if (r.exit_code != 0) throw std::runtime_error("pg-cluster start: " + r.err);
    url_ = r.out.substr(0, r.out.find('\n'));
  }
  ~Cluster() { Run({script_, "stop", state_.path()}); }
  CommandResult Restart(int down_seconds) {
    setenv("PG_DOWN_SECONDS", std::to_string(down_seconds).c_str(), 1);
    return Run({script_, "restart", state_.path()}, std::chrono::seconds(120));
  }
  const std::string& url() const { return url_; }

 private:
  TempDir state_;
  std::string script_, url_;
};

TEST(PgRestart, RequestsFailFastWhileDownAndTheServerReconnects) {
  const char* script = std::getenv("LEADS_PG_CLUSTER_SCRIPT");
  if (!script) GTEST_SKIP() << "needs LEADS_PG_CLUSTER_SCRIPT (scripts/pg-cluster.sh)";
  Cluster cluster(script);
  TempDir dir;
  auto db = std::make_unique<PgDatabase>(cluster.url());
  Server server(dir, SharedDb{db->url()});
  server.AddAccount(kAccount);
  auto fwd = server.Issue(kAccount, "forwarding");
  auto intake = server.Issue(kAccount, "intake");
  ASSERT_TRUE(server.Start());

  std::mutex mu;
  std::vector<int64_t> accepted;
  std::set<int> codes;
  std::atomic<bool> running{true};
  std::atomic<int> ok_after_restart{0}, failed{0}, no_answer{0};
  std::atomic<bool> restarted{false};
  std::atomic<int64_t> slowest_ms{0};
  auto load = [&](int w) {
    for (int n = 0; running; ++n) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));  // steady load, a bounded number of leads
      bool post = n % 2 == 0;
      auto t0 = std::chrono::steady_clock::now();
      std::optional<HttpResponse> r;
      if (post) {
        std::string body = R"({"list":[{"leads_name":"w)" + std::to_string(w) + "-" + std::to_string(n) +
                           R"(","leads_create_time":"2024-05-01 10:00:00"},)"
                           R"({"leads_name":"x","leads_create_time":"2024-05-01 11:00:00"}]})";
        r = server.Post("/intake/v1/leads", intake, body);
      } else {
        r = server.Get("/api/mv1/leads/list?" + kRange + "&page_size=5", fwd);
      }
      int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
      int64_t prev = slowest_ms.load();
      while (ms > prev && !slowest_ms.compare_exchange_weak(prev, ms)) {
      }
      int code = Code(r);
      std::lock_guard lock(mu);
      if (!r) {
        ++no_answer;
        continue;
      }
      if (code != 0) {
        ++failed;
        codes.insert(code);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
      if (restarted) ++ok_after_restart;
      if (post) {
        auto body = boost::json::parse(r->body);  // kept alive for the loop
        for (const auto& id : body.at("data").at("leads_ids").as_array()) accepted.push_back(id.as_int64());
      }
    }
  };
  // /readyz meanwhile: 200 while the store answers, 503 with 1101 while not.
  std::set<std::pair<int, int>> ready_seen;  // (HTTP status, code)
  std::vector<std::thread> threads;
  threads.emplace_back([&] {
    while (running) {
      auto r = server.Send("GET", "/readyz");
      {
        std::lock_guard lock(mu);
        ready_seen.insert({r ? r->status : -1, Code(r)});
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  for (int w = 0; w < 3; ++w) threads.emplace_back(load, w);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  size_t before_restart;
  {
    std::lock_guard lock(mu);
    before_restart = accepted.size();
  }
  auto restart = cluster.Restart(2);
  ASSERT_EQ(restart.exit_code, 0) << restart.err;
  restarted = true;
  // The pool reconnects on its own: within a few seconds requests succeed again.
  for (int i = 0; i < 100 && ok_after_restart < 10; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  running = false;
  for (auto& t : threads) t.join();

  EXPECT_GT(before_restart, 0u);
  EXPECT_GE(ok_after_restart.load(), 10) << "the server did not reconnect";
  EXPECT_EQ(no_answer.load(), 0) << "a request got no answer";
  EXPECT_GT(failed.load(), 0) << "the outage was not noticed (restart too quick?)";
  for (int c : codes) EXPECT_TRUE(c >= 1100 && c < 1200) << "failed with code " << c;
  EXPECT_LT(slowest_ms.load(), 10000) << "a request hung";
  ASSERT_TRUE(server.process().running()) << server.process().DrainOutput();
  EXPECT_TRUE(ready_seen.count({200, 0}));
  EXPECT_TRUE(ready_seen.count({503, 1101})) << "/readyz did not report the outage";
  for (const auto& [status, code] : ready_seen) EXPECT_TRUE(status == 200 || status == 503) << status;
  auto ready = server.Send("GET", "/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200) << ready->body;

  // Nothing accepted is lost: every id answered with code 0 is listed.
  std::set<int64_t> listed;
  std::string after;
  for (;;) {
    auto r = server.Get("/api/mv1/leads/list?" + kRange + "&page_size=100" + after, fwd);
    ASSERT_EQ(Code(r), 0) << (r ? r->body : "");
    auto list = boost::json::parse(r->body).at("data").at("list").as_array();
    if (list.empty()) break;
    for (const auto& l : list) listed.insert(l.at("leads_id").as_int64());
    after = "&search_after_leads_id=" + std::to_string(list.back().at("leads_id").as_int64());
  }
  std::vector<int64_t> lost;
  for (int64_t id : accepted)
    if (!listed.count(id)) lost.push_back(id);
  EXPECT_TRUE(lost.empty()) << lost.size() << " of " << accepted.size() << " accepted leads are lost, e.g. "
                            << (lost.empty() ? 0 : lost[0]);
  EXPECT_GT(accepted.size(), before_restart);
  EXPECT_EQ(server.Stop(), std::optional<int>(0)) << server.process().DrainOutput();
  db.reset();
}

}  // namespace
}  // namespace leads::e2e
