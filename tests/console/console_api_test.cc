// The console API end to end against the real leadsd: sign-in, cookies,
// CSRF, account rights, the separation from platform signatures, rate
// limiting, follow-up visible to pulls, CSV export, secrets shown once.
#include <fstream>

#include "tests/e2e/fixture.h"

namespace leads::e2e {
namespace {

constexpr char kPassword[] = "correct-horse-battery";

struct Session {
  std::string cookie;  // "name=value"
  std::string csrf;
  std::string set_cookie;  // the raw Set-Cookie header
};

class Console : public E2eTest {
 protected:
  void SetUp() override {
    E2eTest::SetUp();
    pw_file_ = dir_.File("pw");
    std::ofstream(pw_file_) << kPassword << "\n";
    AddUser("admin", "administrator", {});
    AddUser("member1", "member", {"--account-id", std::to_string(kAccount)});
    ASSERT_EQ(server_->Import(kAccount, MakeLeadsJsonl(5)), 5);
    ASSERT_EQ(server_->Import(kOther, MakeLeadsJsonl(3)), 3);
  }

  void AddUser(const std::string& name, const std::string& role, std::vector<std::string> extra) {
    std::vector<std::string> args = {"user", "add", "--username", name, "--role", role, "--password-file", pw_file_};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = server_->Admin(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  std::optional<HttpResponse> SignInRaw(const std::string& user, const std::string& password,
                                        std::map<std::string, std::string> headers = {}) {
    headers["Content-Type"] = "application/json";
    boost::json::object body{{"username", user}, {"password", password}};
    return server_->Send("POST", "/console/api/session", headers, boost::json::serialize(body));
  }

  Session SignIn(const std::string& user) {
    auto r = SignInRaw(user, kPassword);
    auto env = Envelope(r, 0);
    Session s;
    s.set_cookie = r->Header("set-cookie");
    s.cookie = s.set_cookie.substr(0, s.set_cookie.find(';'));
    s.csrf = std::string(env.at("data").at("csrf_token").as_string());
    return s;
  }

  std::optional<HttpResponse> Call(const Session& s, const std::string& method, const std::string& path,
                                   const std::string& body = "", bool csrf = true,
                                   std::map<std::string, std::string> headers = {}) {
    headers["Cookie"] = s.cookie;
    if (csrf) headers["X-CSRF-Token"] = s.csrf;
    if (!body.empty()) headers["Content-Type"] = "application/json";
    return server_->Send(method, "/console/api/" + path, headers, body);
  }

  int64_t FirstLead(const Credential& c) {
    auto list = Items(kAllTime, &c);
    return list.at(0).at("leads_id").as_int64();
  }

  std::string pw_file_;
};

TEST_F(Console, SignInSetsAStrictHttpOnlyCookieAndStoresOnlyItsHash) {
  Session s = SignIn("admin");
  EXPECT_NE(s.set_cookie.find("HttpOnly"), std::string::npos) << s.set_cookie;
  EXPECT_NE(s.set_cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(s.set_cookie.find("Secure"), std::string::npos) << "plain http: no Secure";
  EXPECT_TRUE(s.cookie.starts_with("leads_console="));
  std::string id = s.cookie.substr(s.cookie.find('=') + 1);
  EXPECT_EQ(id.size(), 64u);
  auto rows = e2e::Run({"sqlite3", server_->db_url().substr(7), "SELECT id_hash FROM console_sessions"});
  ASSERT_EQ(rows.exit_code, 0) << rows.err;
  EXPECT_EQ(rows.out.find(id), std::string::npos) << "the session id itself is never stored";
  EXPECT_EQ(rows.out.size(), 65u);  // one hash and a newline
  auto me = Envelope(Call(s, "GET", "session"), 0);
  EXPECT_EQ(me.at("data").at("user").at("username"), "admin");
  // Behind TLS: the __Host- cookie with Secure.
  auto tls = SignInRaw("admin", kPassword, {{"X-Forwarded-Proto", "https"}});
  std::string sc = tls->Header("set-cookie");
  EXPECT_TRUE(sc.starts_with("__Host-leads_console=")) << sc;
  EXPECT_NE(sc.find("; Secure"), std::string::npos);
  // A hash of the password, argon2id, never the password.
  auto users = e2e::Run({"sqlite3", server_->db_url().substr(7), "SELECT password_hash FROM console_users"});
  EXPECT_NE(users.out.find("$argon2id$"), std::string::npos);
  EXPECT_EQ(users.out.find(kPassword), std::string::npos);
  // Sign out ends the session.
  Envelope(Call(s, "DELETE", "session"), 0);
  Envelope(Call(s, "GET", "session"), 2020, 401);
}

TEST_F(Console, StateChangingRequestsNeedTheCsrfToken) {
  Session s = SignIn("admin");
  const std::string path = "accounts/" + std::to_string(kAccount) + "/credentials";
  Envelope(Call(s, "POST", path, R"({"scope":"forwarding"})", false), 2023, 403);
  Session wrong = s;
  wrong.csrf = std::string(64, 'a');
  Envelope(Call(wrong, "POST", path, R"({"scope":"forwarding"})"), 2023, 403);
  // Another site's page: the Origin is not this server.
  Envelope(Call(s, "POST", path, R"({"scope":"forwarding"})", true, {{"Origin", "https://evil.example"}}), 2023, 403);
  Envelope(Call(s, "DELETE", "session", "", false), 2023, 403);
  auto ok = Envelope(Call(s, "POST", path, R"({"scope":"forwarding"})", true, {{"Origin", "http://127.0.0.1"}}), 0);
  EXPECT_TRUE(ok.at("data").at("credential").as_object().contains("secret"));
  // Sign-in itself refuses a form post (a cross-site form cannot send JSON).
  auto form = server_->Send("POST", "/console/api/session", {{"Content-Type", "application/x-www-form-urlencoded"}},
                            "username=admin&password=x");
  Envelope(form, 2117);
}

TEST_F(Console, AMemberIsRefusedAnotherAccount) {
  Session m = SignIn("member1");
  auto accounts = Envelope(Call(m, "GET", "accounts"), 0).at("data").at("accounts").as_array();
  ASSERT_EQ(accounts.size(), 1u);
  EXPECT_EQ(accounts[0].at("account_id").as_int64(), kAccount);
  int64_t other_lead = FirstLead(other_fwd_);
  std::string other = "accounts/" + std::to_string(kOther);
  Envelope(Call(m, "GET", other + "/leads"), 2024, 403);
  Envelope(Call(m, "GET", other + "/leads/" + std::to_string(other_lead)), 2024, 403);
  Envelope(Call(m, "POST", other + "/leads/" + std::to_string(other_lead) + "/follow-up",
                R"({"follow_tag":"LEADS_FOLLOW_TAG_INVALID_OTHER"})"),
           2024, 403);
  Envelope(Call(m, "POST", other + "/credentials", R"({"scope":"report"})"), 2024, 403);
  Envelope(Call(m, "GET", other + "/settings"), 2024, 403);
  Envelope(Call(m, "GET", other + "/leads/export"), 2024, 403);
  Envelope(Call(m, "GET", "accounts/99999/leads"), 2024, 403);
  // Its own account's lead through another account's path is not found there.
  int64_t own_lead = FirstLead(fwd_);
  Envelope(Call(m, "GET", "accounts/" + std::to_string(kAccount) + "/leads/" + std::to_string(own_lead)), 0);
  Envelope(Call(SignIn("admin"), "GET", other + "/leads/" + std::to_string(own_lead)), 2110);
  // A token of another account cannot be revoked through this one.
  Envelope(Call(m, "POST", "accounts/" + std::to_string(kAccount) + "/credentials/" + other_fwd_.token + "/revoke"),
           2024, 403);
  Envelope(Call(m, "GET", "users"), 2025, 403);
  // The administrator sees both accounts.
  Session a = SignIn("admin");
  Envelope(Call(a, "GET", other + "/leads"), 0);
}

TEST_F(Console, PlatformTokensAndConsoleCookiesDoNotCross) {
  // A platform signature on the console API: not signed in.
  auto h = SignedHeaders(fwd_);
  Envelope(server_->Send("GET", "/console/api/accounts", h), 2020, 401);
  Envelope(server_->Send("GET", "/console/api/accounts/" + std::to_string(kAccount) + "/leads", SignedHeaders(fwd_)),
           2020, 401);
  // A console cookie on the platform API: no signature.
  Session s = SignIn("admin");
  Envelope(server_->Send("GET", "/api/mv1/leads/list?" + kAllTime, {{"Cookie", s.cookie}}), 2000);
  Envelope(server_->Send("POST", "/api/mv1/leads/report", {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf},
                                                          {"Content-Type", "application/json"}}, R"({"list":[]})"),
           2000);
}

TEST_F(Console, SignInIsRateLimitedPerUser) {
  for (int i = 0; i < 5; ++i) Envelope(SignInRaw("member1", "wrong-password-" + std::to_string(i)), 2021, 401);
  // Now even the right password is refused for a while...
  Envelope(SignInRaw("member1", kPassword), 2022, 429);
  // ...while another user still signs in.
  SignIn("admin");
  // Unknown users get the same answer as wrong passwords.
  auto unknown = Envelope(SignInRaw("nobody", "whatever-password"), 2021, 401);
  EXPECT_EQ(unknown.at("message"), "console: wrong username or password");
}

TEST_F(Console, FollowUpIsVisibleToPullsAndInTheHistory) {
  Session s = SignIn("member1");
  int64_t id = FirstLead(fwd_);
  std::string lead = "accounts/" + std::to_string(kAccount) + "/leads/" + std::to_string(id);
  Envelope(Call(s, "POST", lead + "/follow-up", R"({"follow_tag":"NOPE"})"), 2105);
  Envelope(Call(s, "POST", lead + "/follow-up", R"({})"), 2102);
  auto r = Envelope(Call(s, "POST", lead + "/follow-up",
                         R"({"follow_tag":"LEADS_FOLLOW_TAG_FOLLOWING","touch_tag":"LEADS_TOUCH_TAG_RESPONSED","owner_name":"张经理","record":"约了周六"})"),
                    0);
  EXPECT_EQ(r.at("data").at("lead").at("leads_follow_tag"), "LEADS_FOLLOW_TAG_FOLLOWING");
  auto events = r.at("data").at("events").as_array();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].at("kind"), "follow_up");
  EXPECT_EQ(events[0].at("detail").at("by"), "member1");
  EXPECT_EQ(events[0].at("detail").at("changes").at("owner_name").at("to"), "张经理");
  // The pull shows it.
  bool seen = false;
  for (const auto& l : Items(kAllTime)) {
    if (l.at("leads_id").as_int64() != id) continue;
    seen = true;
    EXPECT_EQ(l.at("leads_follow_tag"), "LEADS_FOLLOW_TAG_FOLLOWING");
    EXPECT_EQ(l.at("leads_touch_tag"), "LEADS_TOUCH_TAG_RESPONSED");
    EXPECT_EQ(l.at("owner_name"), "张经理");
    auto records = boost::json::parse(l.at("all_follow_records").as_string()).as_array();
    EXPECT_EQ(records.back().at("content"), "约了周六");
  }
  EXPECT_TRUE(seen);
  // A report through the API lands in the same history; filters see both.
  Envelope(server_->Post("/api/mv1/leads/report", rep_,
                         R"({"list":[{"leads_id":)" + std::to_string(id) +
                             R"(,"leads_convert_type":"LEADS_CONVERT_STATUS_TRANS_COMPLETED"}]})"),
           0);
  auto detail = Envelope(Call(s, "GET", lead), 0).at("data").as_object();
  EXPECT_EQ(detail.at("events").as_array().size(), 2u);
  auto page = Envelope(Call(s, "GET", "accounts/" + std::to_string(kAccount) +
                                          "/leads?follow_tag=LEADS_FOLLOW_TAG_VALID_CONVERTED&owner_name=%E5%BC%A0%E7%BB%8F%E7%90%86"),
                       0);
  EXPECT_EQ(page.at("data").at("total").as_int64(), 1);
  EXPECT_EQ(page.at("data").at("list").at(0).at("leads_id").as_int64(), id);
}

TEST_F(Console, SearchSortsAndPagesWithCursors) {
  Session s = SignIn("admin");
  std::string base = "accounts/" + std::to_string(kAccount) + "/leads?page_size=2&sort=create_asc";
  std::vector<int64_t> ids;
  std::string cursor;
  for (int guard = 0; guard < 10; ++guard) {
    auto d = Envelope(Call(s, "GET", base + cursor), 0).at("data").as_object();
    EXPECT_EQ(d.at("total").as_int64(), 5);
    for (const auto& l : d.at("list").as_array()) ids.push_back(l.at("leads_id").as_int64());
    if (d.at("next_cursor").is_null()) break;
    cursor = "&cursor=" + std::string(d.at("next_cursor").as_string());
  }
  ASSERT_EQ(ids.size(), 5u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  auto byTel = Envelope(Call(s, "GET", "accounts/" + std::to_string(kAccount) + "/leads?q=13810000003"), 0);
  EXPECT_EQ(byTel.at("data").at("total").as_int64(), 1);
  auto byId = Envelope(Call(s, "GET", "accounts/" + std::to_string(kAccount) + "/leads?q=" + std::to_string(ids[2])), 0);
  EXPECT_EQ(byId.at("data").at("list").at(0).at("leads_id").as_int64(), ids[2]);
  Envelope(Call(s, "GET", "accounts/" + std::to_string(kAccount) + "/leads?leads_type=NOPE"), 2105);
}

TEST_F(Console, CsvExportOpensInExcel) {
  Session s = SignIn("admin");
  auto r = Call(s, "GET", "accounts/" + std::to_string(kAccount) + "/leads/export?lang=zh");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(r->Header("content-disposition").find("attachment; filename=\"leads-25610-"), std::string::npos);
  EXPECT_TRUE(r->body.starts_with("\xEF\xBB\xBF\"线索ID\","));
  size_t lines = 0;
  for (size_t p = 0; (p = r->body.find("\r\n", p)) != std::string::npos; p += 2) ++lines;
  EXPECT_EQ(lines, 6u);  // header + 5 leads
  EXPECT_NE(r->body.find("\"\t13810000000\""), std::string::npos) << "phone kept as text";
  EXPECT_NE(r->body.find("\"表单预约\""), std::string::npos) << "enum values as labels";
}

TEST_F(Console, SecretsAreShownOnceAndNeverLogged) {
  Session s = SignIn("admin");
  std::string acc = "accounts/" + std::to_string(kAccount);
  auto issued = Envelope(Call(s, "POST", acc + "/credentials", R"({"scope":"report"})"), 0);
  std::string token(issued.at("data").at("credential").at("token").as_string());
  std::string secret(issued.at("data").at("credential").at("secret").as_string());
  auto settings = Call(s, "GET", acc + "/settings");
  EXPECT_NE(settings->body.find(token), std::string::npos);
  EXPECT_EQ(settings->body.find(secret), std::string::npos);
  EXPECT_EQ(settings->body.find(fwd_.secret), std::string::npos);
  // The new pair works on the platform API.
  Envelope(server_->Post("/api/mv1/leads/report", {token, secret},
                         R"({"list":[{"leads_id":)" + std::to_string(FirstLead(fwd_)) +
                             R"(,"leads_convert_type":"LEADS_CONVERT_STATUS_POTENTIAL_CUSTOMER"}]})"),
           0);
  // Rotate: a new secret once; revoke: refused at once.
  auto rotated = Envelope(Call(s, "POST", acc + "/credentials/" + token + "/rotate"), 0);
  EXPECT_NE(std::string(rotated.at("data").at("credential").at("secret").as_string()), secret);
  Envelope(Call(s, "POST", acc + "/credentials/" + token + "/revoke"), 0);
  Envelope(server_->Post("/api/mv1/leads/report", {token, secret}, R"({"list":[]})"), 2008);
  std::string log = server_->process().DrainOutput();
  EXPECT_NE(log.find(token), std::string::npos) << "issuing is logged (by token)";
  EXPECT_EQ(log.find(secret), std::string::npos) << "never the secret";
  EXPECT_EQ(log.find(kPassword), std::string::npos);
}

TEST_F(Console, PasswordChangeEndsSessionsAndUserCommandsCheckInput) {
  Session s = SignIn("member1");
  std::ofstream(dir_.File("pw2")) << "another-long-password\n";
  auto r = server_->Admin({"user", "passwd", "--username", "member1", "--password-file", dir_.File("pw2")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Envelope(Call(s, "GET", "session"), 2020, 401);
  Envelope(SignInRaw("member1", "another-long-password"), 0);
  std::ofstream(dir_.File("short")) << "short\n";
  auto weak = server_->Admin({"user", "add", "--username", "x", "--password-file", dir_.File("short")});
  EXPECT_EQ(weak.exit_code, 2);
  EXPECT_NE(weak.err.find("code 2120"), std::string::npos) << weak.err;
  auto none = server_->Admin({"user", "add", "--username", "y"});  // stdin is empty
  EXPECT_EQ(none.exit_code, 2);
  auto grant = server_->Admin({"user", "grant", "--username", "member1", "--account-id", std::to_string(kOther)});
  EXPECT_EQ(grant.exit_code, 0) << grant.err;
  auto list = server_->Admin({"user", "list"});
  EXPECT_NE(list.out.find("\"accounts\":[25610,30000]"), std::string::npos) << list.out;
  EXPECT_EQ(list.out.find("argon2"), std::string::npos);
}

TEST_F(Console, ServesThePagesWithCachingAndSecurityHeaders) {
  auto root = server_->Send("GET", "/");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->status, 308);
  EXPECT_EQ(root->Header("location"), "/console/");
  auto page = server_->Send("GET", "/console/a/25610/leads");
  ASSERT_TRUE(page);
  // Built or not, the console answers with its own headers (503 when web/dist is missing).
  EXPECT_TRUE(page->status == 200 || page->status == 503) << page->status;
  EXPECT_NE(page->Header("content-security-policy").find("frame-ancestors 'none'"), std::string::npos);
  if (page->status == 200) {
    EXPECT_EQ(page->Header("content-type"), "text/html; charset=utf-8");
    EXPECT_EQ(page->Header("cache-control"), "no-cache");
    auto missing = server_->Send("GET", "/console/assets/nope-123.js");
    EXPECT_EQ(missing->status, 404);
  }
  auto traversal = server_->Send("GET", "/console/../../etc/passwd");
  ASSERT_TRUE(traversal);
  EXPECT_NE(traversal->body.find("root:"), 0u);
  EXPECT_EQ(traversal->body.find("root:x:"), std::string::npos);
}

}  // namespace
}  // namespace leads::e2e
