// The SQLite outbox: leases, expiry and takeover, owner checks, requeues,
// the attempt log. A real database in a temporary directory.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "store/sqlite/sqlite_store.h"

namespace leads::sqlite {
namespace {

constexpr int64_t kNow = 1732838400;

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int n = 0;
    dir_ = std::filesystem::temp_directory_path() / ("outbox-test-" + std::to_string(getpid()) + "-" + std::to_string(++n));
    std::filesystem::create_directories(dir_);
    store_ = std::move(SqliteStore::Open((dir_ / "t.db").string(), {}, 3)).value();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void AddAccount(int64_t id, const std::string& url) {
    Account a;
    a.account_id = id;
    a.push_url = url;
    ASSERT_TRUE(store_->CreateAccount(a).ok());
  }
  std::vector<int64_t> Insert(int64_t account, int n, int64_t now = kNow) {
    std::vector<NewLead> batch(static_cast<size_t>(n));
    for (auto& nl : batch) {
      nl.lead.Set(Field::kAccountId, std::to_string(account));
      nl.lead.Set(Field::kLeadsName, "测试");
      nl.create_time = nl.action_time = now;
    }
    return std::move(store_->InsertLeads(account, batch, now)).value();
  }
  std::vector<Delivery> Lease(const std::string& owner, int64_t now, size_t limit = 100, size_t per_account = 100,
                              std::vector<int64_t> exclude = {}) {
    LeaseRequest r{owner, now, now + 60, limit, per_account, std::move(exclude)};
    auto d = store_->LeaseDue(r);
    EXPECT_TRUE(d.ok()) << d.status().message();
    return d.ok() ? *d : std::vector<Delivery>{};
  }
  AttemptOutcome Outcome(const Delivery& d, DeliveryState state, int64_t next, const std::string& error = "") {
    AttemptOutcome o;
    o.attempt.delivery_id = d.delivery_id;
    o.attempt.leads_id = d.leads_id;
    o.attempt.account_id = d.account_id;
    o.attempt.attempt = d.attempts + 1;
    o.attempt.at = kNow;
    o.attempt.http_status = error.empty() ? 200 : 500;
    o.attempt.error = error;
    o.state = state;
    o.next_attempt_at = next;
    return o;
  }
  std::vector<PushAttempt> Attempts(int64_t account, std::optional<int64_t> lead = std::nullopt, int64_t limit = -1) {
    std::vector<PushAttempt> out;
    EXPECT_TRUE(store_->ForEachAttempt({account, lead, limit}, [&](const PushAttempt& a) { out.push_back(a); }).ok());
    return out;
  }

  std::filesystem::path dir_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(OutboxTest, LeadsOfAPushAccountAreQueuedInTheirTransaction) {
  AddAccount(1, "https://a.example/p");
  AddAccount(2, "");
  auto ids = Insert(1, 3);
  Insert(2, 2);
  auto c = store_->CountDeliveries(1);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->pending, 3);
  EXPECT_EQ(c->oldest_pending, kNow);
  EXPECT_EQ(store_->CountDeliveries(2)->pending, 0);

  auto d = Lease("w1", kNow);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].leads_id, ids[0]);
  EXPECT_EQ(d[0].account_id, 1);
  EXPECT_EQ(d[0].attempts, 0);
  EXPECT_NE(d[0].doc.find("\"leads_name\":\"测试\""), std::string::npos);
}

TEST_F(OutboxTest, LeasesAreExclusiveUntilTheyExpire) {
  AddAccount(1, "https://a.example/p");
  Insert(1, 4);
  EXPECT_TRUE(Lease("w0", kNow - 1).empty()) << "not yet due";
  auto a = Lease("w1", kNow, 3);
  ASSERT_EQ(a.size(), 3u);
  auto b = Lease("w2", kNow);
  ASSERT_EQ(b.size(), 1u) << "w2 only gets what w1 does not hold";
  EXPECT_TRUE(Lease("w3", kNow + 59).empty());
  // w1 is gone (killed): its leases expire and are taken over.
  auto c = Lease("w3", kNow + 60);
  EXPECT_EQ(c.size(), 4u);
  // A renewed lease does not expire.
  ASSERT_TRUE(store_->RenewLeases("w3", kNow + 200).ok());
  EXPECT_TRUE(Lease("w4", kNow + 150).empty());
}

