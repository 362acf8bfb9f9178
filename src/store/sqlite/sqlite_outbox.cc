// The SQLite backend of OutboxStore (push deliveries and their attempt log).
#include <algorithm>
#include <string>

#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/statements.h"

namespace leads::sqlite {
namespace {

std::string JsonIdArray(const std::vector<int64_t>& ids) {
  std::string out = "[";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(ids[i]);
  }
  out += ']';
  return out;
}

Status InsertAttempt(Connection& c, const PushAttempt& a) {
  LEADS_ASSIGN_OR_RETURN(auto st, c.Prepare(sql::kInsertPushAttempt));
  st.Bind(1, a.delivery_id).Bind(2, a.leads_id).Bind(3, a.account_id).Bind(4, int64_t{a.attempt})
      .Bind(5, a.at).Bind(6, a.url).Bind(7, int64_t{a.http_status});
  if (a.body_code) st.Bind(8, *a.body_code);
  else st.BindNull(8);
  return st.Bind(9, a.latency_ms).Bind(10, a.error).Bind(11, a.response).Run();
}

PushAttempt ReadAttempt(const Stmt& st) {
  PushAttempt a;
  a.id = st.Int(0);
  a.delivery_id = st.Int(1);
  a.leads_id = st.Int(2);
  a.account_id = st.Int(3);
  a.attempt = static_cast<int>(st.Int(4));
  a.at = st.Int(5);
  a.url = st.Text(6);
  a.http_status = static_cast<int>(st.Int(7));
  if (!st.IsNull(8)) a.body_code = st.Int(8);
  a.latency_ms = st.Int(9);
  a.error = st.Text(10);
  a.response = st.Text(11);
  return a;
}

}  // namespace

StatusOr<std::vector<Delivery>> SqliteStore::LeaseDue(const LeaseRequest& r) {
  std::vector<Delivery> out;
  if (r.limit == 0) return out;
  auto c = pool_->Writer();
  Transaction tx(*c);
  LEADS_RETURN_IF_ERROR(tx.Begin());
  {
    LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kLeaseDue));
    const auto limit = static_cast<int64_t>(r.limit);
    const auto per_account = static_cast<int64_t>(std::max<size_t>(r.per_account, 1));
    st.Bind(1, r.owner).Bind(2, r.lease_until).Bind(3, r.now).Bind(4, JsonIdArray(r.exclude_accounts))
        .Bind(5, limit * 4).Bind(6, per_account).Bind(7, limit);
    for (;;) {
      LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      Delivery d;
      d.delivery_id = st.Int(0);
      d.leads_id = st.Int(1);
      d.account_id = st.Int(2);
      d.attempts = static_cast<int>(st.Int(3));
      d.retry_base = static_cast<int>(st.Int(4));
      d.created_at = st.Int(5);
      out.push_back(std::move(d));
    }
  }
  for (auto& d : out) {
    LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kSelectLeadDocById));
    st.Bind(1, d.leads_id);
    LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
    if (row) d.doc = st.Text(0);
  }
  LEADS_RETURN_IF_ERROR(tx.Commit());
  std::sort(out.begin(), out.end(),
            [](const Delivery& a, const Delivery& b) { return a.delivery_id < b.delivery_id; });
  return out;
}

Status SqliteStore::RenewLeases(const std::string& owner, int64_t lease_until) {
  auto c = pool_->Writer();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kRenewLeases));
  return st.Bind(1, owner).Bind(2, lease_until).Run();
}

Status SqliteStore::RecordAttempts(const std::string& owner, const std::vector<AttemptOutcome>& outcomes) {
  if (outcomes.empty()) return Status::Ok();
  auto c = pool_->Writer();
  Transaction tx(*c);
  LEADS_RETURN_IF_ERROR(tx.Begin());
  for (const auto& o : outcomes) {
    LEADS_RETURN_IF_ERROR(InsertAttempt(*c, o.attempt));
    if (o.attempt.delivery_id == 0) continue;
    LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kCompleteDelivery));
    LEADS_RETURN_IF_ERROR(st.Bind(1, o.attempt.delivery_id).Bind(2, owner).Bind(3, Name(o.state))
                              .Bind(4, int64_t{o.attempt.attempt}).Bind(5, o.next_attempt_at)
                              .Bind(6, o.attempt.error).Bind(7, o.attempt.at).Run());
  }
  return tx.Commit();
}

