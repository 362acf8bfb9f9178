// Unit tests of the client library and leadsctl's pieces: the signer (API.md
// §3 vectors), leads, push verification, CSV and the output files, config
// resolution, report batching and resume, and the client's retry policy
// against a real HTTP server on 127.0.0.1.
#include <sqlite3.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <fstream>
#include <sstream>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "auth/signature.h"
#include "client/config.h"
#include "client/csv.h"
#include "client/output.h"
#include "client/report_job.h"
#include "client/state_file.h"
#include "http/envelope.h"
#include "http/router.h"
#include "http/server.h"
#include "leads/leads.h"

namespace leads::ctl {
namespace {

using client::Algorithm;
using client::Scheme;

constexpr const char* kToken = "100000000000000001";
constexpr const char* kSecret = "0123456789abcdef0123456789abcdef";
constexpr int64_t kTs = 1732838400;
constexpr const char* kNonce = "f3b1c0de9a7e4d2b8c6a5e4f3d2c1b0a";

class Dir {
 public:
  Dir() {
    std::string t = (std::filesystem::temp_directory_path() / "leadsctl-unit-XXXXXX").string();
    path_ = mkdtemp(t.data());
  }
  ~Dir() { std::filesystem::remove_all(path_); }
  std::string File(const std::string& n) const { return path_ + "/" + n; }

