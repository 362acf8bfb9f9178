// Push end to end: the real leadsd pushing to real receivers (push_receiver,
// HTTPS with a self-signed certificate made here with the openssl CLI and
// trusted through --push-ca-file). The receiver verifies every request on
// its own (signature, body HMAC, field set); these tests check what
// arrived, when, and what the delivery log says. On SQLite, and as
// e2e_push_test_pg on PostgreSQL (LEADS_TEST_BACKEND=postgres).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "tests/e2e/harness.h"

namespace leads::e2e {
namespace {

using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;
namespace json = boost::json;

std::string ReceiverPath() { return PUSH_RECEIVER_PATH; }

bool WaitFor(const std::function<bool()>& cond, std::chrono::milliseconds timeout) {
  auto deadline = SteadyClock::now() + timeout;
  while (SteadyClock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return cond();
}

double SecondsSince(SteadyClock::time_point t) {
  return std::chrono::duration<double>(SteadyClock::now() - t).count();
}

// A self-signed certificate for `names` (subjectAltName), made with the
// openssl command-line tool.
struct Cert {
  std::string cert, key;
};
Cert MakeCert(const TempDir& dir, const std::string& name, const std::string& san) {
  Cert c{dir.File(name + "-cert.pem"), dir.File(name + "-key.pem")};
  auto r = Run({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", c.key, "-out", c.cert, "-days", "2", "-subj", "/CN=" + name, "-addext",
                "subjectAltName=" + san});
  if (r.exit_code != 0) throw std::runtime_error("openssl failed: " + r.err);
  return c;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// One push_receiver process.
class Receiver {
 public:
  // `secrets`: the forwarding pairs it accepts; `args`: --mode etc.
  Receiver(const TempDir& dir, const std::string& name, const std::vector<Credential>& secrets,
           std::vector<std::string> args, const Cert* cert) {
    record_ = dir.File(name + ".jsonl");
    std::vector<std::string> argv = {ReceiverPath(), "--record", record_};
    if (cert) {
      argv.insert(argv.end(), {"--cert", cert->cert, "--key", cert->key});
    } else {
      argv.push_back("--http");
    }
    for (const auto& c : secrets) argv.insert(argv.end(), {"--secret", c.token + "=" + c.secret});
    argv.insert(argv.end(), args.begin(), args.end());
    if (!proc_.Start(argv, "listening on ")) throw std::runtime_error("push_receiver did not start");
    const std::string& line = proc_.ready_line();
    url_ = line.substr(line.find("listening on ") + 13) + "/leads/push?key=k";
  }
  ~Receiver() { proc_.Signal(SIGKILL); }

  const std::string& url() const { return url_; }

  std::vector<json::object> Records() const {
    std::vector<json::object> out;
    std::string text = ReadAll(record_);
    size_t pos = 0;
    for (;;) {
      size_t nl = text.find('\n', pos);
      if (nl == std::string::npos) break;  // an unfinished last line
      auto v = json::parse(text.substr(pos, nl - pos));
      out.push_back(v.as_object());
      pos = nl + 1;
    }
    return out;
  }
  // leads_ids of the requests answered with success.
  std::set<int64_t> Accepted() const {
    std::set<int64_t> ids;
    for (const auto& r : Records())
      if (r.contains("leads_id") && r.at("verified").as_bool() && r.at("answered").as_int64() == 200 && !Failing(r))
        ids.insert(r.at("leads_id").as_int64());
    return ids;
  }
  // Requests per leads_id, in arrival order.
  std::map<int64_t, std::vector<json::object>> ByLead() const {
    std::map<int64_t, std::vector<json::object>> out;
    for (const auto& r : Records())
      if (r.contains("leads_id")) out[r.at("leads_id").as_int64()].push_back(r);
    return out;
  }
  // True when the answer was the mode's failure (set by the test).
  std::function<bool(const json::object&)> Failing = [](const json::object&) { return false; };

 private:
  Process proc_;
  std::string record_, url_;
};

// A port nothing listens on.
uint16_t DeadPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

class PushTest : public ::testing::Test {
 protected:
  void SetUp() override { cert_ = MakeCert(dir_, "receiver", "IP:127.0.0.1,DNS:localhost"); }

  // Server flags for short, bounded tests; `extra` overrides (--flag value
  // pairs, or a lone flag).
  std::vector<std::string> Flags(std::vector<std::string> extra = {}) const {
    std::vector<std::pair<std::string, std::string>> f = {{"--push-ca-file", cert_.cert},
                                                          {"--push-schedule", "0,1,1"},
                                                          {"--push-timeout", "2"},
                                                          {"--push-lease", "3"},
                                                          {"--push-poll", "100ms"}};
    for (size_t i = 0; i < extra.size(); ++i) {
      bool has_value = i + 1 < extra.size() && !extra[i + 1].starts_with("--");
      std::string value = has_value ? extra[i + 1] : "";
      auto it = std::find_if(f.begin(), f.end(), [&](const auto& p) { return p.first == extra[i]; });
      if (it != f.end()) it->second = value;
      else f.emplace_back(extra[i], value);
      if (has_value) ++i;
    }
    std::vector<std::string> out;
    for (const auto& [k, v] : f) {
      out.push_back(k);
      if (!v.empty()) out.push_back(v);
    }
    return out;
  }

  struct Account {
    int64_t id;
    Credential forwarding, intake;
  };
  Account MakeAccount(Server& s, int64_t id, const std::string& alg = "SHA1") {
    s.AddAccount(id, {"--push-algorithm", alg});
    return {id, s.Issue(id, "forwarding"), s.Issue(id, "intake")};
  }
  void SetPushUrl(Server& s, int64_t id, const std::string& url) {
    auto r = s.Admin({"account", "update", "--account-id", std::to_string(id), "--push-url", url});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  // Posts `n` leads through the intake endpoint; returns their ids.
  std::vector<int64_t> Intake(Server& s, const Account& a, int n, int64_t base = 0) {
    std::string lines = MakeLeadsJsonl(n, base);
    std::string body = "{\"list\":[";
    std::istringstream in(lines);
    std::string line;
    bool first = true;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      if (!first) body += ',';
      first = false;
      body += line;
    }
    body += "]}";
    auto r = s.Post("/intake/v1/leads", a.intake, body);
    if (!r) throw std::runtime_error("intake: no response");
    auto v = r->Json();
    if (v.at("code").as_int64() != 0) throw std::runtime_error("intake failed: " + r->body);
    std::vector<int64_t> ids;
    for (const auto& id : v.at("data").at("leads_ids").as_array()) ids.push_back(id.as_int64());
    return ids;
  }

  std::vector<json::object> Log(const Server& s, int64_t account, std::optional<int64_t> lead = std::nullopt) {
    std::vector<std::string> args = {"push", "log", "--account-id", std::to_string(account)};
    if (lead) args.insert(args.end(), {"--leads-id", std::to_string(*lead)});
    auto r = s.Admin(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<json::object> out;
    std::istringstream in(r.out);
    std::string line;
    while (std::getline(in, line))
      if (!line.empty()) out.push_back(json::parse(line).as_object());
    return out;
  }

  json::object Status(const Server& s, int64_t account) {
    auto r = s.Admin({"push", "status", "--account-id", std::to_string(account)});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out).as_object();
  }

  TempDir dir_;
  Cert cert_;
};

// Every lead arrives once, signed in the old scheme with the account's
// algorithm, with a body HMAC the receiver verifies, and the full push
// field set; connections are reused; the log says so.
TEST_F(PushTest, EveryLeadArrivesSignedAndComplete) {
  Server s(dir_, Flags());
  auto a = MakeAccount(s, 1001, "SHA256");
  auto b = MakeAccount(s, 1002);  // SHA1, the default
  Receiver rx(dir_, "rx", {a.forwarding, b.forwarding}, {"--mode", "ok"}, &cert_);
  SetPushUrl(s, a.id, rx.url());
  SetPushUrl(s, b.id, rx.url());
  ASSERT_TRUE(s.Start());

  auto ids_a = Intake(s, a, 40);
  auto ids_b = Intake(s, b, 40, 1714600000);
  std::set<int64_t> want(ids_a.begin(), ids_a.end());
  want.insert(ids_b.begin(), ids_b.end());
  ASSERT_TRUE(WaitFor([&] { return rx.Accepted() == want; }, 15s));

  auto records = rx.Records();
  std::set<std::string> deliveries;
  std::set<int64_t> conns;
  for (const auto& r : records) {
    EXPECT_TRUE(r.at("verified").as_bool()) << json::serialize(r);
    EXPECT_EQ(r.at("attempt").as_int64(), 1);
    EXPECT_FALSE(r.at("test").as_bool());
    int64_t acct = r.at("account_id").as_int64();
    const Credential& fwd = acct == a.id ? a.forwarding : b.forwarding;
    EXPECT_EQ(r.at("token").as_string(), fwd.token);
    EXPECT_EQ(r.at("alg").as_string(), acct == a.id ? "SHA256" : "SHA1");
    EXPECT_EQ(r.at("leads_tags").as_string(), "");
    deliveries.insert(std::string(r.at("delivery_id").as_string()));
    conns.insert(r.at("conn").as_int64());
  }
  EXPECT_EQ(records.size(), 80u) << "each lead exactly once when the receiver answers at once";
  EXPECT_EQ(deliveries.size(), 80u);
  // Keep-alive: 80 requests over at most the endpoint's 4 connections.
  EXPECT_LE(conns.size(), 4u);

  auto log = Log(s, a.id);
  ASSERT_EQ(log.size(), 40u);
  for (const auto& l : log) {
    EXPECT_TRUE(l.at("ok").as_bool());
    EXPECT_EQ(l.at("http_status").as_int64(), 200);
    EXPECT_EQ(l.at("code").as_int64(), 0);
    EXPECT_EQ(l.at("attempt").as_int64(), 1);
    EXPECT_EQ(l.at("error").as_string(), "");
    EXPECT_EQ(l.at("url").as_string().find("key="), json::string::npos) << "the query may hold a secret";
    EXPECT_NE(l.at("response").as_string().find("\"code\":0"), json::string::npos);
  }
  auto one = Log(s, a.id, ids_a[3]);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].at("leads_id").as_int64(), ids_a[3]);
  auto st = Status(s, a.id);
  EXPECT_EQ(st.at("delivered").as_int64(), 40);
  EXPECT_EQ(st.at("pending").as_int64(), 0);
}

// HTTP 500 twice, then success: three attempts on the schedule, same
// delivery id, attempt numbers 1..3, each logged.
TEST_F(PushTest, FailingReceiverIsRetriedUntilSuccess) {
  Server s(dir_, Flags({"--push-schedule", "0,1,1,1"}));
  auto a = MakeAccount(s, 2001);
  Receiver rx(dir_, "rx", {a.forwarding}, {"--mode", "fail", "--times", "2"}, &cert_);
  rx.Failing = [](const json::object& r) { return r.at("attempt").as_int64() <= 2; };
  SetPushUrl(s, a.id, rx.url());
  ASSERT_TRUE(s.Start());
  auto ids = Intake(s, a, 5);
  ASSERT_TRUE(WaitFor([&] { return rx.Accepted().size() == 5; }, 15s));

  for (const auto& [lead, reqs] : rx.ByLead()) {
    ASSERT_EQ(reqs.size(), 3u) << lead;
    for (size_t i = 0; i < 3; ++i) {
      EXPECT_TRUE(reqs[i].at("verified").as_bool());
      EXPECT_EQ(reqs[i].at("attempt").as_int64(), static_cast<int64_t>(i + 1));
      EXPECT_EQ(reqs[i].at("delivery_id"), reqs[0].at("delivery_id"));
      EXPECT_EQ(reqs[i].at("answered").as_int64(), i < 2 ? 500 : 200);
    }
    // The schedule's one-second waits (due by whole seconds: 1 to 2 s).
    double gap = static_cast<double>(reqs[1].at("t_us").as_int64() - reqs[0].at("t_us").as_int64()) / 1e6;
    EXPECT_GE(gap, 0.9);
    EXPECT_LE(gap, 3.5);
  }
  ASSERT_TRUE(WaitFor([&] { return Status(s, a.id).at("delivered").as_int64() == 5; }, 5s));
  auto log = Log(s, a.id, ids[0]);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].at("http_status").as_int64(), 500);
  EXPECT_EQ(log[0].at("code").as_int64(), 1);
  EXPECT_FALSE(log[0].at("ok").as_bool());
  EXPECT_EQ(log[0].at("error").as_string(), "HTTP 500");
  EXPECT_EQ(log[1].at("attempt").as_int64(), 2);
  EXPECT_TRUE(log[2].at("ok").as_bool());
  EXPECT_EQ(log[2].at("attempt").as_int64(), 3);
}

