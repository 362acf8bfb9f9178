// The leadsd command line: import files, the demo command, and admin errors.
#include <signal.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <thread>

#include "tests/e2e/fixture.h"

namespace leads::e2e {
namespace {

using Cli = E2eTest;

TEST_F(Cli, ImportsCsvAndJsonLinesAllOrNothing) {
  std::string csv = dir_.File("leads.csv");
  std::ofstream(csv) << "\xEF\xBB\xBFleads_name,leads_tel,leads_type,leads_create_time,leads_age,bundle\r\n"
                     << "\"王, 五\",13800000001,LEADS_TYPE_FORM,2024-05-01 10:00:00,30岁,\"{\"\"爱好\"\":\"\"看书\"\"}\"\r\n"
                     << "赵六,13800000002,,,,\r\n";
  auto ok = server_->Admin({"leads", "import", "--account-id", std::to_string(kAccount), csv});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(boost::json::parse(ok.out).at("imported").as_int64(), 2);
  auto items = Items(kAllTime);
  ASSERT_EQ(items.size(), 2u);
  bool found = false;
  for (const auto& l : items) {
    if (l.at("leads_name").as_string() != "王, 五") continue;
    found = true;
    EXPECT_EQ(l.at("leads_create_time").as_string(), "2024-05-01 10:00:00");
    EXPECT_EQ(l.at("leads_action_time").as_string(), "2024-05-01 10:00:00");  // defaults to the entry time
    EXPECT_EQ(l.at("leads_age").as_string(), "30岁");
    EXPECT_EQ(l.at("bundle").as_string(), "{\"爱好\":\"看书\"}");
  }
  EXPECT_TRUE(found);

  // A bad line anywhere: nothing is stored, the error names line and field, exit status 2.
  std::string bad = dir_.File("bad.jsonl");
  std::ofstream(bad) << "{\"leads_name\":\"a\"}\n{\"leads_name\":\"b\"}\n{\"leads_gender\":\"GENDER_TYPE_X\"}\n";
  auto r = server_->Admin({"leads", "import", "--account-id", std::to_string(kAccount), bad});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("line 3: leads_gender"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("code 2105"), std::string::npos) << r.err;
  std::string bad_csv = dir_.File("bad.csv");
  std::ofstream(bad_csv) << "leads_name,leads_create_time\nx,2024-05-01\n";
  r = server_->Admin({"leads", "import", "--account-id", std::to_string(kAccount), bad_csv});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("line 2: leads_create_time"), std::string::npos) << r.err;
  EXPECT_EQ(List(kAllTime).at("page_info").at("total_number").as_int64(), 2);
  // Other admin errors.
  EXPECT_EQ(server_->Admin({"leads", "import", "--account-id", "999", csv}).exit_code, 2);
  EXPECT_EQ(server_->Admin({"leads", "import", "--account-id", std::to_string(kAccount), dir_.File("x.txt")}).exit_code, 2);
  EXPECT_EQ(server_->Admin({"account", "add", "--account-id", std::to_string(kAccount)}).exit_code, 2);  // exists
  EXPECT_EQ(server_->Admin({"token", "issue", "--account-id", "999", "--scope", "report"}).exit_code, 2);
  EXPECT_NE(server_->Admin({"token", "issue", "--account-id", "1", "--scope", "admin"}).exit_code, 0);
  EXPECT_EQ(server_->Admin({"token", "revoke", "--token", "nope"}).exit_code, 2);
}

// A file of several import batches (--batch 1000) is still all or nothing,
// and a lead is a duplicate of one in an earlier batch of the same file.
TEST_F(Cli, ImportsAFileOfManyBatchesAsOne) {
  constexpr int kLeads = 3000;
  auto write = [&](const std::string& path, int bad_line) {
    std::ofstream out(path);
    for (int i = 1; i <= kLeads; ++i) {
      if (i == bad_line) {
        out << "{\"leads_name\":\"坏\",\"leads_gender\":\"GENDER_TYPE_X\"}\n";
      } else if (i == 1 || i == kLeads - 1) {  // the same phone, written two ways, in the first and last batch
        out << "{\"leads_name\":\"" << (i == 1 ? "先" : "后") << "\",\"leads_tel\":\""
            << (i == 1 ? "13912345678" : "+86 139-1234-5678") << "\",\"leads_create_time\":\"2024-05-0"
            << (i == 1 ? "1 09:00:00" : "2 10:00:00") << "\"}\n";
      } else {
        char tel[16];
        std::snprintf(tel, sizeof tel, "137%08d", 20240000 + i * 7);
        out << "{\"leads_name\":\"客户" << i << "\",\"leads_tel\":\"" << tel
            << "\",\"leads_create_time\":\"2024-05-01 10:" << (i / 60 % 60 < 10 ? "0" : "") << i / 60 % 60 << ":"
            << (i % 60 < 10 ? "0" : "") << i % 60 << "\"}\n";
      }
    }
  };
  // A bad line in the third batch: the first two, already inserted, are not kept.
  const std::string bad = dir_.File("big-bad.jsonl");
  write(bad, 2500);
  auto r = server_->Admin({"leads", "import", "--account-id", std::to_string(kAccount), "--batch", "1000", bad});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("line 2500: leads_gender"), std::string::npos) << r.err;
  EXPECT_EQ(List(kAllTime).at("page_info").at("total_number").as_int64(), 0);