 private:
  std::string path_;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

client::Lead MakeLead(int64_t id, const std::string& extra = "") {
  auto l = client::Lead::FromJson("{\"leads_id\":" + std::to_string(id) + ",\"leads_name\":\"张三, \\\"三\\\"\"," +
                                  "\"leads_age\":\"30\",\"account_id\":42" + extra + "}");
  EXPECT_TRUE(l.ok());
  return *l;
}

// --- signer ---------------------------------------------------------------

TEST(Signer, ApiDocumentVectors) {
  EXPECT_EQ(client::Sign(Scheme::kNew, Algorithm::kSha1, kToken, kSecret, kTs, kNonce),
            "MTAwMDAwMDAwMDAwMDAwMDAxLDE3MzI4Mzg0MDAsZjNiMWMwZGU5YTdlNGQyYjhjNmE1ZTRmM2QyYzFiMGEsZDZjMDJhZDNmODEyYTA4"
            "MWIyOGU0OTMyZTJkOTUwOTRiMzcyZmQ3OA==");
  EXPECT_EQ(client::Sign(Scheme::kOld, Algorithm::kSha1, kToken, kSecret, kTs, ""),
            "MTAwMDAwMDAwMDAwMDAwMDAxLDE3MzI4Mzg0MDAsZDZjMDJhZDNmODEyYTA4MWIyOGU0OTMyZTJkOTUwOTRiMzcyZmQ3OA==");
  EXPECT_EQ(client::Sign(Scheme::kNew, Algorithm::kSha256, kToken, kSecret, kTs, kNonce),
            "MTAwMDAwMDAwMDAwMDAwMDAxLDE3MzI4Mzg0MDAsZjNiMWMwZGU5YTdlNGQyYjhjNmE1ZTRmM2QyYzFiMGEsZDc0YjMyMzEwMWVhYjNl"
            "ZTQ3YzEzNzljZDVkMWQ1NGI2NjU2YTBiMzMxZjk1NTFkYTlmNWJkNjJiOGZlMzRhMA==");
  EXPECT_EQ(client::Sign(Scheme::kOld, Algorithm::kSha256, kToken, kSecret, kTs, ""),
            "MTAwMDAwMDAwMDAwMDAwMDAxLDE3MzI4Mzg0MDAsZDc0YjMyMzEwMWVhYjNlZTQ3YzEzNzljZDVkMWQ1NGI2NjU2YTBiMzMxZjk1NTFk"
            "YTlmNWJkNjJiOGZlMzRhMA==");
}

TEST(Signer, DefaultsToNewSchemeSha256WithFreshNonces) {
  int n = 0;
  client::Signer s({kToken, kSecret}, Algorithm::kSha256, Scheme::kNew, [] { return kTs; },
                   [&] { return std::string(kNonce).substr(0, 31) + std::to_string(n++ % 10); });
  auto a = s.Sign(), b = s.Sign();
  EXPECT_EQ(a.algorithm, "SHA256");
  EXPECT_NE(a.signature, b.signature);
  auto parsed = ParseSignature(a.signature);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->token, kToken);
  EXPECT_TRUE(parsed->nonce.has_value());
  EXPECT_EQ(client::Signer({kToken, kSecret}).algorithm(), Algorithm::kSha256);
  EXPECT_EQ(client::Signer({kToken, kSecret}).scheme(), Scheme::kNew);
  // Default nonces are random 32 hex characters.
  auto p1 = ParseSignature(client::Signer({kToken, kSecret}).Sign().signature);
  ASSERT_TRUE(p1.ok());
  EXPECT_EQ(p1->nonce->size(), 32u);
}

TEST(Signer, OldSchemeOnRequest) {
  client::Signer s({kToken, kSecret}, Algorithm::kSha1, Scheme::kOld, [] { return kTs; });
  EXPECT_EQ(s.Sign().signature,
            "MTAwMDAwMDAwMDAwMDAwMDAxLDE3MzI4Mzg0MDAsZDZjMDJhZDNmODEyYTA4MWIyOGU0OTMyZTJkOTUwOTRiMzcyZmQ3OA==");
  EXPECT_EQ(s.Sign().algorithm, "SHA1");
}

TEST(Signer, ParseAlgorithm) {
  EXPECT_EQ(client::ParseAlgorithm("sha256"), Algorithm::kSha256);
  EXPECT_EQ(client::ParseAlgorithm("SHA1"), Algorithm::kSha1);
  EXPECT_FALSE(client::ParseAlgorithm("MD5"));
}

// --- lead -----------------------------------------------------------------

TEST(Lead, FieldsByNameWithBothSpellings) {
  auto l = client::Lead::FromJson(R"({"leads_id":"12345","leads_age":"30岁","age_extra":null,"claim_advertiser_id":7,"bundle":"{\"a\":1}"})");
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(l->id(), 12345);
  EXPECT_EQ(l->Get("leads_age"), "30岁");
  EXPECT_EQ(l->Get("age"), "30岁");  // push spelling of the same field
  EXPECT_EQ(l->Get("claim_advertiser_id"), "7");
  EXPECT_EQ(l->Get("bundle"), "{\"a\":1}");
  EXPECT_EQ(l->Get("age_extra"), "");
  EXPECT_TRUE(l->Has("age_extra"));
  EXPECT_FALSE(l->Has("leads_tel"));
  EXPECT_EQ(l->fields().size(), 5u);
  EXPECT_FALSE(client::Lead::FromJson("[1]").ok());
  EXPECT_FALSE(client::Lead::FromJson(R"({"leads_id":-1})").ok());
  EXPECT_FALSE(client::Lead::FromJson(R"({"leads_name":"x"})").ok());
  EXPECT_EQ(client::PullFieldNames().front(), "leads_id");
  EXPECT_NE(std::find(client::PullFieldNames().begin(), client::PullFieldNames().end(), "leads_age"),
            client::PullFieldNames().end());
  EXPECT_NE(std::find(client::PushFieldNames().begin(), client::PushFieldNames().end(), "age"),
            client::PushFieldNames().end());
}

// --- push verification ----------------------------------------------------

struct Push {
  std::map<std::string, std::string> headers;
  std::string body = R"({"leads_id":777,"leads_name":"李四","age":"40"})";
};

Push MakePush(int64_t ts, const std::string& secret = kSecret, Algorithm alg = Algorithm::kSha1) {
  Push p;
  p.headers["X-Signature"] = client::Sign(Scheme::kOld, alg, kToken, secret, ts, "");
  p.headers["X-Signature-Algorithm"] = std::string(client::AlgorithmName(alg));
  p.headers["X-Leads-Delivery-Id"] = "d-1";
  p.headers["X-Leads-Attempt"] = "2";
  p.headers["X-Leads-Timestamp"] = std::to_string(ts);
  p.headers["X-Leads-Body-Signature"] = BodySignature(secret, ts, "d-1", p.body);
  return p;
}

client::Result<client::VerifiedPush> Verify(const Push& p, bool require_body = false, int64_t now = kTs) {
  client::PushVerifyOptions o;
  o.forwarding = {kToken, kSecret};
  o.require_body_signature = require_body;
  o.now = [now] { return now; };
  return client::VerifyPush(
      o,
      [&](std::string_view n) -> std::string_view {
        for (const auto& [k, v] : p.headers)
          if (k.size() == n.size() && strncasecmp(k.data(), n.data(), n.size()) == 0) return v;
        return {};
      },
      p.body);
}

TEST(PushVerify, AcceptsAValidPush) {
  auto v = Verify(MakePush(kTs - 100));
  ASSERT_TRUE(v.ok()) << v.error().ToString();
  EXPECT_EQ(v->lead.id(), 777);
  EXPECT_EQ(v->lead.Get("leads_age"), "40");
  EXPECT_EQ(v->delivery_id, "d-1");
  EXPECT_EQ(v->attempt, 2);
  EXPECT_TRUE(v->body_signed);
  EXPECT_TRUE(Verify(MakePush(kTs, kSecret, Algorithm::kSha256)).ok());
}

TEST(PushVerify, RejectsForgedExpiredAndTampered) {
  auto forged = Verify(MakePush(kTs, "ffffffffffffffffffffffffffffffff"));
  ASSERT_FALSE(forged.ok());
  EXPECT_EQ(forged.error().kind(), client::Error::Kind::kRejected);
  EXPECT_EQ(forged.error().code(), 2009);

  auto expired = Verify(MakePush(kTs - 301));
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code(), 2004);
  EXPECT_FALSE(Verify(MakePush(kTs + 301)).ok());

