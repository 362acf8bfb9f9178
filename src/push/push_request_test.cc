#include "push/push_request.h"

#include <gtest/gtest.h>
#include <openssl/hmac.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>

#include "common/encoding.h"
#include "store/sqlite/sqlite_store.h"

namespace leads::push {
namespace {

std::string Header(const PushRequest& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

PushTarget VectorTarget(SignatureAlgorithm alg) {
  PushTarget t;
  t.account.account_id = 42;
  t.account.push_algorithm = alg;
  t.credential.token = "100000000000000001";
  t.credential.secret = "0123456789abcdef0123456789abcdef";
  t.url = *ParsePushUrl("https://receiver.example/push", false);
  return t;
}

// API.md §3's test vectors: the push's X-Signature is the old scheme.
TEST(PushRequest, SignsWithTheOldSchemeAndTheAccountsAlgorithm) {
  auto r = BuildPushRequest(VectorTarget(SignatureAlgorithm::kSha1), "{}", "7", 1, 1732838400,
                            std::chrono::milliseconds(5000));
  EXPECT_EQ(Header(r, "X-Signature"),
            "MTAwMDAwMDAwMDAwMDAwMDAxLDE3MzI4Mzg0MDAsZDZjMDJhZDNmODEyYTA4MWIyOGU0OTMyZTJkOTUwOTRiMzcyZmQ3OA==");
  EXPECT_EQ(Header(r, "X-Signature-Algorithm"), "SHA1");
  r = BuildPushRequest(VectorTarget(SignatureAlgorithm::kSha256), "{}", "7", 1, 1732838400,
                       std::chrono::milliseconds(5000));
  EXPECT_EQ(Header(r, "X-Signature"),
            "MTAwMDAwMDAwMDAwMDAwMDAxLDE3MzI4Mzg0MDAsZDc0YjMyMzEwMWVhYjNlZTQ3YzEzNzljZDVkMWQ1NGI2NjU2YTBiMzMxZjk1NTFkYTlmNWJkNjJiOGZlMzRhMA==");
  EXPECT_EQ(Header(r, "X-Signature-Algorithm"), "SHA256");
  EXPECT_EQ(Header(r, "Content-Type"), "application/json");
  EXPECT_EQ(r.url, "https://receiver.example/push");
}

TEST(PushRequest, OwnHeadersAndBodySignature) {
  const std::string body = R"({"leads_id":100000001,"leads_name":"测试"})";
  auto r = BuildPushRequest(VectorTarget(SignatureAlgorithm::kSha1), body, "123", 3, 1732838400,
                            std::chrono::milliseconds(2500));
  EXPECT_EQ(r.body, body);
  EXPECT_EQ(r.timeout.count(), 2500);
  EXPECT_EQ(Header(r, "X-Leads-Delivery-Id"), "123");
  EXPECT_EQ(Header(r, "X-Leads-Attempt"), "3");
  EXPECT_EQ(Header(r, "X-Leads-Timestamp"), "1732838400");
  EXPECT_EQ(Header(r, "X-Leads-Test"), "");
  // Independently: HMAC-SHA256(secret, "1732838400.123." + body), lowercase hex.
  const std::string key = "0123456789abcdef0123456789abcdef";
  const std::string data = "1732838400.123." + body;
  unsigned char md[32];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), md, &len);
  EXPECT_EQ(Header(r, "X-Leads-Body-Signature"), HexLower(std::string_view(reinterpret_cast<char*>(md), len)));
  for (const auto& [k, v] : r.headers) EXPECT_EQ(v.find(key), std::string::npos) << k << " carries the secret";

