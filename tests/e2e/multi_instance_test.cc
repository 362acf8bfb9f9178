// Two real leadsd instances on one real PostgreSQL database (issue 7):
// nonces, leads_id and paging, and admin commands are shared through the
// database. Runs when the tests run on PostgreSQL (LEADS_TEST_BACKEND).
#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include <functional>

#include "tests/e2e/harness.h"

namespace leads::e2e {
namespace {

constexpr int64_t kAccount = 25610;
const std::string kRange = "start_time=2024-05-01&end_time=2024-05-01&time_type=1";

class MultiInstance : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!UsePostgres()) GTEST_SKIP() << "needs PostgreSQL (LEADS_TEST_BACKEND=postgres)";
    db_ = std::make_unique<PgDatabase>();
    a_ = std::make_unique<Server>(dir_a_, SharedDb{db_->url()});
    b_ = std::make_unique<Server>(dir_b_, SharedDb{db_->url()});
    a_->AddAccount(kAccount);
    fwd_ = a_->Issue(kAccount, "forwarding");
    intake_ = b_->Issue(kAccount, "intake");  // either instance's admin side: one database
    ASSERT_TRUE(a_->Start());
    ASSERT_TRUE(b_->Start());
  }

  void TearDown() override {
    for (auto* s : {a_.get(), b_.get()}) {
      if (!s || !s->process().running()) continue;
      EXPECT_EQ(s->Stop(), std::optional<int>(0)) << s->process().DrainOutput();
    }
  }

  static int Code(const std::optional<HttpResponse>& r) {
    if (!r) return -1;
    return static_cast<int>(boost::json::parse(r->body).at("code").as_int64());
  }

  TempDir dir_a_, dir_b_;
  std::unique_ptr<PgDatabase> db_;
  std::unique_ptr<Server> a_, b_;
  Credential fwd_, intake_;
};

// A leads_id as JSON: a number (or a numeric string).
int64_t IdOf(const boost::json::value& v) {
  if (v.is_int64()) return v.as_int64();
  if (v.is_uint64()) return static_cast<int64_t>(v.as_uint64());
  if (v.is_string()) return std::stoll(std::string(v.as_string()));
  ADD_FAILURE() << "not a leads_id: " << boost::json::serialize(v);
  return 0;
}

std::optional<HttpResponse> List(Server& s, const std::map<std::string, std::string>& headers,
                                 const std::string& query) {
  return s.Send("GET", "/api/mv1/leads/list?" + query, headers);
}

TEST_F(MultiInstance, NonceAcceptedByOneIsRefusedByTheOther) {
  auto headers = SignedHeaders(fwd_, "SHA256", 0, Nonce());
  EXPECT_EQ(Code(List(*a_, headers, kRange)), 0);
  EXPECT_EQ(Code(List(*b_, headers, kRange)), 2006);  // kNonceReplayed
  EXPECT_EQ(Code(List(*a_, headers, kRange)), 2006);
  // Both at once: exactly one wins.
  for (int round = 0; round < 20; ++round) {
    auto h = SignedHeaders(fwd_, "SHA256", 0, Nonce());
    std::atomic<int> ok{0}, replayed{0};
    std::thread ta([&] { (Code(List(*a_, h, kRange)) == 0 ? ok : replayed)++; });
    std::thread tb([&] { (Code(List(*b_, h, kRange)) == 0 ? ok : replayed)++; });
    ta.join();
    tb.join();
    EXPECT_EQ(ok.load(), 1);
    EXPECT_EQ(replayed.load(), 1);
  }
}