// HTTP 200 with code != 0 is a failure and is retried.
TEST_F(PushTest, NonZeroCodeIsRetried) {
  Server s(dir_, Flags());
  auto a = MakeAccount(s, 3001);
  Receiver rx(dir_, "rx", {a.forwarding}, {"--mode", "code", "--code", "7", "--times", "1"}, &cert_);
  rx.Failing = [](const json::object& r) { return r.at("attempt").as_int64() == 1; };
  SetPushUrl(s, a.id, rx.url());
  ASSERT_TRUE(s.Start());
  auto ids = Intake(s, a, 3);
  ASSERT_TRUE(WaitFor([&] { return rx.Accepted().size() == 3; }, 10s));
  for (const auto& [lead, reqs] : rx.ByLead()) EXPECT_EQ(reqs.size(), 2u) << lead;
  ASSERT_TRUE(WaitFor([&] { return Log(s, a.id, ids[1]).size() == 2; }, 5s));
  auto log = Log(s, a.id, ids[1]);
  EXPECT_EQ(log[0].at("http_status").as_int64(), 200);
  EXPECT_EQ(log[0].at("code").as_int64(), 7);
  EXPECT_EQ(log[0].at("error").as_string(), "code 7: not accepted");
  EXPECT_TRUE(log[1].at("ok").as_bool());
}