  auto t = BuildPushRequest(VectorTarget(SignatureAlgorithm::kSha1), body, "test-1", 1, 1732838400,
                            std::chrono::milliseconds(5000), true);
  EXPECT_EQ(Header(t, "X-Leads-Test"), "1");
}

TEST(PushRequest, BodyIsThePushFieldSet) {
  Lead l;
  l.Set(Field::kLeadsId, "100000007");
  l.Set(Field::kAccountId, "42");
  l.Set(Field::kAge, "30岁");
  l.Set(Field::kDynamicCreativeId, "77");
  auto body = PushBodyFromDoc(l.RenderPull());
  ASSERT_TRUE(body.ok()) << body.status().message();
  auto o = boost::json::parse(*body).as_object();
  EXPECT_EQ(o.at("leads_id").as_int64(), 100000007);
  EXPECT_EQ(o.at("age").as_string(), "30岁") << "push names, not the pull list's leads_age";
  EXPECT_FALSE(o.contains("leads_age"));
  EXPECT_FALSE(o.contains("leads_come_from")) << "pull only";
  EXPECT_FALSE(o.contains("page_tools"));
  EXPECT_EQ(o.at("dynamic_creative_id").as_int64(), 77);
  size_t push_fields = 0;
  for (const auto& s : FieldTable()) push_fields += s.in_push && s.field != Field::kLeadsResponseDuration;
  EXPECT_EQ(o.size(), push_fields);
  EXPECT_FALSE(PushBodyFromDoc("not json").ok());
}

TEST(PushRequest, SampleLeadIsMarkedAsATest) {
  Account a;
  a.account_id = 42;
  Lead l = SampleLead(a, 1732838400, 8 * 3600);
  EXPECT_EQ(l.Get(Field::kLeadsTags), "测试推送");
  EXPECT_EQ(l.Get(Field::kLeadsId), "100000000");
  EXPECT_EQ(l.Get(Field::kAccountId), "42");
  EXPECT_EQ(l.Get(Field::kLeadsCreateTime), "2024-11-29 08:00:00");
  // Valid by the field schema.
  auto body = boost::json::parse(l.RenderPush()).as_object();
  EXPECT_TRUE(LeadFromJson(body, "").ok());
}

class ResolveTargetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("push-target-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
    store_ = std::move(sqlite::SqliteStore::Open((dir_ / "t.db").string(), {}, 2)).value();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void AddCred(const std::string& token, Scope scope, int64_t created, bool revoked = false) {
    Credential c{token, "secret-" + token, 7, scope, created, std::nullopt};
    ASSERT_TRUE(store_->AddCredential(c).ok());
    if (revoked) {
      ASSERT_TRUE(store_->RevokeCredential(token, created + 1).ok());
    }
  }
  std::filesystem::path dir_;
  std::unique_ptr<sqlite::SqliteStore> store_;
};

TEST_F(ResolveTargetTest, NewestActiveForwardingCredential) {
  Account a;
  a.account_id = 7;
  a.push_url = "https://receiver.example/p";
  a.push_algorithm = SignatureAlgorithm::kSha256;
  ASSERT_TRUE(store_->CreateAccount(a).ok());
  auto none = ResolveTarget(*store_, *store_, 7, false);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("no forwarding credential"), std::string::npos);

  AddCred("old", Scope::kForwarding, 100);
  AddCred("report", Scope::kReport, 300);
  AddCred("newest-revoked", Scope::kForwarding, 400, true);
  AddCred("new", Scope::kForwarding, 200);
  auto t = ResolveTarget(*store_, *store_, 7, false);
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->credential.token, "new");
  EXPECT_EQ(t->account.push_algorithm, SignatureAlgorithm::kSha256);
  EXPECT_EQ(t->url.endpoint, "https://receiver.example:443");

  a.push_url = "";
  ASSERT_TRUE(store_->UpdateAccount(a).ok());
  auto no_url = ResolveTarget(*store_, *store_, 7, false);
  ASSERT_FALSE(no_url.ok());
  EXPECT_EQ(no_url.status().reason(), Reason::kInvalidArgument);
  EXPECT_NE(no_url.status().message().find("no push URL"), std::string::npos);
  EXPECT_FALSE(ResolveTarget(*store_, *store_, 8, false).ok());
}

}  // namespace
}  // namespace leads::push