TEST_F(MultiInstance, LeadsIdsStayUniqueAndDeepPagingCorrectWhileBothTakeIntake) {
  constexpr int kWriters = 4, kBatches = 15, kPerBatch = 20;
  std::mutex mu;
  std::vector<int64_t> accepted;
  std::atomic<bool> writing{true};
  std::atomic<int> failures{0};
  auto writer = [&](Server* s, int w) {
    for (int b = 0; b < kBatches; ++b) {
      std::string body = R"({"list":[)";
      for (int i = 0; i < kPerBatch; ++i) {
        int n = (w * kBatches + b) * kPerBatch + i;
        // Few distinct create times: ties are ordered by leads_id.
        body += std::string(i ? "," : "") + R"({"leads_name":"n)" + std::to_string(n) + R"(","leads_tel":"139)" +
                std::to_string(10000000 + n) + R"(","leads_create_time":"2024-05-01 12:00:0)" +
                std::to_string(n % 7) + R"("})";
      }
      body += "]}";
      auto r = s->Post("/intake/v1/leads", intake_, body);
      if (Code(r) != 0) {
        ++failures;
        continue;
      }
      std::lock_guard lock(mu);
      auto answer = boost::json::parse(r->body);  // kept alive for the loop
      for (const auto& id : answer.at("data").at("leads_ids").as_array()) accepted.push_back(IdOf(id));
    }
  };
  // A reader walks the range by cursor meanwhile, alternating instances:
  // every page strictly after the previous one, never a duplicate.
  std::atomic<int> walks{0}, walk_errors{0};
  std::thread reader([&] {
    while (writing) {
      std::set<int64_t> seen;
      std::pair<int64_t, int64_t> last{INT64_MAX, INT64_MAX};
      std::string after;
      for (int page = 0;; ++page) {
        Server& s = page % 2 ? *b_ : *a_;
        auto r = s.Get("/api/mv1/leads/list?" + kRange + "&page_size=17" + after, fwd_);
        if (Code(r) != 0) {
          ++walk_errors;
          break;
        }
        auto list = boost::json::parse(r->body).at("data").at("list").as_array();
        if (list.empty()) break;
        for (const auto& l : list) {
          int64_t id = IdOf(l.at("leads_id"));
          std::string t = boost::json::serialize(l.at("leads_create_time"));
          if (t.size() < 3) {
            ADD_FAILURE() << boost::json::serialize(l);
            continue;
          }
          t.pop_back();  // the closing quote
          std::pair<int64_t, int64_t> key{static_cast<int64_t>(t.back() - '0'), id};
          if (!seen.insert(id).second || !(key < last)) ++walk_errors;
          last = key;
        }
        after = "&search_after_leads_id=" + std::to_string(last.second);
      }
      ++walks;
    }
  });
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) writers.emplace_back(writer, w % 2 ? b_.get() : a_.get(), w);
  for (auto& t : writers) t.join();
  writing = false;
  reader.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(walk_errors.load(), 0);
  EXPECT_GT(walks.load(), 0);

  ASSERT_EQ(accepted.size(), static_cast<size_t>(kWriters * kBatches * kPerBatch));
  std::set<int64_t> unique(accepted.begin(), accepted.end());
  EXPECT_EQ(unique.size(), accepted.size()) << "a leads_id was assigned twice";
  EXPECT_GE(*unique.begin(), 100000001);
  EXPECT_LT(*unique.rbegin(), int64_t{1} << 53);

  // After the intake: total_number and a full walk on each instance, and a
  // deep page=N read, all agree with what was accepted.
  for (Server* s : {a_.get(), b_.get()}) {
    auto first = s->Get("/api/mv1/leads/list?" + kRange + "&page_size=10", fwd_);
    ASSERT_EQ(Code(first), 0);
    EXPECT_EQ(boost::json::parse(first->body).at("data").at("page_info").at("total_number").as_int64(),
              static_cast<int64_t>(accepted.size()));
    std::set<int64_t> walked;
    std::string after;
    for (;;) {
      auto r = s->Get("/api/mv1/leads/list?" + kRange + "&page_size=100" + after, fwd_);
      ASSERT_EQ(Code(r), 0);
      auto list = boost::json::parse(r->body).at("data").at("list").as_array();
      if (list.empty()) break;
      for (const auto& l : list) walked.insert(IdOf(l.at("leads_id")));
      after = "&search_after_leads_id=" + std::to_string(IdOf(list.back().at("leads_id")));
    }
    EXPECT_EQ(walked, unique);
    std::set<int64_t> paged;
    for (int page = 1;; ++page) {
      auto r = s->Get("/api/mv1/leads/list?" + kRange + "&page_size=100&page=" + std::to_string(page), fwd_);
      ASSERT_EQ(Code(r), 0);
      auto list = boost::json::parse(r->body).at("data").at("list").as_array();
      if (list.empty()) break;
      for (const auto& l : list) paged.insert(IdOf(l.at("leads_id")));
    }
    EXPECT_EQ(paged, unique);
  }
}

