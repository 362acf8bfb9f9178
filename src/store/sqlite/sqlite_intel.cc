// Lead intelligence (IntelStore) on SQLite, and the rows InsertLeads writes
// beside each lead.
#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/statements.h"

namespace leads::sqlite {
namespace {

std::string JsonArray(const std::vector<std::string>& v) {
  boost::json::array a;
  a.reserve(v.size());
  for (const auto& s : v) a.emplace_back(s);
  return boost::json::serialize(a);
}

StatusOr<std::string> ReadText(Connection& c, const char* sql, int64_t a, std::optional<int64_t> b = std::nullopt) {
  LEADS_ASSIGN_OR_RETURN(auto st, c.Prepare(sql));
  st.Bind(1, a);
  if (b) st.Bind(2, *b);
  LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? std::string(st.Text(0)) : std::string();
}

}  // namespace

namespace {

Status WriteLeadIntel(Connection& c, int64_t account_id, int64_t leads_id, const NewLead& nl) {
  for (const auto& k : nl.intel.keys) {
    LEADS_ASSIGN_OR_RETURN(auto st, c.Prepare(sql::kInsertLeadKey));
    LEADS_RETURN_IF_ERROR(st.Bind(1, account_id).Bind(2, k).Bind(3, nl.create_time).Bind(4, leads_id).Run());
  }
  if (!nl.intel.reasons.empty()) {
    LEADS_ASSIGN_OR_RETURN(auto st, c.Prepare(sql::kPutLeadReasons));
    LEADS_RETURN_IF_ERROR(st.Bind(1, leads_id).Bind(2, account_id).Bind(3, nl.intel.reasons).Run());
  }
  return Status::Ok();
}

}  // namespace

Status WriteIntelBatch(Connection& c, int64_t account_id, const std::vector<NewLead>& batch) {
  // The batch's keys in index order: each insert lands on or beside the
  // page of the one before, instead of on a random page of lead_keys.
  struct KeyRow {
    std::string_view key;
    int64_t create_time, leads_id;
    auto operator<=>(const KeyRow&) const = default;
  };
  std::vector<KeyRow> keys;
  for (const auto& nl : batch) {
    if (nl.intel.keys.empty() && nl.intel.reasons.empty()) continue;
    const int64_t leads_id = std::stoll(nl.lead.Get(Field::kLeadsId));
    for (const auto& k : nl.intel.keys) keys.push_back({k, nl.create_time, leads_id});
    if (!nl.intel.reasons.empty()) {
      LEADS_ASSIGN_OR_RETURN(auto st, c.Prepare(sql::kPutLeadReasons));
      LEADS_RETURN_IF_ERROR(st.Bind(1, leads_id).Bind(2, account_id).Bind(3, nl.intel.reasons).Run());
    }
  }
  std::sort(keys.begin(), keys.end());
  for (const auto& k : keys) {
    LEADS_ASSIGN_OR_RETURN(auto st, c.Prepare(sql::kInsertLeadKey));
    LEADS_RETURN_IF_ERROR(st.Bind(1, account_id).Bind(2, k.key).Bind(3, k.create_time).Bind(4, k.leads_id).Run());
  }
  std::map<std::pair<std::string_view, int64_t>, int64_t> counts;
  for (const auto& nl : batch)
    if (!nl.intel.counter_key.empty()) ++counts[{nl.intel.counter_key, nl.intel.bucket}];
  for (const auto& [k, n] : counts) {
    LEADS_ASSIGN_OR_RETURN(auto st, c.Prepare(sql::kAddIntelCounter));
    LEADS_RETURN_IF_ERROR(st.Bind(1, account_id).Bind(2, k.first).Bind(3, k.second).Bind(4, n).Run());
  }
  return Status::Ok();
}

StatusOr<std::vector<LeadKeyHit>> FindLeadKeysOn(Connection& c, int64_t account_id,
                                                 const std::vector<std::string>& keys, int64_t from, int64_t to) {
  LEADS_ASSIGN_OR_RETURN(auto st, c.Prepare(sql::kFindLeadKeys));
  st.Bind(1, account_id).Bind(2, JsonArray(keys)).Bind(3, from).Bind(4, to);
  std::vector<LeadKeyHit> out;
  for (;;) {
    LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back({std::string(st.Text(0)), st.Int(1), st.Int(2)});
  }
  return out;
}

StatusOr<std::vector<CounterHit>> ReadCountersOn(Connection& c, int64_t account_id,
                                                 const std::vector<std::string>& keys, int64_t from_bucket,
                                                 int64_t to_bucket) {
  LEADS_ASSIGN_OR_RETURN(auto st, c.Prepare(sql::kReadIntelCounters));
  st.Bind(1, account_id).Bind(2, JsonArray(keys)).Bind(3, from_bucket).Bind(4, to_bucket);
  std::vector<CounterHit> out;
  for (;;) {
    LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back({std::string(st.Text(0)), st.Int(1), st.Int(2)});
  }
  return out;
}

StatusOr<std::vector<LeadKeyHit>> SqliteStore::FindLeadKeys(int64_t account_id, const std::vector<std::string>& keys,
                                                            int64_t from, int64_t to) {
  auto c = pool_->Get();
  return FindLeadKeysOn(*c, account_id, keys, from, to);
}

StatusOr<std::vector<CounterHit>> SqliteStore::ReadCounters(int64_t account_id, const std::vector<std::string>& keys,
                                                            int64_t from_bucket, int64_t to_bucket) {
  auto c = pool_->Get();
  return ReadCountersOn(*c, account_id, keys, from_bucket, to_bucket);
}

StatusOr<std::string> SqliteStore::GetIntelRules(int64_t account_id) {
  auto c = pool_->Get();
  return ReadText(*c, sql::kSelectIntelRules, account_id);
}

Status SqliteStore::PutIntelRules(int64_t account_id, const std::string& rules, int64_t now) {
  auto c = pool_->Writer();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kPutIntelRules));
  return st.Bind(1, account_id).Bind(2, rules).Bind(3, now).Run();
}