  Push tampered = MakePush(kTs);
  tampered.body = R"({"leads_id":777,"leads_name":"王五","age":"40"})";
  auto t = Verify(tampered);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code(), 2009);
  EXPECT_NE(t.error().message().find("X-Leads-Body-Signature"), std::string::npos);

  Push unsigned_body = MakePush(kTs);
  unsigned_body.headers.erase("X-Leads-Body-Signature");
  EXPECT_TRUE(Verify(unsigned_body).ok());
  auto req = Verify(unsigned_body, /*require_body=*/true);
  ASSERT_FALSE(req.ok());
  EXPECT_EQ(req.error().code(), 2000);

  Push missing = MakePush(kTs);
  missing.headers.erase("X-Signature");
  EXPECT_EQ(Verify(missing).error().code(), 2000);

  Push other_token = MakePush(kTs);
  other_token.headers["X-Signature"] = client::Sign(Scheme::kOld, Algorithm::kSha1, "999", kSecret, kTs, "");
  EXPECT_EQ(Verify(other_token).error().code(), 2007);

  Push new_scheme = MakePush(kTs);
  new_scheme.headers["X-Signature"] = client::Sign(Scheme::kNew, Algorithm::kSha1, kToken, kSecret, kTs, "n1");
  EXPECT_EQ(Verify(new_scheme).error().code(), 2001);

  Push not_json = MakePush(kTs);
  not_json.headers.erase("X-Leads-Body-Signature");
  not_json.body = "leads_id=1";
  EXPECT_EQ(Verify(not_json).error().code(), 2100);

  auto env = boost::json::parse(client::PushReject(forged.error())).as_object();
  EXPECT_EQ(env["code"].as_int64(), 2009);
  EXPECT_EQ(env["msg"], env["message"]);
  EXPECT_EQ(boost::json::parse(client::PushAck()).as_object()["code"].as_int64(), 0);
}

// --- CSV ------------------------------------------------------------------

TEST(Csv, QuotesAndParsesBack) {
  std::string out;
  AppendCsvRecord(out, {"a", "b,c", "say \"hi\"", "line\nbreak", " pad", ""});
  EXPECT_EQ(out, "a,\"b,c\",\"say \"\"hi\"\"\",\"line\nbreak\",\" pad\",\r\n");
  auto p = ParseCsv(std::string(kUtf8Bom) + out + "x,y\n", false);
  EXPECT_TRUE(p.bom);
  EXPECT_FALSE(p.torn);
  ASSERT_EQ(p.records.size(), 2u);
  EXPECT_EQ(p.records[0].fields, (std::vector<std::string>{"a", "b,c", "say \"hi\"", "line\nbreak", " pad", ""}));
  EXPECT_EQ(p.records[1].fields, (std::vector<std::string>{"x", "y"}));
}

TEST(Csv, DetectsATornLastRecord) {
  auto p = ParseCsv("h1,h2\r\n1,\"open quote\r\nstill open", false);
  EXPECT_TRUE(p.torn);
  EXPECT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.complete_bytes, 7u);
  auto q = ParseCsv("h1,h2\n1,2", false);
  EXPECT_TRUE(q.torn);
  auto r = ParseCsv("h1,h2\n1,2", true);  // a hand-written file without a final newline
  EXPECT_FALSE(r.torn);
  EXPECT_EQ(r.records.size(), 2u);
}

// --- output files ---------------------------------------------------------

TEST(Output, FormatByExtension) {
  EXPECT_EQ(*FormatFor("a.jsonl"), OutputFormat::kJsonl);
  EXPECT_EQ(*FormatFor("a.CSV"), OutputFormat::kCsv);
  EXPECT_EQ(*FormatFor("a.db"), OutputFormat::kSqlite);
  EXPECT_EQ(*FormatFor("a.sqlite"), OutputFormat::kSqlite);
  EXPECT_FALSE(FormatFor("a.txt").ok());
  EXPECT_EQ(*FormatFor("a.txt", "csv"), OutputFormat::kCsv);
}