TEST_F(MultiInstance, AnAdminCommandIsSeenByBothAtOnce) {
  EXPECT_EQ(Code(a_->Get("/api/mv1/leads/list?" + kRange, fwd_)), 0);
  EXPECT_EQ(Code(b_->Get("/api/mv1/leads/list?" + kRange, fwd_)), 0);
  auto revoke = a_->Admin({"token", "revoke", "--token", fwd_.token});
  ASSERT_EQ(revoke.exit_code, 0) << revoke.err;
  EXPECT_EQ(Code(a_->Get("/api/mv1/leads/list?" + kRange, fwd_)), 2008);  // kTokenRevoked
  EXPECT_EQ(Code(b_->Get("/api/mv1/leads/list?" + kRange, fwd_)), 2008);
  // A new token issued by the admin command works on both at once.
  auto fresh = b_->Issue(kAccount, "forwarding");
  EXPECT_EQ(Code(a_->Get("/api/mv1/leads/list?" + kRange, fresh)), 0);
  EXPECT_EQ(Code(b_->Get("/api/mv1/leads/list?" + kRange, fresh)), 0);
}

// --- Push from two instances: the outbox leases (FOR UPDATE SKIP LOCKED). ---

// A push_receiver (plain HTTP) recording every request it gets.
class Receiver {
 public:
  Receiver(const TempDir& dir, const Credential& secret, int delay_ms) : record_(dir.File("rx.jsonl")) {
    if (!proc_.Start({PUSH_RECEIVER_PATH, "--record", record_, "--http", "--secret", secret.token + "=" + secret.secret,
                      "--mode", "ok", "--delay-ms", std::to_string(delay_ms)},
                     "listening on "))
      throw std::runtime_error("push_receiver did not start");
    const std::string& line = proc_.ready_line();
    url_ = line.substr(line.find("listening on ") + 13) + "/leads/push?key=k";
  }
  ~Receiver() { proc_.Signal(SIGKILL); }
  const std::string& url() const { return url_; }
  // Requests per leads_id (verified ones), complete lines only.
  std::map<int64_t, int> Counts() const {
    std::ifstream in(record_);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    std::map<int64_t, int> out;
    size_t pos = 0;
    for (size_t nl; (nl = text.find('\n', pos)) != std::string::npos; pos = nl + 1) {
      auto r = boost::json::parse(text.substr(pos, nl - pos)).as_object();
      EXPECT_TRUE(r.at("verified").as_bool()) << text.substr(pos, nl - pos);
      if (r.contains("leads_id")) ++out[r.at("leads_id").as_int64()];
    }
    return out;
  }

 private:
  Process proc_;
  std::string record_, url_;
};

bool WaitFor(const std::function<bool()>& cond, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return cond();
}

