// End-to-end tests of leadsctl: the real leadsd on 127.0.0.1 (the harness)
// and leadsctl run as a process, configured through environment variables
// as a user would.
//
//   pull     2,000 leads across pages into .jsonl, .csv and .db; the same
//            ids as the API; a second run adds nothing
//   follow   a standing sync that is SIGKILLed mid-walk and between syncs,
//            picks up newly imported leads exactly once
//   report   a CSV with good and bad rows: per-row results, good rows
//            applied; resumable after a failed run
//   receive  hand-built signed pushes (plain HTTP and TLS with a
//            self-signed certificate made by `openssl`): valid ones stored
//            once, forged/expired/tampered ones rejected; --exec
//   push     leadsd pushing to leadsctl receive (both signatures verified)
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "auth/signature.h"
#include "client/csv.h"
#include "common/time_format.h"
#include "tests/e2e/harness.h"

extern char** environ;

namespace leads::e2e {
namespace {

using namespace std::chrono_literals;

constexpr int64_t kAccount = 4242;

std::string LeadsctlPath() {
  if (const char* p = std::getenv("LEADSCTL")) return p;
  return LEADSCTL_PATH;
}

int64_t Now() { return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count(); }

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Leads with distinct phone numbers (offset keeps batches apart), entry
// times from `base` one second apart.
std::string MakeLeads(int n, int64_t base, int offset) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    boost::json::object o{{"leads_name", "客户" + std::to_string(offset + i)},
                          {"leads_tel", "139" + std::to_string(10000000 + offset + i)},
                          {"leads_type", "LEADS_TYPE_FORM"},
                          {"leads_create_time", FormatDateTime(base + i, kChinaOffsetSeconds)},
                          {"leads_action_time", FormatDateTime(base + i - 30, kChinaOffsetSeconds)},
                          {"leads_age", "30"},
                          {"leads_address", "深圳市, 南山区 \"科技园\""}};
    out += boost::json::serialize(o) + "\n";
  }
  return out;
}

std::set<int64_t> JsonlIds(const std::string& path, size_t* lines = nullptr) {
  std::set<int64_t> ids;
  std::istringstream in(Slurp(path));
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    ++n;
    ids.insert(boost::json::parse(line).at("leads_id").to_number<int64_t>());
  }
  if (lines) *lines = n;
  return ids;
}

std::set<int64_t> CsvIds(const std::string& path, size_t* rows = nullptr) {
  auto p = ctl::ParseCsv(Slurp(path), false);
  std::set<int64_t> ids;
  EXPECT_FALSE(p.records.empty());
  for (size_t i = 1; i < p.records.size(); ++i) ids.insert(std::stoll(p.records[i].fields.at(0)));
  if (rows) *rows = p.records.empty() ? 0 : p.records.size() - 1;
  return ids;
}

std::set<int64_t> SqliteIds(const std::string& path, const std::string& extra_check = "") {
  sqlite3* db = nullptr;
  std::set<int64_t> ids;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return ids;
  sqlite3_stmt* st = nullptr;
  std::string q = "SELECT leads_id FROM leads" + extra_check;
  if (sqlite3_prepare_v2(db, q.c_str(), -1, &st, nullptr) == SQLITE_OK)
    while (sqlite3_step(st) == SQLITE_ROW) ids.insert(sqlite3_column_int64(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return ids;
}

// A leadsctl process whose stdout goes to a file (so a test can read its
// per-sync lines while it runs), killable at any point.
class Child {
 public:
  Child(const std::vector<std::string>& argv, const std::string& stdout_path) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, stdout_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    std::vector<char*> a;
    for (const auto& s : argv) a.push_back(const_cast<char*>(s.c_str()));
    a.push_back(nullptr);
    if (posix_spawnp(&pid_, a[0], &fa, nullptr, a.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&fa);
  }
  ~Child() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  void Kill(int sig) {
    if (pid_ > 0) kill(pid_, sig);
  }
  std::optional<int> Wait(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (pid_ > 0) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
      }
      if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
      std::this_thread::sleep_for(10ms);
    }
    return std::nullopt;
  }
  bool running() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
};