TEST(Output, JsonlDedupsAcrossRunsAndCutsATornLine) {
  Dir d;
  std::string path = d.File("o.jsonl");
  {
    auto s = OpenSink(path, OutputFormat::kJsonl, {});
    ASSERT_TRUE(s.ok());
    EXPECT_TRUE(*(*s)->Add(MakeLead(1)));
    EXPECT_TRUE(*(*s)->Add(MakeLead(2)));
    EXPECT_FALSE(*(*s)->Add(MakeLead(1)));
    ASSERT_TRUE((*s)->Flush().ok());
  }
  struct stat st{};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);  // personal data
  std::ofstream(path, std::ios::app) << "{\"leads_id\":3,\"leads_na";  // killed mid-write
  {
    auto s = OpenSink(path, OutputFormat::kJsonl, {});
    ASSERT_TRUE(s.ok());
    EXPECT_EQ((*s)->size(), 2);
    EXPECT_FALSE(*(*s)->Add(MakeLead(2)));
    EXPECT_TRUE(*(*s)->Add(MakeLead(3)));
  }
  std::string text = Slurp(path);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3);
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) EXPECT_TRUE(boost::json::parse(line).is_object());
  std::ofstream(d.File("bad.jsonl")) << "not json\n";
  EXPECT_FALSE(OpenSink(d.File("bad.jsonl"), OutputFormat::kJsonl, {}).ok());
}

TEST(Output, CsvHasAllPullColumnsBomAndDedups) {
  Dir d;
  std::string path = d.File("o.csv");
  SinkOptions o;
  o.bom = true;
  {
    auto s = OpenSink(path, OutputFormat::kCsv, o);
    ASSERT_TRUE(s.ok());
    EXPECT_TRUE(*(*s)->Add(MakeLead(10)));
    EXPECT_TRUE(*(*s)->Add(MakeLead(11, ",\"leads_tel\":\"a\\nb\"")));
  }
  {
    auto s = OpenSink(path, OutputFormat::kCsv, o);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ((*s)->size(), 2);
    EXPECT_FALSE(*(*s)->Add(MakeLead(11)));
    EXPECT_TRUE(*(*s)->Add(MakeLead(12)));
  }
  std::string text = Slurp(path);
  ASSERT_TRUE(text.starts_with(kUtf8Bom));
  EXPECT_EQ(text.find(kUtf8Bom, 1), std::string::npos);  // one BOM only
  auto p = ParseCsv(text, false);
  ASSERT_EQ(p.records.size(), 4u);
  EXPECT_EQ(p.records[0].fields, client::PullFieldNames());
  size_t name_col = 0, tel_col = 0;
  for (size_t i = 0; i < p.records[0].fields.size(); ++i) {
    if (p.records[0].fields[i] == "leads_name") name_col = i;
    if (p.records[0].fields[i] == "leads_tel") tel_col = i;
  }
  EXPECT_EQ(p.records[1].fields[0], "10");
  EXPECT_EQ(p.records[1].fields[name_col], "张三, \"三\"");
  EXPECT_EQ(p.records[2].fields[tel_col], "a\nb");
  // A file with another header is not appended to.
  std::ofstream(d.File("other.csv")) << "a,b\n1,2\n";
  EXPECT_FALSE(OpenSink(d.File("other.csv"), OutputFormat::kCsv, {}).ok());
}

TEST(Output, SqliteOneRowPerLead) {
  Dir d;
  std::string path = d.File("o.db");
  {
    auto s = OpenSink(path, OutputFormat::kSqlite, {});
    ASSERT_TRUE(s.ok());
    EXPECT_TRUE(*(*s)->Add(MakeLead(5)));
    EXPECT_FALSE(*(*s)->Add(MakeLead(5)));
    ASSERT_TRUE((*s)->Flush().ok());
    EXPECT_TRUE((*s)->Contains(5));
    // A push lead: `age` lands in the leads_age column.
    auto push = client::Lead::FromJson(R"({"leads_id":6,"age":"50"})");
    EXPECT_TRUE(*(*s)->Add(*push));
  }
  auto s = OpenSink(path, OutputFormat::kSqlite, {});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ((*s)->size(), 2);
  EXPECT_TRUE((*s)->Contains(6));
  EXPECT_FALSE(*(*s)->Add(MakeLead(6)));
  // Someone else's database with a `leads` table is left alone.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(d.File("server.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE leads (leads_id INTEGER PRIMARY KEY, doc TEXT)", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto foreign = OpenSink(d.File("server.db"), OutputFormat::kSqlite, {});
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.status().message().find("did not create"), std::string::npos);
}

// --- config ---------------------------------------------------------------