// After the last attempt the delivery is failed and kept; `push retry`
// brings failed deliveries back, and redelivers a delivered lead.
TEST_F(PushTest, FailedAfterLastAttemptAndRetriedByHand) {
  Server s(dir_, Flags({"--push-schedule", "0,1"}));
  auto a = MakeAccount(s, 4001);
  Receiver rx(dir_, "rx", {a.forwarding}, {"--mode", "fail", "--status", "502", "--times", "2"}, &cert_);
  rx.Failing = [](const json::object& r) { return r.at("answered").as_int64() != 200; };
  SetPushUrl(s, a.id, rx.url());
  ASSERT_TRUE(s.Start());
  auto ids = Intake(s, a, 4);
  ASSERT_TRUE(WaitFor([&] { return Status(s, a.id).at("failed").as_int64() == 4; }, 10s));
  EXPECT_EQ(rx.Records().size(), 8u);
  EXPECT_TRUE(rx.Accepted().empty());
  auto log = Log(s, a.id, ids[0]);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[1].at("http_status").as_int64(), 502);

  auto r = s.Admin({"push", "retry", "--account-id", std::to_string(a.id), "--failed"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out).at("requeued").as_int64(), 4);
  ASSERT_TRUE(WaitFor([&] { return rx.Accepted().size() == 4; }, 10s));
  for (const auto& [lead, reqs] : rx.ByLead()) {
    ASSERT_EQ(reqs.size(), 3u);
    EXPECT_EQ(reqs[2].at("attempt").as_int64(), 3) << "attempt numbers keep counting";
  }
  ASSERT_TRUE(WaitFor([&] { return Status(s, a.id).at("delivered").as_int64() == 4; }, 5s));

  // Redeliver one lead that was delivered.
  r = s.Admin({"push", "retry", "--leads-id", std::to_string(ids[2])});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(WaitFor([&] { return rx.ByLead()[ids[2]].size() == 4; }, 10s));
  EXPECT_EQ(rx.ByLead()[ids[2]][3].at("answered").as_int64(), 200);
  EXPECT_EQ(rx.ByLead()[ids[2]][3].at("attempt").as_int64(), 4);

  // Usage errors.
  EXPECT_EQ(s.Admin({"push", "retry"}).exit_code, 2);
  r = s.Admin({"push", "retry", "--leads-id", "999"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("999"), std::string::npos);
}

