// Signature authentication (API.md §3), end to end.
#include <chrono>

#include "auth/signature.h"
#include "common/encoding.h"
#include "tests/e2e/fixture.h"

namespace leads::e2e {
namespace {

using Auth = E2eTest;

int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::optional<HttpResponse> ListWith(Server& s, const std::map<std::string, std::string>& headers) {
  return s.Send("GET", "/api/mv1/leads/list?" + kAllTime, headers);
}

TEST_F(Auth, AcceptsEveryValidForm) {
  // New scheme, SHA256 and SHA1, algorithm header in any case, and absent (SHA1).
  Envelope(ListWith(*server_, SignedHeaders(fwd_, "SHA256")), 0);
  Envelope(ListWith(*server_, SignedHeaders(fwd_, "SHA1")), 0);
  auto lower = SignedHeaders(fwd_, "SHA256");
  lower["X-Signature-Algorithm"] = "sha256";
  Envelope(ListWith(*server_, lower), 0);
  // A real client: four parts, no algorithm header, Content-Type json on a GET with an empty body.
  std::map<std::string, std::string> real = {
      {"X-Signature", SignNew(SignatureAlgorithm::kSha1, fwd_.token, Now(), Nonce(), fwd_.secret)},
      {"Content-Type", "application/json"}, {"Accept", "application/json"}};
  Envelope(ListWith(*server_, real), 0);
  // The old scheme is still accepted (no nonce).
  Envelope(ListWith(*server_, {{"X-Signature", SignOld(SignatureAlgorithm::kSha256, fwd_.token, Now(), fwd_.secret)},
                               {"X-Signature-Algorithm", "SHA256"}}), 0);
  // Header names are case-insensitive.
  Envelope(ListWith(*server_, {{"x-signature", SignNew(SignatureAlgorithm::kSha1, fwd_.token, Now(), Nonce(), fwd_.secret)}}), 0);
}

TEST_F(Auth, RejectsEachFailureWithItsOwnCode) {
  auto sig = [&](const std::string& plain) { return std::map<std::string, std::string>{{"X-Signature", Base64Encode(plain)}}; };
  int64_t now = Now();
  std::string good_digest = HexDigest(SignatureAlgorithm::kSha1, fwd_.token + "." + std::to_string(now) + "." + fwd_.secret);
  struct Case { std::map<std::string, std::string> headers; int code; std::string names; };
  for (const auto& c : std::vector<Case>{
           {{}, 2000, "X-Signature"},
           {{{"X-Signature", "%%%"}}, 2001, "X-Signature"},
           {sig("only,two"), 2001, "X-Signature"},
           {{{"X-Signature", SignNew(SignatureAlgorithm::kSha1, fwd_.token, now, Nonce(), fwd_.secret)},
             {"X-Signature-Algorithm", "MD5"}}, 2002, "X-Signature-Algorithm"},
           {sig(fwd_.token + ",17328384,abc," + good_digest), 2003, "timestamp"},
           {{{"X-Signature", SignNew(SignatureAlgorithm::kSha1, fwd_.token, now - 301, Nonce(), fwd_.secret)}}, 2004, "timestamp"},
           {{{"X-Signature", SignNew(SignatureAlgorithm::kSha1, fwd_.token, now + 301, Nonce(), fwd_.secret)}}, 2004, "timestamp"},
           {{{"X-Signature", SignNew(SignatureAlgorithm::kSha1, fwd_.token, now, std::string(33, 'n'), fwd_.secret)}}, 2005, "nonce"},
           {sig(fwd_.token + "," + std::to_string(now) + ",," + good_digest), 2005, "nonce"},
           {{{"X-Signature", SignNew(SignatureAlgorithm::kSha1, "nosuchtoken", now, Nonce(), fwd_.secret)}}, 2007, "token"},
           {{{"X-Signature", SignNew(SignatureAlgorithm::kSha1, fwd_.token, now, Nonce(), "wrongsecret")}}, 2009, "digest"},
           // Right digest, wrong algorithm header.
           {{{"X-Signature", SignNew(SignatureAlgorithm::kSha1, fwd_.token, now, Nonce(), fwd_.secret)},
             {"X-Signature-Algorithm", "SHA256"}}, 2009, "digest"},
           {{{"X-Signature", SignNew(SignatureAlgorithm::kSha1, rep_.token, now, Nonce(), rep_.secret)}}, 2010, "scope"},
       }) {
    auto env = Envelope(ListWith(*server_, c.headers), c.code);
    EXPECT_NE(std::string(env.at("message").as_string()).find(c.names), std::string::npos) << env.at("message");
    EXPECT_FALSE(env.contains("data"));
  }
  // The 300 s window is inclusive at its edge.
  Envelope(ListWith(*server_, {{"X-Signature", SignNew(SignatureAlgorithm::kSha1, fwd_.token, Now() - 295, Nonce(), fwd_.secret)}}), 0);
  // Report scope on the report interfaces; forwarding refused there.
  Envelope(server_->Post("/api/mv1/leads/report", fwd_, R"({"list":[]})"), 2010);
  Envelope(server_->Post("/api/mv1/leads/set_leads_status_system", fwd_, "{}"), 2010);
  Envelope(server_->Post("/api/mv1/leads/report_personal_wechat", fwd_, "{}"), 2010);
}

TEST_F(Auth, NonceIsNeverAcceptedTwiceAlsoAfterRestart) {
  std::string nonce = Nonce();
  int64_t ts = Now();
  auto headers = SignedHeaders(fwd_, "SHA256", ts, nonce);
  Envelope(ListWith(*server_, headers), 0);
  Envelope(ListWith(*server_, headers), 2006);
  // The same nonce with a fresh timestamp is still a replay for this token…
  Envelope(ListWith(*server_, SignedHeaders(fwd_, "SHA256", ts + 1, nonce)), 2006);
  // …but another token may use it.
  Envelope(ListWith(*server_, SignedHeaders(other_fwd_, "SHA256", ts, nonce)), 0);
  ASSERT_TRUE(server_->Restart());
  Envelope(ListWith(*server_, headers), 2006);
  // Also after a crash (SIGKILL) right after acceptance.
  auto h2 = SignedHeaders(fwd_);
  Envelope(ListWith(*server_, h2), 0);
  server_->Kill();
  ASSERT_TRUE(server_->Start());
  Envelope(ListWith(*server_, h2), 2006);
}

TEST_F(Auth, FailedRequestsDoNotBurnNonces) {
  std::string nonce = Nonce();
  Envelope(ListWith(*server_, {{"X-Signature", SignNew(SignatureAlgorithm::kSha1, fwd_.token, Now(), nonce, "bad")}}), 2009);
  Envelope(ListWith(*server_, SignedHeaders(fwd_, "SHA1", 0, nonce)), 0);
}

TEST_F(Auth, AdminChangesApplyAtOnceWhileServing) {
  auto fresh = server_->Issue(kAccount, "forwarding");  // issued while the server runs
  Envelope(ListWith(*server_, SignedHeaders(fresh)), 0);
  // Rotation: the new pair works alongside the old one until that is revoked.
  auto rotated = server_->Admin({"token", "rotate", "--token", fresh.token});
  ASSERT_EQ(rotated.exit_code, 0) << rotated.err;
  auto v = boost::json::parse(rotated.out).as_object();
  Credential next{std::string(v.at("token").as_string()), std::string(v.at("secret").as_string())};
  Envelope(ListWith(*server_, SignedHeaders(fresh)), 0);
  Envelope(ListWith(*server_, SignedHeaders(next)), 0);
  ASSERT_EQ(server_->Admin({"token", "revoke", "--token", fresh.token}).exit_code, 0);
  Envelope(ListWith(*server_, SignedHeaders(fresh)), 2008);
  Envelope(ListWith(*server_, SignedHeaders(next)), 0);
  // Listing never shows a secret.
  auto listed = server_->Admin({"token", "list", "--account-id", std::to_string(kAccount)});
  ASSERT_EQ(listed.exit_code, 0);
  EXPECT_EQ(listed.out.find(next.secret), std::string::npos);
  EXPECT_EQ(listed.out.find(fresh.secret), std::string::npos);
  EXPECT_NE(listed.out.find("revoked_at"), std::string::npos);
}

class AuthNoOldScheme : public E2eTest {
  std::vector<std::string> ExtraArgs() override { return {"--no-old-scheme"}; }
};

TEST_F(AuthNoOldScheme, RefusesTheOldScheme) {
  Envelope(ListWith(*server_, {{"X-Signature", SignOld(SignatureAlgorithm::kSha1, fwd_.token, Now(), fwd_.secret)}}), 2011);
  Envelope(ListWith(*server_, SignedHeaders(fwd_)), 0);
}

class AuthAccessLog : public E2eTest {
  std::vector<std::string> ExtraArgs() override { return {"--access-log"}; }
};

TEST_F(AuthAccessLog, SecretsNeverReachTheLog) {
  Envelope(ListWith(*server_, SignedHeaders(fwd_)), 0);
  Envelope(ListWith(*server_, {{"X-Signature", SignNew(SignatureAlgorithm::kSha1, fwd_.token, Now(), Nonce(), "bad")}}), 2009);
  server_->Stop();
  std::string out = server_->process().DrainOutput();
  EXPECT_NE(out.find("/api/mv1/leads/list"), std::string::npos) << "the access log was not captured";
  EXPECT_EQ(out.find(fwd_.secret), std::string::npos);
}

}  // namespace
}  // namespace leads::e2e