TEST(Config, FlagsOverEnvironmentOverFile) {
  Dir d;
  std::string path = d.File("c.conf");
  std::ofstream(path) << "# comment\nbase_url = http://file/\ntoken = ftok\nsecret = fsec\nreport_token=rtok\n"
                         "report_secret = \"rsec\"\n[agency]\ntoken = atok\nalgorithm = SHA1\n";
  chmod(path.c_str(), 0600);
  std::map<std::string, std::string> env{{"LEADS_SECRET", "esec"}};
  auto lookup = [&](const std::string& n) -> std::optional<std::string> {
    auto it = env.find(n);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  CommonFlags f;
  f.config = path;
  auto s = Resolve(f, Pair::kForwarding, lookup);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->options.base_url, "http://file/");
  EXPECT_EQ(s->credentials.token, "ftok");
  EXPECT_EQ(s->credentials.secret, "esec");  // environment beats the file
  EXPECT_EQ(s->options.report.token, "rtok");
  EXPECT_EQ(s->options.report.secret, "rsec");
  EXPECT_EQ(s->options.algorithm, Algorithm::kSha256);
  EXPECT_TRUE(s->warnings.empty());
  f.token = "flagtok";
  f.profile = "agency";
  s = Resolve(f, Pair::kForwarding, lookup);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->credentials.token, "flagtok");
  EXPECT_EQ(s->options.algorithm, Algorithm::kSha1);
  f.profile = "nope";
  EXPECT_FALSE(Resolve(f, Pair::kForwarding, lookup).ok());
  chmod(path.c_str(), 0644);
  f.profile.clear();
  s = Resolve(f, Pair::kForwarding, lookup);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->warnings.size(), 1u);  // a readable file holding secrets
  std::ofstream(d.File("bad.conf")) << "tokn = x\n";
  f.config = d.File("bad.conf");
  EXPECT_FALSE(Resolve(f, Pair::kForwarding, lookup).ok());
}

TEST(Config, ReportPairFallsBackToTheGenericVariables) {
  std::map<std::string, std::string> env{{"LEADS_TOKEN", "t"}, {"LEADS_SECRET", "s"}, {"HOME", "/nonexistent"}};
  auto lookup = [&](const std::string& n) -> std::optional<std::string> {
    auto it = env.find(n);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  auto s = Resolve({}, Pair::kReport, lookup);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->credentials.token, "t");
  EXPECT_EQ(s->options.base_url, client::kDefaultBaseUrl);
  env["LEADS_REPORT_TOKEN"] = "rt";
  env["LEADS_REPORT_SECRET"] = "rs";
  s = Resolve({}, Pair::kReport, lookup);
  EXPECT_EQ(s->credentials.token, "rt");
  EXPECT_EQ(s->credentials.secret, "rs");
}

// --- report batches -------------------------------------------------------

ReportRow Row(size_t n, int64_t id, const std::string& convert = "LEADS_CONVERT_STATUS_POTENTIAL_CUSTOMER") {
  ReportRow r;
  r.row = n;
  r.leads_id = std::to_string(id);
  r.item.leads_id = id;
  r.item.leads_convert_type = convert;
  return r;
}

// A server that validates all-or-nothing: ids above 1000 are unknown.
struct FakeServer {
  bool name_index = true;
  int calls = 0;
  std::set<int64_t> applied;
  client::Result<client::ReportResult> operator()(const client::ReportRequest& req) {
    ++calls;
    for (size_t i = 0; i < req.list.size(); ++i) {
      if (req.list[i].leads_id > 1000 || req.list[i].leads_convert_type == "BOGUS") {
        std::string msg = (name_index ? "list[" + std::to_string(i) + "]." : std::string()) + "leads_id: unknown";
        return client::Error(client::Error::Kind::kApi, msg, 2110, 200);
      }
    }
    for (const auto& it : req.list) applied.insert(it.leads_id);
    return client::ReportResult{static_cast<int64_t>(req.list.size()), {}};
  }
};

TEST(ReportBatch, DropsTheNamedBadRowAndAppliesTheRest) {
  FakeServer server;
  std::vector<ReportRow> rows;
  for (int i = 1; i <= 50; ++i) rows.push_back(Row(i, i == 7 || i == 30 ? 5000 + i : i));
  rows[40].error = "leads_id: must be a positive integer";
  int requests = 0;
  auto r = ReportBatch(rows, std::ref(server), &requests);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 50u);
  EXPECT_EQ(requests, 3);
  EXPECT_EQ(server.applied.size(), 47u);
  EXPECT_FALSE((*r)[6].ok);
  EXPECT_EQ((*r)[6].code, 2110);
  EXPECT_EQ((*r)[6].message, "leads_id: unknown");  // "list[6]." refers to the request, not the row
  EXPECT_FALSE((*r)[29].ok);
  EXPECT_FALSE((*r)[40].ok);
  EXPECT_EQ((*r)[40].code, 0);
  EXPECT_TRUE((*r)[0].ok);
  for (size_t i = 0; i < r->size(); ++i) EXPECT_EQ((*r)[i].row, i + 1);
}

