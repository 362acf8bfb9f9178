// The PostgreSQL backend of OutboxStore (push deliveries and their attempt
// log). Several instances lease from one outbox: FOR UPDATE SKIP LOCKED
// hands each due row to one of them, and an expired lease (a killed
// instance) makes the row due again for the others.
#include <algorithm>
#include <string>

#include "store/postgres/postgres_store.h"
#include "store/postgres/statements.h"

namespace leads::postgres {
namespace {

// A bigint[] literal: {1,2,3}.
std::string ArrayLiteral(const std::vector<int64_t>& ids) {
  std::string out = "{";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(ids[i]);
  }
  return out + "}";
}

Status InsertAttempt(Connection& c, const PushAttempt& a) {
  return c.Exec(sql::kInsertPushAttempt, {a.delivery_id, a.leads_id, a.account_id, int64_t{a.attempt}, a.at, a.url,
                                          int64_t{a.http_status}, a.body_code, a.latency_ms, a.error, a.response})
      .status();
}

PushAttempt ReadAttempt(const Result& r, int i) {
  PushAttempt a;
  a.id = r.Int(i, 0);
  a.delivery_id = r.Int(i, 1);
  a.leads_id = r.Int(i, 2);
  a.account_id = r.Int(i, 3);
  a.attempt = static_cast<int>(r.Int(i, 4));
  a.at = r.Int(i, 5);
  a.url = r.Text(i, 6);
  a.http_status = static_cast<int>(r.Int(i, 7));
  if (!r.IsNull(i, 8)) a.body_code = r.Int(i, 8);
  a.latency_ms = r.Int(i, 9);
  a.error = r.Text(i, 10);
  a.response = r.Text(i, 11);
  return a;
}

}  // namespace

StatusOr<std::vector<Delivery>> PostgresStore::LeaseDue(const LeaseRequest& r) {
  std::vector<Delivery> out;
  if (r.limit == 0) return out;
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  const auto limit = static_cast<int64_t>(r.limit);
  const auto per_account = static_cast<int64_t>(std::max<size_t>(r.per_account, 1));
  LEADS_ASSIGN_OR_RETURN(auto rows, c->Exec(sql::kLeaseDue, {r.owner, r.lease_until, r.now,
                                                             ArrayLiteral(r.exclude_accounts), limit * 4,
                                                             per_account, limit}));
  for (int i = 0; i < rows.rows(); ++i) {
    Delivery d;
    d.delivery_id = rows.Int(i, 0);
    d.leads_id = rows.Int(i, 1);
    d.account_id = rows.Int(i, 2);
    d.attempts = static_cast<int>(rows.Int(i, 3));
    d.retry_base = static_cast<int>(rows.Int(i, 4));
    d.created_at = rows.Int(i, 5);
    d.doc = rows.Text(i, 6);
    out.push_back(std::move(d));
  }
  std::sort(out.begin(), out.end(), [](const Delivery& a, const Delivery& b) { return a.delivery_id < b.delivery_id; });
  return out;
}

Status PostgresStore::RenewLeases(const std::string& owner, int64_t lease_until) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  return c->Exec(sql::kRenewLeases, {owner, lease_until}).status();
}

Status PostgresStore::RecordAttempts(const std::string& owner, const std::vector<AttemptOutcome>& outcomes) {
  if (outcomes.empty()) return Status::Ok();
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  Transaction tx(*c);
  LEADS_RETURN_IF_ERROR(tx.Begin());
  for (const auto& o : outcomes) {
    LEADS_RETURN_IF_ERROR(InsertAttempt(*c, o.attempt));
    if (o.attempt.delivery_id == 0) continue;
    LEADS_RETURN_IF_ERROR(c->Exec(sql::kCompleteDelivery, {o.attempt.delivery_id, owner, Name(o.state),
                                                           int64_t{o.attempt.attempt}, o.next_attempt_at,
                                                           o.attempt.error, o.attempt.at})
                              .status());
  }
  return tx.Commit();
}

Status PostgresStore::Reschedule(const std::string& owner, const std::vector<int64_t>& delivery_ids,
                                 int64_t next_attempt_at) {
  if (delivery_ids.empty()) return Status::Ok();
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  Transaction tx(*c);
  LEADS_RETURN_IF_ERROR(tx.Begin());
  for (int64_t id : delivery_ids)
    LEADS_RETURN_IF_ERROR(c->Exec(sql::kRescheduleLeased, {id, owner, next_attempt_at}).status());
  return tx.Commit();
}

Status PostgresStore::ReleaseLeases(const std::string& owner) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  return c->Exec(sql::kReleaseLeases, {owner}).status();
}

Status PostgresStore::LogAttempt(const PushAttempt& a) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  return InsertAttempt(*c, a);
}

Status PostgresStore::ForEachAttempt(const AttemptQuery& q, const std::function<void(const PushAttempt&)>& f) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  std::optional<int64_t> limit;
  if (q.limit >= 0) limit = q.limit;
  std::vector<Param> params{q.account_id, limit};
  if (q.leads_id) params.emplace_back(*q.leads_id);
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(q.leads_id ? sql::kSelectAttemptsByLead : sql::kSelectAttemptsByAccount, params));
  for (int i = 0; i < r.rows(); ++i) f(ReadAttempt(r, i));
  return Status::Ok();
}

Status PostgresStore::PurgeAttempts(int64_t cutoff) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  return c->Exec(sql::kPurgeAttempts, {cutoff}).status();
}

StatusOr<int64_t> PostgresStore::RequeueLead(int64_t leads_id, int64_t now) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  Transaction tx(*c);
  LEADS_RETURN_IF_ERROR(tx.Begin());
  int64_t account_id = 0;
  std::string push_url;
  {
    LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kSelectLeadPushTarget, {leads_id}));
    if (r.rows() == 0) return NotFound(ErrorCode::kLeadNotFound, "leads_id " + std::to_string(leads_id) + " does not exist");
    account_id = r.Int(0, 0);
    push_url = r.Text(0, 1);
  }
  if (push_url.empty())
    return InvalidArgument(ErrorCode::kInvalidValue, "account " + std::to_string(account_id) + " of leads_id " +
                                                         std::to_string(leads_id) +
                                                         " has no push URL (account update --push-url)");
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kRequeueLead, {leads_id, now}));
  if (r.Affected() == 0) LEADS_RETURN_IF_ERROR(c->Exec(sql::kInsertOutbox, {leads_id, account_id, now}).status());
  LEADS_RETURN_IF_ERROR(tx.Commit());
  return account_id;
}

StatusOr<int64_t> PostgresStore::RequeueFailed(int64_t account_id, int64_t now) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kRequeueFailed, {account_id, now}));
  return r.Affected();
}

StatusOr<int64_t> PostgresStore::CountDue(int64_t now) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kCountDue, {now}));
  return r.rows() ? r.Int(0, 0) : 0;
}

StatusOr<DeliveryCounts> PostgresStore::CountDeliveries(int64_t account_id) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kCountDeliveries, {account_id}));
  DeliveryCounts out;
  for (int i = 0; i < r.rows(); ++i) {
    auto state = Parse<DeliveryState>(r.Text(i, 0));
    if (!state) continue;
    switch (*state) {
      case DeliveryState::kPending:
        out.pending = r.Int(i, 1);
        out.oldest_pending = r.Int(i, 2);
        break;
      case DeliveryState::kDelivered: out.delivered = r.Int(i, 1); break;
      case DeliveryState::kFailed: out.failed = r.Int(i, 1); break;
    }
  }
  return out;
}

}  // namespace leads::postgres