Status SqliteStore::Reschedule(const std::string& owner, const std::vector<int64_t>& delivery_ids,
                               int64_t next_attempt_at) {
  if (delivery_ids.empty()) return Status::Ok();
  auto c = pool_->Writer();
  Transaction tx(*c);
  LEADS_RETURN_IF_ERROR(tx.Begin());
  for (int64_t id : delivery_ids) {
    LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kRescheduleLeased));
    LEADS_RETURN_IF_ERROR(st.Bind(1, id).Bind(2, owner).Bind(3, next_attempt_at).Run());
  }
  return tx.Commit();
}

Status SqliteStore::ReleaseLeases(const std::string& owner) {
  auto c = pool_->Writer();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kReleaseLeases));
  return st.Bind(1, owner).Run();
}

Status SqliteStore::LogAttempt(const PushAttempt& a) {
  auto c = pool_->Writer();
  return InsertAttempt(*c, a);
}

Status SqliteStore::ForEachAttempt(const AttemptQuery& q, const std::function<void(const PushAttempt&)>& f) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(q.leads_id ? sql::kSelectAttemptsByLead : sql::kSelectAttemptsByAccount));
  st.Bind(1, q.account_id).Bind(2, q.limit < 0 ? int64_t{-1} : q.limit);
  if (q.leads_id) st.Bind(3, *q.leads_id);
  for (;;) {
    LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    f(ReadAttempt(st));
  }
  return Status::Ok();
}

Status SqliteStore::PurgeAttempts(int64_t cutoff) {
  auto c = pool_->Writer();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kPurgeAttempts));
  return st.Bind(1, cutoff).Run();
}

StatusOr<int64_t> SqliteStore::RequeueLead(int64_t leads_id, int64_t now) {
  auto c = pool_->Writer();
  Transaction tx(*c);
  LEADS_RETURN_IF_ERROR(tx.Begin());
  int64_t account_id = 0;
  std::string push_url;
  {
    LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kSelectLeadPushTarget));
    st.Bind(1, leads_id);
    LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return NotFound(ErrorCode::kLeadNotFound, "leads_id " + std::to_string(leads_id) + " does not exist");
    account_id = st.Int(0);
    push_url = st.Text(1);
  }
  if (push_url.empty())
    return InvalidArgument(ErrorCode::kInvalidValue, "account " + std::to_string(account_id) +
                                                         " of leads_id " + std::to_string(leads_id) +
                                                         " has no push URL (account update --push-url)");
  {
    LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kRequeueLead));
    LEADS_RETURN_IF_ERROR(st.Bind(1, leads_id).Bind(2, now).Run());
  }
  if (c->Changes() == 0) {
    LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kInsertOutbox));
    LEADS_RETURN_IF_ERROR(st.Bind(1, leads_id).Bind(2, account_id).Bind(3, now).Run());
  }
  LEADS_RETURN_IF_ERROR(tx.Commit());
  return account_id;
}

StatusOr<int64_t> SqliteStore::RequeueFailed(int64_t account_id, int64_t now) {
  auto c = pool_->Writer();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kRequeueFailed));
  LEADS_RETURN_IF_ERROR(st.Bind(1, account_id).Bind(2, now).Run());
  return c->Changes();
}

StatusOr<int64_t> SqliteStore::CountDue(int64_t now) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kCountDue));
  st.Bind(1, now);
  LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.Int(0) : 0;
}

StatusOr<DeliveryCounts> SqliteStore::CountDeliveries(int64_t account_id) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kCountDeliveries));
  st.Bind(1, account_id);
  DeliveryCounts out;
  for (;;) {
    LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    auto state = Parse<DeliveryState>(st.Text(0));
    if (!state) continue;
    switch (*state) {
      case DeliveryState::kPending:
        out.pending = st.Int(1);
        out.oldest_pending = st.Int(2);
        break;
      case DeliveryState::kDelivered: out.delivered = st.Int(1); break;
      case DeliveryState::kFailed: out.failed = st.Int(1); break;
    }
  }
  return out;
}

}  // namespace leads::sqlite