TEST(ReportBatch, BisectsWhenTheErrorNamesNoItem) {
  FakeServer server;
  server.name_index = false;
  std::vector<ReportRow> rows;
  for (int i = 1; i <= 50; ++i) rows.push_back(Row(i, i == 13 ? 9999 : i));
  int requests = 0;
  auto r = ReportBatch(rows, std::ref(server), &requests);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(server.applied.size(), 49u);
  EXPECT_FALSE((*r)[12].ok);
  EXPECT_LE(requests, 13);
}

TEST(ReportBatch, AuthenticationFailureStopsTheRun) {
  auto fn = [](const client::ReportRequest&) -> client::Result<client::ReportResult> {
    return client::Error(client::Error::Kind::kApi, "X-Signature: digest does not match", 2009, 200);
  };
  int requests = 0;
  EXPECT_FALSE(ReportBatch({Row(1, 1)}, fn, &requests).ok());
}

TEST(ReportJob, ReadsCsvAndJsonl) {
  Dir d;
  std::ofstream(d.File("r.csv")) << "\xEF\xBB\xBFleads_id,leads_convert_type,outer_leads_convert_type,note\r\n"
                                    "1,LEADS_CONVERT_STATUS_DEPRECATED,,x\r\n\r\n2,,外部,\r\n3,,,\r\n";
  auto rows = ReadReportRows(d.File("r.csv"));
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].item.leads_convert_type, "LEADS_CONVERT_STATUS_DEPRECATED");
  EXPECT_EQ((*rows)[1].row, 3u);
  EXPECT_EQ((*rows)[1].item.outer_leads_convert_type, "外部");
  EXPECT_FALSE((*rows)[2].error.empty());
  std::ofstream(d.File("r.jsonl")) << "{\"leads_id\":5,\"leads_intention_score\":\"LEADS_INTENTION_SCORE_LEVEL_2\"}\n"
                                      "{\"leads_id\":\"6\",\"leads_ineffect_reason\":\"X\"}\nnope\n";
  rows = ReadReportRows(d.File("r.jsonl"));
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_TRUE((*rows)[0].error.empty());
  EXPECT_EQ((*rows)[0].item.leads_id, 5);
  EXPECT_FALSE((*rows)[1].error.empty());  // a reason without a convert type
  EXPECT_FALSE((*rows)[2].error.empty());
}

TEST(ReportJob, ResumesAfterAnInterruptionWithOneResultPerRow) {
  Dir d;
  std::string file = d.File("in.csv");
  {
    std::ofstream out(file);
    out << "leads_id,leads_convert_type\n";
    for (int i = 1; i <= 120; ++i) out << (i == 77 ? 5077 : i) << ",LEADS_CONVERT_STATUS_POTENTIAL_CUSTOMER\n";
  }
  FakeServer server;
  int calls = 0;
  // The network goes away during the second batch.
  auto flaky = [&](const client::ReportRequest& req) -> client::Result<client::ReportResult> {
    if (++calls == 2) return client::Error(client::Error::Kind::kTransport, "connection refused");
    return server(req);
  };
  ReportJobOptions o;
  o.file = file;
  auto first = RunReport(o, flaky, {}, {});
  ASSERT_FALSE(first.ok());
  auto progress = ReadStateFile(file + ".progress");
  ASSERT_TRUE(progress.ok() && *progress);
  EXPECT_EQ((**progress)["rows_done"].as_int64(), 50);
  auto second = RunReport(o, std::ref(server), {}, {});
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_EQ(second->skipped, 50u);
  EXPECT_EQ(second->ok, 119u);
  EXPECT_EQ(second->failed, 1u);
  auto results = ParseCsv(Slurp(file + ".results.csv"), false);
  ASSERT_EQ(results.records.size(), 121u);  // header + one per row
  for (size_t i = 1; i <= 120; ++i) EXPECT_EQ(results.records[i].fields[0], std::to_string(i));
  EXPECT_EQ(results.records[77].fields[2], "error");
  // Done: a third run does nothing.
  int before = server.calls;
  auto third = RunReport(o, std::ref(server), {}, {});
  ASSERT_TRUE(third.ok());
  EXPECT_TRUE(third->already_complete);
  EXPECT_EQ(server.calls, before);
  // The input changed: refuse to resume silently.
  std::ofstream(file, std::ios::app) << "200,LEADS_CONVERT_STATUS_POTENTIAL_CUSTOMER\n";
  EXPECT_FALSE(RunReport(o, std::ref(server), {}, {}).ok());
  o.restart = true;
  EXPECT_TRUE(RunReport(o, std::ref(server), {}, {}).ok());
}

// --- client retries against a real HTTP server ------------------------------