// 503 with Retry-After: the next attempt waits that long even though the
// schedule says "at once", and the endpoint pauses.
TEST_F(PushTest, RetryAfterIsHonoured) {
  Server s(dir_, Flags({"--push-schedule", "0,0,0"}));
  auto a = MakeAccount(s, 5001);
  Receiver rx(dir_, "rx", {a.forwarding}, {"--mode", "retry-after", "--retry-after", "2", "--times", "1"}, &cert_);
  SetPushUrl(s, a.id, rx.url());
  ASSERT_TRUE(s.Start());
  auto ids = Intake(s, a, 1);
  ASSERT_TRUE(WaitFor([&] { return rx.ByLead()[ids[0]].size() == 2; }, 10s));
  auto reqs = rx.ByLead()[ids[0]];
  EXPECT_EQ(reqs[0].at("answered").as_int64(), 503);
  EXPECT_EQ(reqs[1].at("answered").as_int64(), 200);
  double gap = static_cast<double>(reqs[1].at("t_us").as_int64() - reqs[0].at("t_us").as_int64()) / 1e6;
  EXPECT_GE(gap, 2.0);
  EXPECT_LE(gap, 4.5);
  auto log = Log(s, a.id);
  ASSERT_GE(log.size(), 1u);
  EXPECT_EQ(log[0].at("error").as_string(), "HTTP 503 (Retry-After 2 s)");
}