StatusOr<std::string> SqliteStore::GetScoreModel(int64_t account_id) {
  auto c = pool_->Get();
  return ReadText(*c, sql::kSelectScoreModel, account_id);
}

Status SqliteStore::PutScoreModel(int64_t account_id, const std::string& model, int64_t now) {
  auto c = pool_->Writer();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kPutScoreModel));
  return st.Bind(1, account_id).Bind(2, model).Bind(3, now).Run();
}

StatusOr<std::string> SqliteStore::GetLeadReasons(int64_t account_id, int64_t leads_id) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kSelectLeadReasons));
  st.Bind(1, leads_id).Bind(2, account_id);
  LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? std::string(st.Text(0)) : std::string();
}

Status SqliteStore::SaveLeadIntel(int64_t account_id, int64_t leads_id, int64_t create_time,
                                  const std::vector<std::string>& keys, const std::optional<std::string>& reasons) {
  auto c = pool_->Writer();
  Transaction tx(*c);
  LEADS_RETURN_IF_ERROR(tx.Begin());
  NewLead nl;
  nl.create_time = create_time;
  nl.intel.keys = keys;
  nl.intel.reasons = reasons.value_or("");
  LEADS_RETURN_IF_ERROR(WriteLeadIntel(*c, account_id, leads_id, nl));
  if (reasons && reasons->empty()) {
    LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kDeleteLeadReasons));
    LEADS_RETURN_IF_ERROR(st.Bind(1, leads_id).Bind(2, account_id).Run());
  }
  return tx.Commit();
}

StatusOr<std::vector<IntelStore::StoredLead>> SqliteStore::LeadsForRetag(int64_t account_id, int64_t from, int64_t to,
                                                                         int64_t after_time, int64_t after_id,
                                                                         int64_t limit) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kLeadsForRetag));
  st.Bind(1, account_id).Bind(2, from).Bind(3, to).Bind(4, after_time).Bind(5, after_id).Bind(6, limit);
  std::vector<StoredLead> out;
  for (;;) {
    LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back({st.Int(0), st.Int(1), std::string(st.Text(2))});
  }
  return out;
}

Status SqliteStore::ScanLeadFacts(int64_t account_id, int64_t from, int64_t to,
                                  const std::function<void(const LeadFacts&)>& f) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kScanLeadFacts));
  st.Bind(1, account_id).Bind(2, from).Bind(3, to);
  LeadFacts x;
  for (;;) {
    LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    x.leads_id = st.Int(0);
    x.create_time = st.Int(1);
    x.leads_type.assign(st.Text(2));
    x.leads_source.assign(st.Text(3));
    x.follow_tag.assign(st.Text(4));
    x.campaign_id.assign(st.Text(5));
    x.adgroup_id.assign(st.Text(6));
    x.ad_id.assign(st.Text(7));
    x.tags.assign(st.Text(8));
    f(x);
  }
  return Status::Ok();
}

Status SqliteStore::PutSpend(int64_t account_id, const std::vector<SpendRow>& rows, int64_t now) {
  auto c = pool_->Writer();
  Transaction tx(*c);
  LEADS_RETURN_IF_ERROR(tx.Begin());
  for (const auto& r : rows) {
    LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kPutSpend));
    st.Bind(1, account_id).Bind(2, r.day).Bind(3, r.campaign_id).Bind(4, r.spend_fen).Bind(6, now);
    if (r.revenue_fen) st.Bind(5, *r.revenue_fen);
    else st.BindNull(5);
    LEADS_RETURN_IF_ERROR(st.Run());
  }
  return tx.Commit();
}

StatusOr<std::vector<SpendRow>> SqliteStore::ListSpend(int64_t account_id, int64_t from_day, int64_t to_day) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kListSpend));
  st.Bind(1, account_id).Bind(2, from_day).Bind(3, to_day);
  std::vector<SpendRow> out;
  for (;;) {
    LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    SpendRow r{st.Int(0), std::string(st.Text(1)), st.Int(2), std::nullopt};
    if (!st.IsNull(3)) r.revenue_fen = st.Int(3);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace leads::sqlite
