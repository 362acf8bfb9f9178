// A test fixture with a running leadsd on a fresh database: account 25610
// (real_estate) with forwarding, report and intake credentials, and account
// 30000 (no industry) with its own forwarding and report credentials.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "tests/e2e/harness.h"

namespace leads::e2e {

class E2eTest : public ::testing::Test {
 protected:
  static constexpr int64_t kAccount = 25610;
  static constexpr int64_t kOther = 30000;

  void SetUp() override {
    server_ = std::make_unique<Server>(dir_, ExtraArgs());
    server_->AddAccount(kAccount, {"--industry", "real_estate"});
    server_->AddAccount(kOther);
    fwd_ = server_->Issue(kAccount, "forwarding");
    rep_ = server_->Issue(kAccount, "report");
    intake_ = server_->Issue(kAccount, "intake");
    other_fwd_ = server_->Issue(kOther, "forwarding");
    other_rep_ = server_->Issue(kOther, "report");
    ASSERT_TRUE(server_->Start());
  }

  // A clean exit on SIGTERM: under ASan this is also the leak check.
  void TearDown() override {
    if (!server_ || !server_->process().running()) return;
    auto code = server_->Stop();
    EXPECT_EQ(code, std::optional<int>(0)) << server_->process().DrainOutput();
  }

  virtual std::vector<std::string> ExtraArgs() { return {}; }

  // Asserts an envelope with `code` and returns it.
  static boost::json::object Envelope(const std::optional<HttpResponse>& r, int code, int http_status = 200) {
    EXPECT_TRUE(r.has_value());
    if (!r) return {};
    EXPECT_EQ(r->status, http_status) << r->body;
    auto v = boost::json::parse(r->body).as_object();
    EXPECT_EQ(v.at("code").as_int64(), code) << r->body;
    EXPECT_EQ(v.at("message"), v.at("msg")) << r->body;
    return v;
  }

  // GET /api/mv1/leads/list?QUERY with the forwarding pair; asserts code 0.
  boost::json::object List(const std::string& query, const Credential* c = nullptr) {
    auto r = server_->Get("/api/mv1/leads/list?" + query, c ? *c : fwd_);
    return Envelope(r, 0).at("data").as_object();
  }

  // The list of one page, by value (safe in a range-for).
  boost::json::array Items(const std::string& query, const Credential* c = nullptr) {
    return List(query, c).at("list").as_array();
  }

  // Every leads_id of the account in [start, end] walked by cursor.
  std::vector<int64_t> WalkAll(const std::string& range, int page_size) {
    std::vector<int64_t> ids;
    std::string after;
    for (int guard = 0; guard < 100000; ++guard) {
      auto data = List(range + "&page_size=" + std::to_string(page_size) + after);
      const auto& list = data.at("list").as_array();
      if (list.empty()) break;
      for (const auto& l : list) ids.push_back(l.at("leads_id").as_int64());
      after = "&search_after_leads_id=" + std::to_string(ids.back());
    }
    return ids;
  }

  TempDir dir_;
  std::unique_ptr<Server> server_;
  Credential fwd_, rep_, intake_, other_fwd_, other_rep_;
};

inline const std::string kAllTime = "start_time=2000-01-01&end_time=2099-12-31&time_type=1";

}  // namespace leads::e2e