// A receiver that never answers (account A) does not slow account B.
// Bound: all 100 leads of B are delivered within 3 s of their intake while
// A's endpoint is stuck with 300 leads whose requests hang for the 5 s
// timeout (were B queued behind A, it would wait 300 / 2 slots x 5 s).
TEST_F(PushTest, HangingReceiverDoesNotDelayOtherAccounts) {
  Server s(dir_, Flags({"--push-timeout", "5", "--push-endpoint-concurrency", "2", "--push-schedule", "0,1,1,1,1"}));
  auto a = MakeAccount(s, 6001);
  auto b = MakeAccount(s, 6002);
  Receiver hang(dir_, "hang", {a.forwarding}, {"--mode", "hang"}, &cert_);
  Receiver ok(dir_, "ok", {b.forwarding}, {"--mode", "ok"}, &cert_);
  SetPushUrl(s, a.id, hang.url());
  SetPushUrl(s, b.id, ok.url());
  ASSERT_TRUE(s.Start());

  Intake(s, a, 300);
  ASSERT_TRUE(WaitFor([&] { return hang.Records().size() == 2; }, 5s));
  auto t0 = SteadyClock::now();
  auto ids_b = Intake(s, b, 100, 1714600000);
  ASSERT_TRUE(WaitFor([&] { return ok.Accepted().size() == ids_b.size(); }, 10s));
  double took = SecondsSince(t0);
  EXPECT_LT(took, 3.0) << "B's 100 leads took " << took << " s behind a hanging receiver";
  // A's endpoint never had more than its 2 slots busy: no 3 of its requests
  // started within one 5 s timeout of each other.
  auto recs = hang.Records();
  for (size_t i = 2; i < recs.size(); ++i)
    EXPECT_GE(recs[i].at("t_us").as_int64() - recs[i - 2].at("t_us").as_int64(), 4'500'000) << i;
}

// Plain http:// is refused unless the deployment allows it; the row is
// kept and goes out once allowed.
TEST_F(PushTest, PlainHttpNeedsAllowHttpPush) {
  Server s(dir_, Flags({"--push-schedule", "0,1,1,1,1,1,1,1,1,1"}));
  auto a = MakeAccount(s, 7001);
  Receiver rx(dir_, "rx", {a.forwarding}, {"--mode", "ok"}, nullptr);
  SetPushUrl(s, a.id, rx.url());
  ASSERT_TRUE(s.Start());
  auto ids = Intake(s, a, 2);
  ASSERT_TRUE(WaitFor([&] { return !Log(s, a.id, ids[0]).empty(); }, 5s));
  auto log = Log(s, a.id, ids[0]);
  EXPECT_NE(log[0].at("error").as_string().find("--allow-http-push"), json::string::npos)
      << json::serialize(log[0]);
  EXPECT_EQ(log[0].at("http_status").as_int64(), 0);
  EXPECT_TRUE(rx.Records().empty());
  EXPECT_EQ(Status(s, a.id).at("pending").as_int64(), 2);

  s.Stop();
  Server s2(dir_, Flags({"--allow-http-push"}));
  ASSERT_TRUE(s2.Start());
  ASSERT_TRUE(WaitFor([&] { return rx.Accepted().size() == 2; }, 10s));
}

