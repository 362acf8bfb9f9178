// Inserting leads on PostgreSQL: an import is one transaction on one pooled
// connection, fed batch by batch (InsertLeads is an import of one batch).
// The leads generation is bumped once, at the commit (schema.cc 8).
#include <algorithm>
#include <map>

#include "store/day_buckets.h"
#include "store/postgres/postgres_store.h"
#include "store/postgres/statements.h"

namespace leads::postgres {
namespace {

// Ids stay below 2^53 so JavaScript clients keep them exact (the sequence's
// MAXVALUE; it starts at 100000001, nine digits, like the platform's).
constexpr int64_t kMaxLeadsId = (int64_t{1} << 53) - 1;

class PostgresLeadImport final : public LeadImport, public IntelLookup {
 public:
  PostgresLeadImport(Pool::Lease c, int64_t account_id, int64_t now)
      : c_(std::move(c)), tx_(*c_), account_id_(account_id), now_(now) {}

  Status Begin() {
    LEADS_RETURN_IF_ERROR(tx_.Begin());
    LEADS_RETURN_IF_ERROR(c_->Exec(sql::kDeferGeneration).status());
    LEADS_ASSIGN_OR_RETURN(auto r, c_->Exec(sql::kSelectAccountPushUrl, {account_id_}));
    if (r.rows() == 0)
      return NotFound(ErrorCode::kInvalidValue, "account_id " + std::to_string(account_id_) + " does not exist");
    push_ = !r.Text(0, 0).empty();
    return Status::Ok();
  }

  StatusOr<std::vector<int64_t>> Insert(std::vector<NewLead>& batch) override {
    std::vector<int64_t> ids;
    ids.reserve(batch.size());
    if (batch.empty()) return ids;
    // Taken from the sequence even if the import later fails (gaps are fine;
    // uniqueness across instances is what matters).
    auto r = c_->Exec(sql::kNextLeadsIds, {static_cast<int64_t>(batch.size())});
    if (!r.ok() && c_->last_state() == "2200H") return Internal(ErrorCode::kInternal, "leads_id space exhausted");
    LEADS_RETURN_IF_ERROR(r.status());
    for (int i = 0; i < r->rows(); ++i) ids.push_back(r->Int(i, 0));
    std::sort(ids.begin(), ids.end());
    if (ids.back() > kMaxLeadsId) return Internal(ErrorCode::kInternal, "leads_id space exhausted");
    // One statement for the batch (a round trip per lead was most of its time).
    constexpr size_t kConsoleColumns = 11;  // AppendConsoleColumns: leads_name … tags
    std::vector<int64_t> create, action;
    std::vector<std::string> docs;
    std::vector<std::vector<std::string>> columns(kConsoleColumns);
    std::vector<Param> one;
    for (size_t i = 0; i < batch.size(); ++i) {
      NewLead& nl = batch[i];
      ++counts_[{1, DayOf(nl.create_time)}];
      ++counts_[{0, DayOf(nl.action_time)}];
      nl.lead.Set(Field::kLeadsId, std::to_string(ids[i]));
      create.push_back(nl.create_time);
      action.push_back(nl.action_time);
      docs.push_back(nl.lead.RenderPull());
      one.clear();
      AppendConsoleColumns(one, nl.lead);
      for (size_t j = 0; j < kConsoleColumns; ++j) columns[j].emplace_back(one.at(j).data());
    }
    std::vector<Param> params = {account_id_, now_, IntArray(ids), IntArray(create), IntArray(action),
                                 TextArray(docs)};
    for (const auto& col : columns) params.emplace_back(TextArray(col));
    LEADS_RETURN_IF_ERROR(c_->Exec(sql::kInsertLeads, params).status());
    if (push_) LEADS_RETURN_IF_ERROR(c_->Exec(sql::kInsertOutboxes, {account_id_, now_, IntArray(ids)}).status());
    LEADS_RETURN_IF_ERROR(WriteIntelBatch(*c_, account_id_, batch));  // issue 6: keys, reasons, counters
    inserted_ += batch.size();
    return ids;
  }

  Status Commit() override {
    // In key order, so concurrent imports lock the bucket rows in one order.
    for (const auto& [key, n] : counts_)
      LEADS_RETURN_IF_ERROR(c_->Exec(sql::kAddLeadCount, {account_id_, key.first, key.second, n}).status());
    if (inserted_ > 0) LEADS_RETURN_IF_ERROR(c_->Exec(sql::kBumpLeadsGeneration, {account_id_}).status());
    return tx_.Commit();
  }

  IntelLookup& keys() override { return *this; }
  StatusOr<std::vector<LeadKeyHit>> FindLeadKeys(int64_t account_id, const std::vector<std::string>& keys,
                                                 int64_t from, int64_t to) override {
    return FindLeadKeysOn(*c_, account_id, keys, from, to);
  }
  StatusOr<std::vector<CounterHit>> ReadCounters(int64_t account_id, const std::vector<std::string>& keys,
                                                 int64_t from_bucket, int64_t to_bucket) override {
    return ReadCountersOn(*c_, account_id, keys, from_bucket, to_bucket);
  }

 private:
  Pool::Lease c_;
  Transaction tx_;  // rolled back unless committed
  const int64_t account_id_, now_;
  bool push_ = false;
  size_t inserted_ = 0;
  std::map<std::pair<int64_t, int64_t>, int64_t> counts_;  // (kind, day) -> n
};

}  // namespace

StatusOr<std::unique_ptr<LeadImport>> PostgresStore::BeginImport(int64_t account_id, int64_t now) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  auto import = std::make_unique<PostgresLeadImport>(std::move(c), account_id, now);
  LEADS_RETURN_IF_ERROR(import->Begin());
  return std::unique_ptr<LeadImport>(std::move(import));
}

}  // namespace leads::postgres