class ScriptedHandler : public http::Handler {
 public:
  std::atomic<int> calls{0};
  std::function<http::Response(int call, const http::Request&)> script;
  std::string last_signature, last_algorithm, last_query;
  std::mutex mu;
  http::Response Handle(const http::Request& req, const Principal*) override {
    int n = ++calls;
    {
      std::lock_guard lock(mu);
      last_signature = std::string(req.Header("X-Signature"));
      last_algorithm = std::string(req.Header("X-Signature-Algorithm"));
      last_query = std::string(req.query);
    }
    return script(n, req);
  }
};

class ClientRetry : public ::testing::Test {
 protected:
  void SetUp() override {
    handler_ = std::make_shared<ScriptedHandler>();
    router_ = std::make_unique<http::Router>(nullptr);
    router_->Add("GET", "/api/mv1/", std::nullopt, handler_, true);
    router_->Add("POST", "/api/mv1/", std::nullopt, handler_, true);
    http::ServerOptions o;
    o.port = 0;
    o.threads = 2;
    o.handle_signals = false;
    o.gzip_min_bytes = 64;
    server_ = std::make_unique<http::Server>(o, *router_);
    ASSERT_TRUE(server_->Listen().ok());
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    server_->Shutdown();
    thread_.join();
  }
  client::ClientOptions Options() {
    client::ClientOptions o;
    o.base_url = "http://127.0.0.1:" + std::to_string(server_->port()) + "/api/mv1";
    o.forwarding = {kToken, kSecret};
    o.report = {"rt", "rs"};
    o.timeout = std::chrono::milliseconds(2000);
    o.hooks.sleep = [this](std::chrono::milliseconds d) { slept_.push_back(d); };
    o.hooks.jitter = [] { return 0.5; };
    return o;
  }
  static http::Response Envelope(int status, int code, const std::string& data = "") {
    http::Response r;
    r.status = status;
    r.body = http::Envelope(code, code ? "failed" : "success", data);
    return r;
  }

  std::shared_ptr<ScriptedHandler> handler_;
  std::unique_ptr<http::Router> router_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  std::vector<std::chrono::milliseconds> slept_;
};

TEST_F(ClientRetry, RetriesServerErrorsWithGrowingBackoff) {
  handler_->script = [](int n, const http::Request&) {
    if (n <= 2) return Envelope(503, 1102);
    std::string list = "[";
    for (int i = 0; i < 30; ++i) list += std::string(i ? "," : "") + "{\"leads_id\":" + std::to_string(100 - i) + "}";
    return Envelope(200, 0, "{\"page_info\":{\"page\":1,\"page_size\":50,\"total_number\":30,\"total_page\":1},"
                            "\"list\":" + list + "]}");
  };
  client::Client c(Options());
  auto r = c.List({.start_time = "2024-05-01", .end_time = "2024-05-02"});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->info.attempts, 3);
  EXPECT_EQ(r->list.size(), 30u);  // gzip-compressed (over 64 bytes) and decoded
  EXPECT_EQ(r->page_info.total_number, 30);
  EXPECT_EQ(r->list[0].id(), 100);
  ASSERT_EQ(slept_.size(), 2u);
  EXPECT_EQ(slept_[0].count(), 187);  // [b/2, b] with b = 250 ms, jitter 0.5
  EXPECT_EQ(slept_[1].count(), 375);  // b doubled
  EXPECT_EQ(handler_->last_algorithm, "SHA256");
  auto sig = ParseSignature(handler_->last_signature);
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(sig->nonce.has_value());  // new scheme
  EXPECT_NE(handler_->last_query.find("start_time=2024-05-01"), std::string::npos);
}

TEST_F(ClientRetry, NeverRetriesABusinessError) {
  handler_->script = [](int, const http::Request&) {
    http::Response r;
    r.body = R"({"code":2104,"message":"list[0].leads_id: bad","msg":"list[0].leads_id: bad"})";
    return r;
  };
  client::Client c(Options());
  auto r = c.Report({.list = {{.leads_id = 1, .leads_convert_type = "X"}}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), client::Error::Kind::kApi);
  EXPECT_EQ(r.error().code(), 2104);
  EXPECT_EQ(r.error().message(), "list[0].leads_id: bad");
  EXPECT_FALSE(r.error().retryable());
  EXPECT_EQ(handler_->calls.load(), 1);
  EXPECT_TRUE(slept_.empty());
}