// Certificates and host names are verified: a receiver whose certificate
// is not trusted, or is for another host name, fails; the error is logged.
TEST_F(PushTest, CertificateAndHostNameAreVerified) {
  Cert wrong_host = MakeCert(dir_, "wrong", "DNS:wrong.example");
  Cert untrusted = MakeCert(dir_, "untrusted", "IP:127.0.0.1");
  std::string bundle = dir_.File("bundle.pem");
  std::ofstream(bundle) << ReadAll(cert_.cert) << ReadAll(wrong_host.cert);
  Server s(dir_, Flags({"--push-ca-file", bundle}));
  auto good = MakeAccount(s, 8001);
  auto bad_host = MakeAccount(s, 8002);
  auto bad_ca = MakeAccount(s, 8003);
  Receiver rx_good(dir_, "good", {good.forwarding}, {}, &cert_);
  Receiver rx_host(dir_, "host", {bad_host.forwarding}, {}, &wrong_host);
  Receiver rx_ca(dir_, "ca", {bad_ca.forwarding}, {}, &untrusted);
  SetPushUrl(s, good.id, rx_good.url());
  SetPushUrl(s, bad_host.id, rx_host.url());
  SetPushUrl(s, bad_ca.id, rx_ca.url());
  ASSERT_TRUE(s.Start());
  Intake(s, good, 1);
  auto h = Intake(s, bad_host, 1);
  auto c = Intake(s, bad_ca, 1);
  ASSERT_TRUE(WaitFor([&] { return rx_good.Accepted().size() == 1; }, 5s));
  ASSERT_TRUE(WaitFor([&] { return !Log(s, bad_host.id).empty() && !Log(s, bad_ca.id).empty(); }, 5s));
  std::string host_err(Log(s, bad_host.id)[0].at("error").as_string());
  std::string ca_err(Log(s, bad_ca.id)[0].at("error").as_string());
  EXPECT_NE(host_err.find("127.0.0.1"), std::string::npos) << host_err;
  EXPECT_NE(host_err.find("name"), std::string::npos) << host_err;
  EXPECT_NE(ca_err.find("certificate"), std::string::npos) << ca_err;
  for (const auto& r : rx_host.Records()) EXPECT_FALSE(r.contains("leads_id")) << "nothing sent past TLS";
  for (const auto& r : rx_ca.Records()) EXPECT_FALSE(r.contains("leads_id"));
  (void)h;
  (void)c;
}