// Polls `pred` every 10 ms until it holds or `timeout` passes.
bool WaitFor(const std::function<bool()>& pred, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return pred();
}

size_t LineCount(const std::string& path) {
  std::string s = Slurp(path);
  return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
}

class LeadsctlTest : public ::testing::Test {
 protected:
  virtual std::vector<std::string> ExtraArgs() const { return {}; }
  void SetUp() override {
    server_ = std::make_unique<Server>(dir_, ExtraArgs());
    server_->AddAccount(kAccount);
    forwarding_ = server_->Issue(kAccount, "forwarding");
    report_ = server_->Issue(kAccount, "report");
    ASSERT_TRUE(server_->Start());
  }

  std::string BaseUrl() const { return "http://127.0.0.1:" + std::to_string(server_->port()) + "/api/mv1/"; }

  // `env LEADS_...=... leadsctl ARGS...`: credentials from the environment.
  std::vector<std::string> Argv(const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {"/usr/bin/env",
                                     "LEADS_BASE_URL=" + BaseUrl(),
                                     "LEADS_TOKEN=" + forwarding_.token,
                                     "LEADS_SECRET=" + forwarding_.secret,
                                     "LEADS_REPORT_TOKEN=" + report_.token,
                                     "LEADS_REPORT_SECRET=" + report_.secret,
                                     "LEADS_CONFIG=/dev/null",
                                     LeadsctlPath()};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }
  CommandResult Ctl(const std::vector<std::string>& args) const { return e2e::Run(Argv(args), 60s); }

  // Every id the API lists for the range (page by page, no cursor).
  std::set<int64_t> ApiIds(const std::string& start, const std::string& end) {
    std::set<int64_t> ids;
    for (int page = 1;; ++page) {
      auto r = server_->Get("/api/mv1/leads/list?start_time=" + start + "&end_time=" + end +
                                "&page_size=200&page=" + std::to_string(page),
                            forwarding_);
      EXPECT_TRUE(r.has_value());
      if (!r) break;
      auto v = r->Json();
      EXPECT_EQ(v.at("code").as_int64(), 0) << r->body;
      const auto& list = v.at("data").at("list").as_array();
      if (list.empty()) break;
      for (const auto& l : list) ids.insert(l.at("leads_id").as_int64());
    }
    return ids;
  }

  boost::json::object LeadById(int64_t id) {
    auto r = server_->Get("/api/mv1/leads/list?start_time=2024-05-01&end_time=2024-05-02&page_size=200", forwarding_);
    if (!r) return {};
    auto v = r->Json();  // kept alive for the loop
    for (const auto& l : v.at("data").at("list").as_array())
      if (l.at("leads_id").as_int64() == id) return l.as_object();
    return {};
  }

  TempDir dir_;
  std::unique_ptr<Server> server_;
  Credential forwarding_, report_;
};