TEST_F(ClientRetry, RetriesTheRateLimitAfterItsRetryAfter) {
  // Code 2013 is answered before the request is acted on: a report too is
  // sent again, and the wait is the server's Retry-After, not the backoff.
  handler_->script = [](int n, const http::Request&) {
    if (n == 1) {
      auto r = Envelope(200, 2013);
      r.headers.emplace_back("Retry-After", "3");
      return r;
    }
    return Envelope(200, 0);
  };
  client::Client c(Options());
  auto r = c.Report({.list = {{.leads_id = 1, .leads_convert_type = "X"}}});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->info.attempts, 2);
  EXPECT_FALSE(r->info.replayed);
  ASSERT_EQ(slept_.size(), 1u);
  EXPECT_EQ(slept_[0].count(), 3000);

  // Still limited after every attempt: the error says so and may be retried later.
  handler_->calls = 0;
  handler_->script = [](int, const http::Request&) { return Envelope(200, 2013); };
  auto o = Options();
  o.retry.max_attempts = 2;
  auto r2 = client::Client(o).List({.start_time = "2024-05-01", .end_time = "2024-05-02"});
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().code(), client::kRateLimitedCode);
  EXPECT_TRUE(r2.error().retryable());
  EXPECT_EQ(r2.error().attempts(), 2);
  EXPECT_EQ(handler_->calls.load(), 2);
}

TEST_F(ClientRetry, GivesUpAfterMaxAttempts) {
  handler_->script = [](int, const http::Request&) { return Envelope(500, 1100); };
  auto o = Options();
  o.retry.max_attempts = 3;
  client::Client c(o);
  auto r = c.SetLeadsStatusSystem({.account_id = 1, .leads_status_system_option = 1});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), client::Error::Kind::kHttp);
  EXPECT_EQ(r.error().http_status(), 500);
  EXPECT_EQ(r.error().attempts(), 3);
  EXPECT_EQ(handler_->calls.load(), 3);
}

TEST_F(ClientRetry, TimesOutEveryAttempt) {
  handler_->script = [](int, const http::Request&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    return Envelope(200, 0);
  };
  auto o = Options();
  o.timeout = std::chrono::milliseconds(100);
  o.retry.max_attempts = 2;
  client::Client c(o);
  auto t0 = std::chrono::steady_clock::now();
  auto r = c.ReportPersonalWechat({.uuid = "u1", .account_id = 1});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), client::Error::Kind::kTransport);
  EXPECT_TRUE(r.error().timed_out());
  EXPECT_EQ(r.error().attempts(), 2);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(1500));
}

TEST_F(ClientRetry, ALostAnswerThenDuplicateUuidIsSuccess) {
  handler_->script = [](int n, const http::Request&) {
    if (n == 1) return Envelope(502, 1100);
    http::Response r;
    r.body = R"({"code":2116,"message":"uuid: already reported","msg":"uuid: already reported"})";
    return r;
  };
  client::Client c(Options());
  auto r = c.ReportPersonalWechat({.uuid = "u1", .account_id = 1});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_TRUE(r->info.replayed);
  EXPECT_EQ(r->info.attempts, 2);
}

TEST_F(ClientRetry, ConnectionRefusedIsRetriedThenReported) {
  auto o = Options();
  o.base_url = "http://127.0.0.1:1/api/mv1/";
  o.retry.max_attempts = 2;
  client::Client c(o);
  auto r = c.List({.start_time = "2024-05-01", .end_time = "2024-05-02"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), client::Error::Kind::kTransport);
  EXPECT_EQ(r.error().attempts(), 2);
  EXPECT_EQ(slept_.size(), 1u);
  auto none = client::Client(client::ClientOptions{}).List({.start_time = "a", .end_time = "b"});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().kind(), client::Error::Kind::kInvalidArgument);  // no credentials: nothing sent
}

TEST_F(ClientRetry, ForEachPageWalksWithTheCursor) {
  // 5 leads, page size 2: pages [5,4] [3,2] [1].
  handler_->script = [](int, const http::Request& req) {
    std::string q(req.query);
    int64_t after = 6;
    size_t p = q.find("search_after_leads_id=");
    if (p != std::string::npos) after = std::stoll(q.substr(p + 22));
    std::string list = "[";
    int n = 0;
    for (int64_t id = after - 1; id >= 1 && n < 2; --id, ++n) list += std::string(n ? "," : "") + "{\"leads_id\":" + std::to_string(id) + "}";
    return Envelope(200, 0, "{\"page_info\":{\"page\":1,\"page_size\":2,\"total_number\":5,\"total_page\":3},\"list\":" + list + "]}");
  };
  client::Client c(Options());
  std::vector<int64_t> ids;
  auto r = c.ForEachPage({.start_time = "2024-05-01", .end_time = "2024-05-02", .page_size = 2},
                         [&](const client::ListResult& page) {
                           for (const auto& l : page.list) ids.push_back(l.id());
                           return true;
                         });
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(ids, (std::vector<int64_t>{5, 4, 3, 2, 1}));
  EXPECT_EQ(r->pages, 3);
  EXPECT_EQ(*r->last_leads_id, 1);
}

}  // namespace
}  // namespace leads::ctl