// Changing the push URL, the algorithm or the forwarding credential applies
// to deliveries still pending.
TEST_F(PushTest, AccountChangesApplyToPendingDeliveries) {
  Server s(dir_, Flags({"--push-schedule", "0,1,1,1,1,1,1,1"}));
  auto a = MakeAccount(s, 9001, "SHA256");
  SetPushUrl(s, a.id, "https://127.0.0.1:" + std::to_string(DeadPort()) + "/push");
  ASSERT_TRUE(s.Start());
  auto ids = Intake(s, a, 3);
  ASSERT_TRUE(WaitFor([&] { return !Log(s, a.id, ids[2]).empty(); }, 5s));
  EXPECT_EQ(Log(s, a.id, ids[2])[0].at("http_status").as_int64(), 0);

  std::this_thread::sleep_for(1100ms);  // "newest" is by creation second
  auto r = s.Admin({"token", "rotate", "--token", a.forwarding.token});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto v = json::parse(r.out);
  Credential rotated{std::string(v.at("token").as_string()), std::string(v.at("secret").as_string())};
  Receiver rx(dir_, "rx", {a.forwarding, rotated}, {"--mode", "ok"}, &cert_);
  r = s.Admin({"account", "update", "--account-id", std::to_string(a.id), "--push-url", rx.url(),
               "--push-algorithm", "SHA1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(WaitFor([&] { return rx.Accepted().size() == 3; }, 10s));
  for (const auto& rec : rx.Records()) {
    EXPECT_EQ(rec.at("token").as_string(), rotated.token);
    EXPECT_EQ(rec.at("alg").as_string(), "SHA1");
    EXPECT_GE(rec.at("attempt").as_int64(), 2);
  }
}

// kill -9 of the server while 5,000 leads come in through intake and are
// being pushed; after a restart the set of leads_ids the receiver accepted
// equals the set of leads stored (at least once, none lost).
TEST_F(PushTest, KillNineDuringImportLosesNoPush) {
  Server s(dir_, Flags({"--push-lease", "2", "--push-schedule", "0,1,1,1,1,1"}));
  auto a = MakeAccount(s, 10001);
  Receiver rx(dir_, "rx", {a.forwarding}, {"--mode", "ok", "--delay-ms", "1"}, &cert_);
  SetPushUrl(s, a.id, rx.url());
  ASSERT_TRUE(s.Start());

  constexpr int kBatches = 50, kPerBatch = 100;
  std::atomic<int> next_batch{0};
  std::atomic<bool> stop_posting{false};
  auto post_batches = [&](Server& srv) {
    while (next_batch < kBatches && !stop_posting) {
      try {
        Intake(srv, a, kPerBatch, 1714536000 + next_batch * kPerBatch);
        ++next_batch;
        std::this_thread::sleep_for(20ms);  // a steady stream rather than one burst
      } catch (const std::exception&) {
        return;  // the server died under us
      }
    }
  };
  std::thread poster([&] { post_batches(s); });
  // Kill in the middle: 20 of 50 batches stored, pushes under way.
  ASSERT_TRUE(WaitFor([&] { return next_batch >= 20 && rx.Records().size() >= 100; }, 30s));
  s.Kill();
  poster.join();
  int posted_before_kill = next_batch.load();
  EXPECT_LT(posted_before_kill, kBatches) << "the kill came after the import ended";

  ASSERT_TRUE(s.Start());
  post_batches(s);
  ASSERT_EQ(next_batch.load(), kBatches);

  // The stored leads, read back through the pull API.
  std::set<int64_t> stored;
  std::optional<int64_t> after;
  for (;;) {
    std::string target = "/api/mv1/leads/list?start_time=2024-01-01&end_time=2025-12-31&time_type=1&page_size=200";
    if (after) target += "&search_after_leads_id=" + std::to_string(*after);
    auto r = s.Get(target, a.forwarding);
    ASSERT_TRUE(r);
    auto v = r->Json();
    ASSERT_EQ(v.at("code").as_int64(), 0) << r->body;
    const auto& list = v.at("data").at("list").as_array();
    if (list.empty()) break;
    for (const auto& l : list) stored.insert(l.at("leads_id").as_int64());
    after = list.back().at("leads_id").as_int64();
  }
  ASSERT_GE(stored.size(), static_cast<size_t>(kBatches * kPerBatch));
  EXPECT_TRUE(WaitFor([&] { return rx.Accepted() == stored; }, 45s))
      << "accepted " << rx.Accepted().size() << " of " << stored.size();
  auto accepted = rx.Accepted();
  std::vector<int64_t> missing;
  std::set_difference(stored.begin(), stored.end(), accepted.begin(), accepted.end(), std::back_inserter(missing));
  EXPECT_TRUE(missing.empty()) << missing.size() << " leads never arrived, e.g. " << (missing.empty() ? 0 : missing[0]);
  for (const auto& r : rx.Records()) EXPECT_TRUE(r.at("verified").as_bool());
}

// SIGTERM while attempts hang: the server stops within the timeout, and
// nothing is lost: after a restart every lead arrives.
TEST_F(PushTest, GracefulStopKeepsUndeliveredPushes) {
  Server s(dir_, Flags({"--push-timeout", "2", "--push-schedule", "0,1,1,1,1"}));
  auto a = MakeAccount(s, 11001);
  Receiver hang(dir_, "hang", {a.forwarding}, {"--mode", "hang"}, &cert_);
  SetPushUrl(s, a.id, hang.url());
  ASSERT_TRUE(s.Start());
  auto ids = Intake(s, a, 10);
  ASSERT_TRUE(WaitFor([&] { return hang.Records().size() == 4; }, 5s));
  auto t0 = SteadyClock::now();
  s.process().Signal(SIGTERM);
  auto rc = s.process().Wait(10s);
  ASSERT_TRUE(rc.has_value());
  EXPECT_EQ(*rc, 0);
  EXPECT_LT(SecondsSince(t0), 6.0) << "stop is bounded by the 2 s push timeout (+1 s)";

  Receiver ok(dir_, "ok", {a.forwarding}, {"--mode", "ok"}, &cert_);
  SetPushUrl(s, a.id, ok.url());
  ASSERT_TRUE(s.Start());
  ASSERT_TRUE(WaitFor([&] { return ok.Accepted() == std::set<int64_t>(ids.begin(), ids.end()); }, 10s));
}

// Two servers on one store share the deliveries: every lead arrives, none
// twice (leases keep them apart), and a lead imported by another process
// is found by polling.
TEST_F(PushTest, TwoServersShareTheWork) {
  Server s1(dir_, Flags());
  Server s2(dir_, Flags());
  auto a = MakeAccount(s1, 13001);
  Receiver rx(dir_, "rx", {a.forwarding}, {"--mode", "ok", "--delay-ms", "2"}, &cert_);
  SetPushUrl(s1, a.id, rx.url());
  ASSERT_TRUE(s1.Start());
  ASSERT_TRUE(s2.Start());
  ASSERT_EQ(s1.Import(a.id, MakeLeadsJsonl(1000)), 1000);
  ASSERT_TRUE(WaitFor([&] { return rx.Accepted().size() == 1000; }, 20s));
  std::this_thread::sleep_for(300ms);
  std::set<int64_t> conns;
  for (const auto& r : rx.Records()) conns.insert(r.at("conn").as_int64());
  EXPECT_EQ(rx.Records().size(), 1000u) << "no lead sent twice while both servers run";
  // Each server keeps at most 4 connections to the endpoint; more means both pushed.
  EXPECT_GT(conns.size(), 4u) << "one server did all the work";
  EXPECT_EQ(Status(s1, a.id).at("delivered").as_int64(), 1000);
}

// `leadsd push test` sends a sample lead marked as a test, signed like a
// real push; it is logged, not stored.
TEST_F(PushTest, PushTestCommand) {
  Server s(dir_, Flags());
  auto a = MakeAccount(s, 12001, "SHA256");
  Receiver rx(dir_, "rx", {a.forwarding}, {"--mode", "ok"}, &cert_);
  SetPushUrl(s, a.id, rx.url());
  auto r = s.Admin({"push", "test", "--account-id", std::to_string(a.id), "--push-ca-file", cert_.cert});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto out = json::parse(r.out).as_object();
  EXPECT_TRUE(out.at("ok").as_bool());
  EXPECT_TRUE(out.at("test").as_bool());
  EXPECT_EQ(out.at("http_status").as_int64(), 200);
  auto recs = rx.Records();
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_TRUE(recs[0].at("verified").as_bool()) << json::serialize(recs[0]);
  EXPECT_TRUE(recs[0].at("test").as_bool());
  EXPECT_EQ(recs[0].at("leads_tags").as_string(), "测试推送");
  EXPECT_EQ(recs[0].at("alg").as_string(), "SHA256");
  EXPECT_EQ(recs[0].at("delivery_id").as_string(), out.at("sent_delivery_id").as_string());
  auto log = Log(s, a.id);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_TRUE(log[0].at("test").as_bool());
  EXPECT_EQ(Status(s, a.id).at("delivered").as_int64(), 0) << "a test push is not a delivery";

  // Not trusted without the CA file: fails, exit 1, logged.
  r = s.Admin({"push", "test", "--account-id", std::to_string(a.id)});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("certificate"), std::string::npos) << r.err;
  EXPECT_EQ(Log(s, a.id).size(), 2u);

  // An account without a push URL: a usage error.
  s.AddAccount(12002);
  r = s.Admin({"push", "test", "--account-id", "12002"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no push URL"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace leads::e2e