TEST_F(OutboxTest, OnlyTheLeaseHolderChangesState) {
  AddAccount(1, "https://a.example/p");
  Insert(1, 1);
  auto a = Lease("w1", kNow);
  ASSERT_EQ(a.size(), 1u);
  auto b = Lease("w2", kNow + 61);  // w1's lease expired; w2 took over
  ASSERT_EQ(b.size(), 1u);
  // w1 finishes late: its attempt is logged, the row stays w2's.
  ASSERT_TRUE(store_->RecordAttempts("w1", {Outcome(a[0], DeliveryState::kDelivered, kNow)}).ok());
  EXPECT_EQ(store_->CountDeliveries(1)->pending, 1);
  EXPECT_EQ(Attempts(1).size(), 1u);
  ASSERT_TRUE(store_->RecordAttempts("w2", {Outcome(b[0], DeliveryState::kDelivered, kNow)}).ok());
  EXPECT_EQ(store_->CountDeliveries(1)->delivered, 1);
  EXPECT_TRUE(Lease("w3", kNow + 1000).empty()) << "delivered rows are never leased";
}

TEST_F(OutboxTest, RetryScheduleFailureAndRequeue) {
  AddAccount(1, "https://a.example/p");
  auto ids = Insert(1, 2);
  auto d = Lease("w", kNow);
  ASSERT_EQ(d.size(), 2u);
  ASSERT_TRUE(store_->RecordAttempts("w", {Outcome(d[0], DeliveryState::kPending, kNow + 10, "HTTP 500"),
                                           Outcome(d[1], DeliveryState::kFailed, kNow, "HTTP 500")})
                  .ok());
  EXPECT_TRUE(Lease("w", kNow + 9).empty()) << "not due before its retry time";
  auto again = Lease("w", kNow + 10);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempts, 1);
  auto c = store_->CountDeliveries(1);
  EXPECT_EQ(c->failed, 1);
  EXPECT_EQ(c->pending, 1);

  // Requeue the failed one: due now, retry_base = attempts so far.
  auto n = store_->RequeueFailed(1, kNow + 20);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  auto r = Lease("w2", kNow + 20);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].leads_id, ids[1]);
  EXPECT_EQ(r[0].attempts, 1);
  EXPECT_EQ(r[0].retry_base, 1);
  EXPECT_EQ(*store_->RequeueFailed(1, kNow), 0);
}

TEST_F(OutboxTest, RequeueLead) {
  AddAccount(1, "");
  auto ids = Insert(1, 1);  // no push URL then: no delivery
  auto s = store_->RequeueLead(ids[0], kNow);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().reason(), Reason::kInvalidArgument);
  EXPECT_EQ(store_->RequeueLead(999, kNow).status().reason(), Reason::kNotFound);

  Account a = *store_->GetAccount(1);
  a.push_url = "https://a.example/p";
  ASSERT_TRUE(store_->UpdateAccount(a).ok());
  auto acct = store_->RequeueLead(ids[0], kNow);
  ASSERT_TRUE(acct.ok()) << acct.status().message();
  EXPECT_EQ(*acct, 1);
  auto d = Lease("w", kNow);
  ASSERT_EQ(d.size(), 1u) << "a delivery was queued for the lead";
  ASSERT_TRUE(store_->RecordAttempts("w", {Outcome(d[0], DeliveryState::kDelivered, kNow)}).ok());
  // Redeliver a delivered lead: the same row, pending again.
  ASSERT_TRUE(store_->RequeueLead(ids[0], kNow + 5).ok());
  auto again = Lease("w", kNow + 5);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].delivery_id, d[0].delivery_id);
  EXPECT_EQ(again[0].attempts, 1);
  EXPECT_EQ(again[0].retry_base, 1);
}