class MultiInstancePush : public ::testing::Test {
 protected:
  static std::vector<std::string> Flags() {
    return {"--allow-http-push", "--push-schedule", "0,1,1,1,1,1", "--push-lease", "2", "--push-poll", "100ms",
            "--push-timeout", "5"};
  }
  void SetUp() override {
    if (!UsePostgres()) GTEST_SKIP() << "needs PostgreSQL (LEADS_TEST_BACKEND=postgres)";
    db_ = std::make_unique<PgDatabase>();
    a_ = std::make_unique<Server>(dir_a_, SharedDb{db_->url()}, Flags());
    b_ = std::make_unique<Server>(dir_b_, SharedDb{db_->url()}, Flags());
    a_->AddAccount(kAccount);
    fwd_ = a_->Issue(kAccount, "forwarding");
    intake_ = a_->Issue(kAccount, "intake");
  }
  void SetPushUrl(const std::string& url) {
    auto r = a_->Admin({"account", "update", "--account-id", std::to_string(kAccount), "--push-url", url});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::set<int64_t> Intake(Server& s, int n, int base) {
    std::string body = R"({"list":[)";
    for (int i = 0; i < n; ++i)
      body += std::string(i ? "," : "") + R"({"leads_name":"p)" + std::to_string(base + i) + R"(","leads_tel":"137)" +
              std::to_string(10000000 + base + i) + R"("})";
    body += "]}";
    auto r = s.Post("/intake/v1/leads", intake_, body);
    std::set<int64_t> ids;
    if (!r) return ids;
    auto v = boost::json::parse(r->body);
    EXPECT_EQ(v.at("code").as_int64(), 0) << r->body;
    if (v.at("code").as_int64() != 0) return ids;
    for (const auto& id : v.at("data").at("leads_ids").as_array()) ids.insert(IdOf(id));
    return ids;
  }
  std::set<int64_t> Keys(const std::map<int64_t, int>& m) {
    std::set<int64_t> out;
    for (const auto& [k, v] : m) out.insert(k);
    return out;
  }

  TempDir dir_a_, dir_b_, dir_rx_;
  std::unique_ptr<PgDatabase> db_;
  std::unique_ptr<Server> a_, b_;
  Credential fwd_, intake_;
};

TEST_F(MultiInstancePush, EachPushIsDeliveredByOneInstance) {
  Receiver rx(dir_rx_, fwd_, 20);
  SetPushUrl(rx.url());
  ASSERT_TRUE(a_->Start());
  ASSERT_TRUE(b_->Start());
  std::set<int64_t> ids;
  for (int batch = 0; batch < 6; ++batch) {
    auto got = Intake(batch % 2 ? *b_ : *a_, 25, batch * 25);
    ids.insert(got.begin(), got.end());
  }
  ASSERT_EQ(ids.size(), 150u);
  EXPECT_TRUE(WaitFor([&] { return Keys(rx.Counts()) == ids; }, std::chrono::seconds(60)));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // a second delivery would show by now
  for (const auto& [id, n] : rx.Counts()) EXPECT_EQ(n, 1) << "lead " << id << " was pushed " << n << " times";
  EXPECT_EQ(a_->Stop(), std::optional<int>(0));
  EXPECT_EQ(b_->Stop(), std::optional<int>(0));
}

TEST_F(MultiInstancePush, AKilledInstancesLeasesAreTakenOverAndEveryLeadArrives) {
  Receiver rx(dir_rx_, fwd_, 300);  // slow: A holds leases when it dies
  SetPushUrl(rx.url());
  ASSERT_TRUE(a_->Start());
  ASSERT_TRUE(b_->Start());
  auto ids = Intake(*a_, 60, 0);
  ASSERT_EQ(ids.size(), 60u);
  ASSERT_TRUE(WaitFor([&] { return rx.Counts().size() >= 3; }, std::chrono::seconds(20)));
  a_->Kill();  // kill -9 mid-delivery: its leases expire after --push-lease
  auto before = rx.Counts().size();
  EXPECT_LT(before, ids.size()) << "everything was delivered before the kill";
  EXPECT_TRUE(WaitFor([&] { return Keys(rx.Counts()) == ids; }, std::chrono::seconds(90)))
      << "arrived " << rx.Counts().size() << " of " << ids.size();
  EXPECT_EQ(b_->Stop(), std::optional<int>(0));
}

}  // namespace
}  // namespace leads::e2e