TEST_F(LeadsctlTest, PullsTwoThousandLeadsIntoEachFormat) {
  ASSERT_EQ(server_->Import(kAccount, MakeLeads(2000, 1714536000, 0)), 2000);
  const std::set<int64_t> expected = ApiIds("2024-05-01", "2024-05-01");
  ASSERT_EQ(expected.size(), 2000u);

  // A mistyped range fails without leaving anything that blocks the
  // corrected command.
  auto bad = Ctl({"pull", "--start", "2024-05-02", "--end", "2024-05-01", "--out", dir_.File("out.jsonl")});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("2108"), std::string::npos) << bad.err;

  for (const std::string name : {"out.jsonl", "out.csv", "out.db"}) {
    SCOPED_TRACE(name);
    std::string out = dir_.File(name);
    // 150 per page: 14 pages, the last one short.
    auto r = Ctl({"pull", "--start", "2024-05-01", "--end", "2024-05-01", "--page-size", "150", "--out", out, "--bom"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto summary = boost::json::parse(r.out).as_object();
    EXPECT_EQ(summary["fetched"].as_int64(), 2000);
    EXPECT_EQ(summary["added"].as_int64(), 2000);
    EXPECT_EQ(summary["pages"].as_int64(), 14);
    EXPECT_FALSE(std::filesystem::exists(out + ".state"));  // finished: no resume point left
    size_t count = 0;
    std::set<int64_t> got;
    if (name.ends_with(".jsonl")) got = JsonlIds(out, &count);
    else if (name.ends_with(".csv")) got = CsvIds(out, &count);
    else got = SqliteIds(out), count = got.size();
    EXPECT_EQ(count, 2000u);
    EXPECT_EQ(got, expected);

    // Again into the same file: nothing new, nothing twice.
    r = Ctl({"pull", "--start", "2024-05-01", "--end", "2024-05-01", "--time-type", "1", "--out", out});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(boost::json::parse(r.out).at("added").as_int64(), 0);
    EXPECT_EQ(boost::json::parse(r.out).at("in_file").as_int64(), 2000);
  }

  // CSV: BOM, header with every pull field, quoted commas and quotes.
  std::string csv = Slurp(dir_.File("out.csv"));
  EXPECT_TRUE(csv.starts_with("\xEF\xBB\xBFleads_id,click_id,"));
  auto parsed = ctl::ParseCsv(csv, false);
  const auto& header = parsed.records[0].fields;
  auto col = std::find(header.begin(), header.end(), "leads_address") - header.begin();
  ASSERT_LT(static_cast<size_t>(col), header.size());
  EXPECT_EQ(parsed.records[1].fields[static_cast<size_t>(col)], "深圳市, 南山区 \"科技园\"");
  // SQLite: typed columns beside the raw JSON.
  EXPECT_EQ(SqliteIds(dir_.File("out.db"), " WHERE leads_age = '30' AND account_id = 4242 AND raw_json LIKE '{%'").size(),
            2000u);
}

// One request per second per token: every page after the first is answered
// code 2013 first, and leadsctl waits the Retry-After and asks again.
class LeadsctlRateLimited : public LeadsctlTest {
 protected:
  std::vector<std::string> ExtraArgs() const override { return {"--rate-limit", "1/1"}; }
};

TEST_F(LeadsctlRateLimited, PullWaitsOutTheRateLimit) {
  ASSERT_EQ(server_->Import(kAccount, MakeLeads(30, 1714536000, 0)), 30);
  const auto t0 = std::chrono::steady_clock::now();
  auto r = Ctl({"pull", "--start", "2024-05-01", "--end", "2024-05-01", "--page-size", "10", "--out",
                dir_.File("limited.jsonl")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(boost::json::parse(r.out).at("fetched").as_int64(), 30);
  size_t lines = 0;
  EXPECT_EQ(JsonlIds(dir_.File("limited.jsonl"), &lines).size(), 30u);
  EXPECT_EQ(lines, 30u);
  // Three pages at one request per second: the later ones waited.
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 1900ms);
}

TEST_F(LeadsctlTest, FollowPicksUpNewLeadsExactlyOnceAndResumesAfterSigkill) {
  const int64_t now = Now();
  ASSERT_EQ(server_->Import(kAccount, MakeLeads(600, now - 3000, 0)), 600);
  const std::string out = dir_.File("follow.jsonl"), log = dir_.File("follow.out");
  const std::vector<std::string> args = {"pull", "--follow", "--start", std::to_string(now - 7200), "--out", out,
                                         "--page-size", "5", "--interval", "1", "--progress", "never"};

  // 1. Killed in the middle of the first walk (120 pages of 5).
  {
    Child c(Argv(args), log);
    ASSERT_TRUE(WaitFor([&] { return LineCount(out) >= 100; }, 20s));
    c.Kill(SIGKILL);
    c.Wait(5s);
  }
  size_t lines = 0;
  auto ids = JsonlIds(out, &lines);
  EXPECT_EQ(lines, ids.size());
  if (lines < 600) {
    auto state = boost::json::parse(Slurp(out + ".state")).as_object();
    EXPECT_TRUE(state["walk"].is_object()) << Slurp(out + ".state");
  }

  // 2. Resumes, finishes the walk; then new leads arrive while it runs.
  {
    Child c(Argv(args), log);
    ASSERT_TRUE(WaitFor([&] { return LineCount(out) == 600 && Slurp(log).find("\"cycle\"") != std::string::npos; }, 20s))
        << LineCount(out);
    ASSERT_EQ(server_->Import(kAccount, MakeLeads(50, now - 100, 10000)), 50);
    ASSERT_TRUE(WaitFor([&] { return LineCount(out) == 650; }, 15s)) << LineCount(out);
    c.Kill(SIGKILL);
    c.Wait(5s);
  }
  // 3. More leads while nobody syncs; the next run picks them up.
  ASSERT_EQ(server_->Import(kAccount, MakeLeads(30, now - 40, 20000)), 30);
  {
    Child c(Argv(args), log);
    ASSERT_TRUE(WaitFor([&] { return LineCount(out) >= 680; }, 15s)) << LineCount(out);
    // Two more syncs: still nothing written twice.
    size_t cycles_before = 0;
    std::string l = Slurp(log);
    for (size_t p = 0; (p = l.find("\"cycle\"", p)) != std::string::npos; ++p) ++cycles_before;
    ASSERT_TRUE(WaitFor(
        [&] {
          std::string s = Slurp(log);
          size_t n = 0;
          for (size_t p = 0; (p = s.find("\"cycle\"", p)) != std::string::npos; ++p) ++n;
          return n >= cycles_before + 2;
        },
        10s));
    c.Kill(SIGTERM);  // a clean stop
    EXPECT_EQ(c.Wait(10s), 0);
  }
  ids = JsonlIds(out, &lines);
  EXPECT_EQ(lines, 680u);
  EXPECT_EQ(ids.size(), 680u);
  EXPECT_EQ(ids, ApiIds(std::to_string(now - 7200), std::to_string(now + 60)));
}

TEST_F(LeadsctlTest, ReportsACsvWithGoodAndBadRows) {
  ASSERT_EQ(server_->Import(kAccount, MakeLeads(120, 1714536000, 0)), 120);
  auto all = ApiIds("2024-05-01", "2024-05-01");
  std::vector<int64_t> ids(all.begin(), all.end());
  ASSERT_EQ(ids.size(), 120u);
  std::string file = dir_.File("report.csv");
  {
    std::ofstream out(file);
    out << "leads_id,leads_convert_type,leads_ineffect_reason,leads_intention_score,outerLeadsConvertType,"
           "outerLeadsIneffectReason\n";
    for (size_t i = 0; i < ids.size(); ++i) {
      size_t row = i + 1;
      if (row == 7) out << ids[i] << ",LEADS_CONVERT_STATUS_BOGUS,,,,\n";                 // unknown enum
      else if (row == 60) out << "999999999,LEADS_CONVERT_STATUS_POTENTIAL_CUSTOMER,,,,\n";  // not our lead
      else if (row == 61) out << "abc,LEADS_CONVERT_STATUS_POTENTIAL_CUSTOMER,,,,\n";       // not an id
      else if (row == 99) out << ids[i] << ",LEADS_CONVERT_STATUS_VISIT_STORE,,,,\n";      // not in the standard system
      else if (row == 100) out << ids[i] << ",,LEADS_INEFFECT_REASON_EMPTY,,,\n";          // reason without type
      else
        out << ids[i] << ",LEADS_CONVERT_STATUS_DEPRECATED,LEADS_INEFFECT_REASION_EMPTY,LEADS_INTENTION_SCORE_LEVEL_2,"
            << "\"外部, 无效\",\"空号\"\n";
    }
  }
  auto r = Ctl({"report", "--file", file});
  EXPECT_EQ(r.exit_code, 3) << r.err;  // finished, some rows failed
  auto summary = boost::json::parse(r.out).as_object();
  EXPECT_EQ(summary["rows"].as_int64(), 120);
  EXPECT_EQ(summary["ok"].as_int64(), 115);
  EXPECT_EQ(summary["failed"].as_int64(), 5);
  EXPECT_LE(summary["requests"].as_int64(), 6);  // 3 batches + one resend per failing row

  auto results = ctl::ParseCsv(Slurp(file + ".results.csv"), false);
  ASSERT_EQ(results.records.size(), 121u);
  EXPECT_EQ(results.records[0].fields, (std::vector<std::string>{"row", "leads_id", "result", "code", "message"}));
  std::map<size_t, std::vector<std::string>> by_row;
  for (size_t i = 1; i < results.records.size(); ++i) by_row[std::stoul(results.records[i].fields[0])] = results.records[i].fields;
  ASSERT_EQ(by_row.size(), 120u);
  EXPECT_EQ(by_row[7][2], "error");
  EXPECT_EQ(by_row[7][3], "2105");
  EXPECT_NE(by_row[7][4].find("leads_convert_type"), std::string::npos);
  EXPECT_EQ(by_row[60][3], "2110");
  EXPECT_EQ(by_row[61][3], "0");  // caught before sending
  EXPECT_EQ(by_row[99][3], "2112");
  EXPECT_EQ(by_row[100][2], "error");
  EXPECT_EQ(by_row[1][2], "ok");
  EXPECT_EQ(by_row[120][2], "ok");

  // Good rows applied (the typo REASION accepted), bad rows left alone.
  EXPECT_EQ(LeadById(ids[0])["leads_follow_tag"], "LEADS_FOLLOW_TAG_INVALID_NOTTOUCH");
  EXPECT_EQ(LeadById(ids[119])["leads_follow_tag"], "LEADS_FOLLOW_TAG_INVALID_NOTTOUCH");
  EXPECT_NE(LeadById(ids[6])["leads_follow_tag"], "LEADS_FOLLOW_TAG_INVALID_NOTTOUCH");
  EXPECT_NE(LeadById(ids[98])["leads_follow_tag"], "LEADS_FOLLOW_TAG_INVALID_NOTTOUCH");

  // Done: running it again sends nothing.
  r = Ctl({"report", "--file", file});
  EXPECT_EQ(boost::json::parse(r.out).at("requests").as_int64(), 0);
  EXPECT_NE(r.err.find("already reported"), std::string::npos);
}

TEST_F(LeadsctlTest, ReportResumesAfterAFailedRun) {
  ASSERT_EQ(server_->Import(kAccount, MakeLeads(100, 1714536000, 0)), 100);
  auto all = ApiIds("2024-05-01", "2024-05-01");
  std::string file = dir_.File("report.jsonl");
  {
    std::ofstream out(file);
    for (int64_t id : all) out << "{\"leads_id\":" << id << ",\"leads_convert_type\":\"LEADS_CONVERT_STATUS_TRANS_COMPLETED\"}\n";
  }
  server_->Stop();  // the platform is unreachable
  auto r = Ctl({"report", "--file", file, "--retries", "0", "--timeout", "2"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("run the same command again to resume"), std::string::npos) << r.err;
  ASSERT_TRUE(std::filesystem::exists(file + ".progress"));
  ASSERT_TRUE(server_->Start());
  // Resuming needs the same results file.
  r = Ctl({"report", "--file", file, "--results", dir_.File("other.jsonl")});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--restart"), std::string::npos) << r.err;
  r = Ctl({"report", "--file", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(boost::json::parse(r.out).at("ok").as_int64(), 100);
  EXPECT_EQ(LineCount(file + ".results.csv"), 101u);  // header + one line per row
  EXPECT_EQ(LeadById(*all.begin())["leads_follow_tag"], "LEADS_FOLLOW_TAG_VALID_CONVERTED");
}

// --- receive ----------------------------------------------------------------

struct SignedPush {
  std::map<std::string, std::string> headers;
  std::string body;
};

SignedPush MakePush(const Credential& c, int64_t id, int64_t ts, bool body_sig = true, const std::string& alg = "SHA1") {
  SignedPush p;
  p.body = "{\"leads_id\":" + std::to_string(id) + ",\"account_id\":4242,\"leads_name\":\"王五\",\"age\":\"41\"}";
  auto a = alg == "SHA1" ? SignatureAlgorithm::kSha1 : SignatureAlgorithm::kSha256;
  p.headers = {{"Content-Type", "application/json"},
               {"X-Signature", SignOld(a, c.token, ts, c.secret)},
               {"X-Signature-Algorithm", alg},
               {"X-Leads-Delivery-Id", "dlv-" + std::to_string(id)},
               {"X-Leads-Attempt", "1"},
               {"X-Leads-Timestamp", std::to_string(ts)}};
  if (body_sig) p.headers["X-Leads-Body-Signature"] = BodySignature(c.secret, ts, "dlv-" + std::to_string(id), p.body);
  return p;
}

std::pair<int, int64_t> Send(uint16_t port, const SignedPush& p) {
  HttpConnection conn(port);
  auto r = conn.Request("POST", "/leads/push", p.headers, p.body);
  if (!r) return {0, -1};
  auto v = r->Json().as_object();
  EXPECT_EQ(v["msg"], v["message"]);
  return {r->status, v["code"].as_int64()};
}

class ReceiveTest : public ::testing::Test {
 protected:
  std::vector<std::string> Argv(const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {"/usr/bin/env", "LEADS_TOKEN=" + cred_.token, "LEADS_SECRET=" + cred_.secret,
                                     "LEADS_CONFIG=/dev/null", LeadsctlPath(), "receive", "--listen", "127.0.0.1:0"};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }
  uint16_t Start(Process& p, const std::vector<std::string>& args) {
    EXPECT_TRUE(p.Start(Argv(args), "listening on"));
    const std::string& line = p.ready_line();
    return static_cast<uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
  }
  TempDir dir_;
  Credential cred_{"7000000000000000123", "a1b2c3d4e5f60718293a4b5c6d7e8f90"};
};

TEST_F(ReceiveTest, StoresValidPushesOnceAndRejectsBadOnes) {
  Process p;
  std::string out = dir_.File("pushed.jsonl");
  uint16_t port = Start(p, {"--out", out});
  const int64_t now = Now();

  EXPECT_EQ(Send(port, MakePush(cred_, 1001, now)), std::make_pair(200, int64_t{0}));
  EXPECT_EQ(Send(port, MakePush(cred_, 1001, now)), std::make_pair(200, int64_t{0}));  // a retry: stored once
  EXPECT_EQ(Send(port, MakePush(cred_, 1002, now - 200, false, "SHA256")), std::make_pair(200, int64_t{0}));

  Credential forger{cred_.token, "00000000000000000000000000000000"};
  EXPECT_EQ(Send(port, MakePush(forger, 1003, now)), std::make_pair(401, int64_t{2009}));
  EXPECT_EQ(Send(port, MakePush(cred_, 1004, now - 400)), std::make_pair(401, int64_t{2004}));  // expired
  EXPECT_EQ(Send(port, MakePush(cred_, 1005, now + 400)), std::make_pair(401, int64_t{2004}));
  Credential other{"7000000000000000999", cred_.secret};
  EXPECT_EQ(Send(port, MakePush(other, 1006, now)), std::make_pair(401, int64_t{2007}));
  SignedPush tampered = MakePush(cred_, 1007, now);
  tampered.body.replace(tampered.body.find("王五"), 6, "赵六");
  EXPECT_EQ(Send(port, tampered), std::make_pair(401, int64_t{2009}));
  SignedPush unsigned_push = MakePush(cred_, 1008, now);
  unsigned_push.headers.erase("X-Signature");
  EXPECT_EQ(Send(port, unsigned_push).second, 2000);
  HttpConnection conn(port);
  auto get = conn.Request("GET", "/leads/push");
  ASSERT_TRUE(get);
  EXPECT_EQ(get->status, 405);

  p.Signal(SIGTERM);
  EXPECT_EQ(p.Wait(10s), 0);
  size_t lines = 0;
  EXPECT_EQ(JsonlIds(out, &lines), (std::set<int64_t>{1001, 1002}));
  EXPECT_EQ(lines, 2u);

  // A restart keeps deduplicating against the file.
  Process again;
  port = Start(again, {"--out", out});
  EXPECT_EQ(Send(port, MakePush(cred_, 1001, Now())).second, 0);
  EXPECT_EQ(Send(port, MakePush(cred_, 1009, Now())).second, 0);
  again.Signal(SIGTERM);
  again.Wait(10s);
  EXPECT_EQ(JsonlIds(out, &lines), (std::set<int64_t>{1001, 1002, 1009}));
  EXPECT_EQ(lines, 3u);
}

TEST_F(ReceiveTest, RequireBodySignatureSqliteAndExec) {
  Process p;
  std::string out = dir_.File("pushed.db"), exec_out = dir_.File("exec.jsonl");
  uint16_t port = Start(p, {"--out", out, "--require-body-signature", "--exec",
                            "cat >> '" + exec_out + "' && echo \"$LEADS_ID $LEADS_DELIVERY_ID\" >> '" + exec_out + ".env'"});
  const int64_t now = Now();
  EXPECT_EQ(Send(port, MakePush(cred_, 2001, now, /*body_sig=*/false)), std::make_pair(401, int64_t{2000}));
  SignedPush tampered = MakePush(cred_, 2002, now);
  tampered.body.replace(tampered.body.find("\"41\""), 4, "\"14\"");
  EXPECT_EQ(Send(port, tampered), std::make_pair(401, int64_t{2009}));
  EXPECT_EQ(Send(port, MakePush(cred_, 2003, now)), std::make_pair(200, int64_t{0}));
  EXPECT_EQ(Send(port, MakePush(cred_, 2003, now)), std::make_pair(200, int64_t{0}));
  p.Signal(SIGTERM);
  p.Wait(10s);
  EXPECT_EQ(SqliteIds(out), (std::set<int64_t>{2003}));
  EXPECT_EQ(SqliteIds(out, " WHERE leads_age = '41'"), (std::set<int64_t>{2003}));  // push `age` -> leads_age
  EXPECT_EQ(JsonlIds(exec_out), (std::set<int64_t>{2003}));                         // the command ran once
  EXPECT_EQ(Slurp(exec_out + ".env"), "2003 dlv-2003\n");

  // A failing command: the push is answered with an error (the platform
  // retries) and the lead is not stored.
  Process failing;
  port = Start(failing, {"--out", dir_.File("f.jsonl"), "--exec", "cat > /dev/null; exit 3"});
  EXPECT_EQ(Send(port, MakePush(cred_, 2004, Now())), std::make_pair(500, int64_t{1100}));
  failing.Signal(SIGTERM);
  failing.Wait(10s);
  EXPECT_TRUE(JsonlIds(dir_.File("f.jsonl")).empty());
}

TEST_F(ReceiveTest, ServesTlsWithASelfSignedCertificate) {
  std::string cert = dir_.File("cert.pem"), key = dir_.File("key.pem");
  auto gen = e2e::Run({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                  "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"});
  if (gen.exit_code != 0) GTEST_SKIP() << "openssl CLI unavailable: " << gen.err;
  Process p;
  std::string out = dir_.File("tls.jsonl");
  ASSERT_TRUE(p.Start(Argv({"--out", out, "--cert", cert, "--key", key}), "listening on https://"));
  const std::string& line = p.ready_line();
  std::string url = "https://127.0.0.1:" + line.substr(line.rfind(':') + 1) + "/push";

  auto curl = [&](const SignedPush& push) {
    std::vector<std::string> argv = {"curl", "-sS", "--cacert", cert, "--data-binary", push.body};
    for (const auto& [k, v] : push.headers) argv.insert(argv.end(), {"-H", k + ": " + v});
    argv.push_back(url);
    return e2e::Run(argv);
  };
  auto ok = curl(MakePush(cred_, 3001, Now()));
  if (ok.exit_code == 127 || ok.err.find("spawn failed") != std::string::npos) GTEST_SKIP() << "curl CLI unavailable";
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(boost::json::parse(ok.out).at("code").as_int64(), 0);
  Credential forger{cred_.token, "ffffffffffffffffffffffffffffffff"};
  auto bad = curl(MakePush(forger, 3002, Now()));
  EXPECT_EQ(boost::json::parse(bad.out).at("code").as_int64(), 2009);
  // Plain HTTP to the TLS port gets nowhere.
  HttpConnection plain(static_cast<uint16_t>(std::stoi(line.substr(line.rfind(':') + 1))));
  auto r = plain.Request("POST", "/push", MakePush(cred_, 3003, Now()).headers, "{}");
  EXPECT_TRUE(!r || r->status != 200);
  p.Signal(SIGTERM);
  p.Wait(10s);
  EXPECT_EQ(JsonlIds(out), (std::set<int64_t>{3001}));
}

// leadsd pushes each new lead to leadsctl receive; both signatures verified.
// Over TLS the receiver's self-signed certificate is trusted with
// --push-ca-file.
void PushToReceiver(bool tls) {
  auto help = e2e::Run({LeadsdPath(), "serve", "--help"});
  if (help.out.find("--allow-http-push") == std::string::npos)
    GTEST_SKIP() << "push (leadsd serve --allow-http-push) is not in this build of leadsd yet";
  TempDir dir;
  std::string cert = dir.File("cert.pem"), key = dir.File("key.pem");
  if (tls) {
    auto gen = e2e::Run({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                         "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"});
    if (gen.exit_code != 0) GTEST_SKIP() << "openssl CLI unavailable: " << gen.err;
  }
  Server server(dir, tls ? std::vector<std::string>{"--push-ca-file", cert} : std::vector<std::string>{"--allow-http-push"});
  server.AddAccount(kAccount, {"--push-algorithm", "SHA256"});
  Credential fwd = server.Issue(kAccount, "forwarding");
  Credential intake = server.Issue(kAccount, "intake");
  Process receiver;
  std::string out = dir.File(tls ? "pushed.db" : "pushed.jsonl");
  std::vector<std::string> argv = {"/usr/bin/env", "LEADS_TOKEN=" + fwd.token, "LEADS_SECRET=" + fwd.secret,
                                   "LEADS_CONFIG=/dev/null", LeadsctlPath(), "receive", "--listen", "127.0.0.1:0",
                                   "--out", out, "--require-body-signature"};
  if (tls) argv.insert(argv.end(), {"--cert", cert, "--key", key});
  ASSERT_TRUE(receiver.Start(argv, "listening on"));
  const std::string& line = receiver.ready_line();
  std::string push_url = std::string(tls ? "https" : "http") + "://127.0.0.1:" + line.substr(line.rfind(':') + 1) +
                         "/leads/push";
  auto upd = server.Admin({"account", "update", "--account-id", std::to_string(kAccount), "--push-url", push_url});
  ASSERT_EQ(upd.exit_code, 0) << upd.err;
  ASSERT_TRUE(server.Start());

  std::string list = "[";
  const int64_t now = Now();
  for (int i = 0; i < 20; ++i) {
    boost::json::object o{{"leads_name", "推送" + std::to_string(i)},
                          {"leads_tel", "137" + std::to_string(10000000 + i)},
                          {"leads_type", "LEADS_TYPE_FORM"},
                          {"leads_create_time", FormatDateTime(now - 60 + i, kChinaOffsetSeconds)},
                          {"leads_action_time", FormatDateTime(now - 90 + i, kChinaOffsetSeconds)}};
    list += (i ? "," : "") + boost::json::serialize(o);
  }
  auto r = server.Post("/intake/v1/leads", intake, "{\"list\":" + list + "]}");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->Json().at("code").as_int64(), 0) << r->body;

  auto stored = [&] { return tls ? SqliteIds(out) : JsonlIds(out); };
  ASSERT_TRUE(WaitFor([&] { return stored().size() >= 20; }, 30s)) << stored().size();
  std::this_thread::sleep_for(500ms);  // no late duplicates
  auto ids = stored();
  EXPECT_EQ(ids.size(), 20u);
  if (!tls) {
    EXPECT_EQ(LineCount(out), 20u);
  }
  auto listed = server.Get("/api/mv1/leads/list?start_time=" + std::to_string(now - 3600) +
                               "&end_time=" + std::to_string(now + 60) + "&page_size=100",
                           fwd);
  ASSERT_TRUE(listed);
  auto v = listed->Json();
  std::set<int64_t> expected;
  for (const auto& l : v.at("data").at("list").as_array()) expected.insert(l.at("leads_id").as_int64());
  EXPECT_EQ(ids, expected);
  receiver.Signal(SIGTERM);
  receiver.Wait(10s);
}

TEST(LeadsctlPush, LeadsdPushesToLeadsctlReceive) { PushToReceiver(false); }
TEST(LeadsctlPush, LeadsdPushesOverTlsToLeadsctlReceive) { PushToReceiver(true); }

}  // namespace
}  // namespace leads::e2e