TEST_F(OutboxTest, RequeueClearsALease) {
  AddAccount(1, "https://a.example/p");
  auto ids = Insert(1, 1);
  auto d = Lease("w1", kNow);
  ASSERT_TRUE(store_->RequeueLead(ids[0], kNow).ok());
  EXPECT_EQ(Lease("w2", kNow).size(), 1u) << "a manual retry takes the row from its holder";
  ASSERT_TRUE(store_->RecordAttempts("w1", {Outcome(d[0], DeliveryState::kDelivered, kNow)}).ok());
  EXPECT_EQ(store_->CountDeliveries(1)->pending, 1) << "the old holder's result no longer applies";
}

TEST_F(OutboxTest, PerAccountLimitAndExclusion) {
  AddAccount(1, "https://a.example/p");
  AddAccount(2, "https://b.example/p");
  Insert(1, 100);
  Insert(2, 5, kNow + 1);
  auto d = Lease("w", kNow + 1, 20, 8);
  size_t a = 0, b = 0;
  for (const auto& x : d) (x.account_id == 1 ? a : b)++;
  EXPECT_EQ(a, 8u);
  EXPECT_EQ(b, 0u) << "B's rows are behind 100 older rows of A (the scan window is 4 x limit = 80)";
  auto e = Lease("w", kNow + 1, 20, 8, {1});
  ASSERT_EQ(e.size(), 5u) << "A excluded: B's rows come through";
  for (const auto& x : e) EXPECT_EQ(x.account_id, 2);
}

TEST_F(OutboxTest, RescheduleAndRelease) {
  AddAccount(1, "https://a.example/p");
  Insert(1, 3);
  auto d = Lease("w", kNow);
  ASSERT_EQ(d.size(), 3u);
  ASSERT_TRUE(store_->Reschedule("w", {d[0].delivery_id}, kNow + 30).ok());
  ASSERT_TRUE(store_->ReleaseLeases("w").ok());
  auto e = Lease("w2", kNow);
  EXPECT_EQ(e.size(), 2u) << "released rows are due at once, the rescheduled one later";
  EXPECT_EQ(Lease("w3", kNow + 30).size(), 1u);
  EXPECT_EQ(e[0].attempts, 0) << "no attempt counted";
}

TEST_F(OutboxTest, AttemptLog) {
  AddAccount(1, "https://a.example/p");
  auto ids = Insert(1, 2);
  auto d = Lease("w", kNow);
  auto o1 = Outcome(d[0], DeliveryState::kPending, kNow + 1, "HTTP 503 (Retry-After 1 s)");
  o1.attempt.body_code = 1;
  o1.attempt.response = "{\"code\":1}";
  o1.attempt.latency_ms = 12;
  o1.attempt.url = "https://a.example/p";
  ASSERT_TRUE(store_->RecordAttempts("w", {o1, Outcome(d[1], DeliveryState::kDelivered, kNow)}).ok());
  PushAttempt test;
  test.leads_id = 100000000;
  test.account_id = 1;
  test.attempt = 1;
  test.at = kNow + 5;
  ASSERT_TRUE(store_->LogAttempt(test).ok());

  auto all = Attempts(1);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].leads_id, ids[0]);
  EXPECT_EQ(all[0].body_code, 1);
  EXPECT_EQ(all[0].latency_ms, 12);
  EXPECT_EQ(all[0].error, "HTTP 503 (Retry-After 1 s)");
  EXPECT_EQ(all[0].response, "{\"code\":1}");
  EXPECT_EQ(all[0].url, "https://a.example/p");
  EXPECT_FALSE(all[1].body_code);
  EXPECT_EQ(all[2].delivery_id, 0);
  EXPECT_EQ(Attempts(1, ids[1]).size(), 1u);
  auto last = Attempts(1, std::nullopt, 2);
  ASSERT_EQ(last.size(), 2u) << "the newest two, oldest first";
  EXPECT_EQ(last[1].delivery_id, 0);
  EXPECT_TRUE(Attempts(2).empty());

  ASSERT_TRUE(store_->PurgeAttempts(kNow + 1).ok());
  EXPECT_EQ(Attempts(1).size(), 1u);
}

}  // namespace
}  // namespace leads::sqlite