  const std::string good = dir_.File("big.jsonl");
  write(good, 0);
  auto ok = server_->Admin({"leads", "import", "--account-id", std::to_string(kAccount), "--batch", "1000", good});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(boost::json::parse(ok.out).at("imported").as_int64(), kLeads);
  EXPECT_EQ(List(kAllTime).at("page_info").at("total_number").as_int64(), kLeads);
  auto newest = Items(kAllTime + "&page_size=1");  // the last batch's "后", newest by create time
  ASSERT_EQ(newest.size(), 1u);
  EXPECT_EQ(newest[0].at("leads_name").as_string(), "后");
  EXPECT_NE(std::string(newest[0].at("leads_tags").as_string()).find("重复2条"), std::string::npos)
      << newest[0].at("leads_tags");
}

// An import is one transaction. Meanwhile intake for the same account goes
// on: on PostgreSQL at once (the import takes no account-wide lock before
// its commit: the leads generation is bumped at the commit), on SQLite after
// the import's commit (one writer at a time), within the 10 s a writer waits.
TEST_F(Cli, IntakeWhileAnImportOfTheSameAccountRuns) {
  // Long enough on PostgreSQL to tell waiting from not; on SQLite the
  // import only has to be running when the request arrives.
  const bool pg = server_->db_url().starts_with("postgres");
  const int leads = pg ? 15000 : 4000;
  const std::string file = dir_.File("long.jsonl");
  {
    std::ofstream out(file);
    for (int i = 0; i < leads; ++i)
      out << "{\"leads_name\":\"导入" << i << "\",\"leads_create_time\":\"2024-06-01 08:00:00\"}\n";
  }
  using Clock = std::chrono::steady_clock;
  using std::chrono::milliseconds;
  CommandResult imported;
  Clock::time_point import_done;
  std::thread import([&] {
    imported = server_->Admin({"leads", "import", "--account-id", std::to_string(kAccount), file});
    import_done = Clock::now();
  });
  std::this_thread::sleep_for(milliseconds(500));  // inside the import's transaction
  const auto intake_start = Clock::now();
  auto r = server_->Post("/intake/v1/leads", intake_, R"({"list":[{"leads_name":"同时"}]})");
  const auto intake_done = Clock::now();
  import.join();
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(boost::json::parse(imported.out).at("imported").as_int64(), leads);
  Envelope(r, 0);
  EXPECT_EQ(List(kAllTime).at("page_info").at("total_number").as_int64(), leads + 1);
  if (pg) {
    ASSERT_GT(import_done, intake_start + milliseconds(300)) << "the import ended too soon to tell";
    EXPECT_LT(intake_done + milliseconds(200), import_done) << "intake waited for the import's commit";
  }
}

TEST(CliDemo, DemoPrintsAWorkingUrlAndCredentials) {
  TempDir dir;
  Process demo;
  ASSERT_TRUE(demo.Start({LeadsdPath(), "demo", "--db", "sqlite:" + dir.File("demo.db"), "--listen", "127.0.0.1:0",
                          "--leads", "25"},
                         "Try it"));
  std::string out = demo.ready_line() + "\n" + demo.DrainOutput();
  std::smatch m;
  ASSERT_TRUE(std::regex_search(out, m, std::regex("listening on http://127\\.0\\.0\\.1:(\\d+)"))) << out;
  uint16_t port = static_cast<uint16_t>(std::stoi(m[1]));
  ASSERT_TRUE(std::regex_search(out, m, std::regex("forwarding token: (\\w+)  secret: (\\w+)"))) << out;
  Credential fwd{m[1], m[2]};
  HttpConnection conn(port);
  auto r = conn.Request("GET", "/api/mv1/leads/list?" + kAllTime, SignedHeaders(fwd));
  ASSERT_TRUE(r);
  auto v = r->Json();
  EXPECT_EQ(v.at("code").as_int64(), 0) << r->body;
  EXPECT_EQ(v.at("data").at("page_info").at("total_number").as_int64(), 25);
  demo.Signal(SIGTERM);
  EXPECT_EQ(demo.Wait(std::chrono::seconds(10)), std::optional<int>(0));
}

}  // namespace
}  // namespace leads::e2e
