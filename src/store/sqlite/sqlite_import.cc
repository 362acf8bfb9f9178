// Inserting leads on SQLite: an import is one write transaction on the
// pool's writer connection, fed batch by batch (InsertLeads is an import of
// one batch).
#include <map>

#include "store/day_buckets.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/statements.h"

namespace leads::sqlite {
namespace {

// First leads_id of a new deployment: nine digits, like the platform's.
constexpr int64_t kFirstLeadsId = 100000001;
// Ids stay below 2^53 so JavaScript clients keep them exact.
constexpr int64_t kMaxLeadsId = (int64_t{1} << 53) - 1;

class SqliteLeadImport final : public LeadImport, public IntelLookup {
 public:
  SqliteLeadImport(Pool::Lease writer, int64_t account_id, int64_t now)
      : c_(std::move(writer)), tx_(*c_), account_id_(account_id), now_(now) {}

  Status Begin() {
    LEADS_RETURN_IF_ERROR(tx_.Begin());
    {
      LEADS_ASSIGN_OR_RETURN(auto st, c_->Prepare(sql::kSelectAccountPushUrl));
      st.Bind(1, account_id_);
      LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row)
        return NotFound(ErrorCode::kInvalidValue, "account_id " + std::to_string(account_id_) + " does not exist");
      push_ = !st.Text(0).empty();
    }
    LEADS_ASSIGN_OR_RETURN(auto st, c_->Prepare(sql::kMaxLeadsId));
    LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
    (void)row;
    next_ = std::max(st.Int(0) + 1, kFirstLeadsId);
    return Status::Ok();
  }

  StatusOr<std::vector<int64_t>> Insert(std::vector<NewLead>& batch) override {
    if (next_ + static_cast<int64_t>(batch.size()) > kMaxLeadsId)
      return Internal(ErrorCode::kInternal, "leads_id space exhausted");
    std::vector<int64_t> ids;
    ids.reserve(batch.size());
    for (auto& nl : batch) {
      ++counts_[{1, DayOf(nl.create_time)}];
      ++counts_[{0, DayOf(nl.action_time)}];
      const int64_t id = next_++;
      nl.lead.Set(Field::kLeadsId, std::to_string(id));
      {
        LEADS_ASSIGN_OR_RETURN(auto st, c_->Prepare(sql::kInsertLead));
        st.Bind(1, id).Bind(2, account_id_).Bind(3, nl.create_time).Bind(4, nl.action_time)
            .Bind(5, nl.lead.RenderPull()).Bind(6, now_);
        BindConsoleColumns(st, 7, nl.lead);
        LEADS_RETURN_IF_ERROR(st.Run());
      }
      if (push_) {
        LEADS_ASSIGN_OR_RETURN(auto st, c_->Prepare(sql::kInsertOutbox));
        LEADS_RETURN_IF_ERROR(st.Bind(1, id).Bind(2, account_id_).Bind(3, now_).Run());
      }
      ids.push_back(id);
    }
    LEADS_RETURN_IF_ERROR(WriteIntelBatch(*c_, account_id_, batch));  // issue 6: keys, reasons, counters
    inserted_ += batch.size();
    return ids;
  }

  Status Commit() override {
    for (const auto& [key, n] : counts_) {
      LEADS_ASSIGN_OR_RETURN(auto st, c_->Prepare(sql::kAddLeadCount));
      LEADS_RETURN_IF_ERROR(st.Bind(1, account_id_).Bind(2, key.first).Bind(3, key.second).Bind(4, n).Run());
    }
    if (inserted_ > 0) {
      LEADS_ASSIGN_OR_RETURN(auto st, c_->Prepare(sql::kBumpLeadsGeneration));
      LEADS_RETURN_IF_ERROR(st.Bind(1, account_id_).Run());
    }
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
  int64_t next_ = 0;
  size_t inserted_ = 0;
  std::map<std::pair<int64_t, int64_t>, int64_t> counts_;  // (kind, day) -> n
};

}  // namespace

StatusOr<std::unique_ptr<LeadImport>> SqliteStore::BeginImport(int64_t account_id, int64_t now) {
  auto import = std::make_unique<SqliteLeadImport>(pool_->Writer(), account_id, now);
  LEADS_RETURN_IF_ERROR(import->Begin());
  return std::unique_ptr<LeadImport>(std::move(import));
}

}  // namespace leads::sqlite
