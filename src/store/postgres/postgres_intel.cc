// Lead intelligence (IntelStore) on PostgreSQL, and the rows InsertLeads
// writes beside a batch (one statement per kind per batch, through arrays).
#include <map>

#include "store/postgres/postgres_store.h"
#include "store/postgres/statements.h"

namespace leads::postgres {

// A text[] literal: {"a","b\"c"}.
std::string TextArray(const std::vector<std::string_view>& v) {
  std::string out = "{";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char ch : v[i]) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  out += '}';
  return out;
}

std::string TextArray(const std::vector<std::string>& v) {
  return TextArray(std::vector<std::string_view>(v.begin(), v.end()));
}

std::string IntArray(const std::vector<int64_t>& v) {
  std::string out = "{";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(v[i]);
  }
  out += '}';
  return out;
}

namespace {

StatusOr<std::string> ReadText(Pool& pool, const char* sql, std::initializer_list<Param> params) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool.Get());
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql, params));
  return r.rows() ? std::string(r.Text(0, 0)) : std::string();
}

Status WriteKeysAndReasons(Connection& c, int64_t account_id, const std::vector<int64_t>& ids,
                           const std::vector<const NewLead*>& leads) {
  std::vector<std::string_view> keys, reasons;
  std::vector<int64_t> key_times, key_ids, reason_ids;
  for (size_t i = 0; i < leads.size(); ++i) {
    for (const auto& k : leads[i]->intel.keys) {
      keys.push_back(k);
      key_times.push_back(leads[i]->create_time);
      key_ids.push_back(ids[i]);
    }
    if (!leads[i]->intel.reasons.empty()) {
      reasons.push_back(leads[i]->intel.reasons);
      reason_ids.push_back(ids[i]);
    }
  }
  if (!keys.empty())
    LEADS_RETURN_IF_ERROR(
        c.Exec(sql::kInsertLeadKeys, {account_id, TextArray(keys), IntArray(key_times), IntArray(key_ids)}).status());
  if (!reasons.empty())
    LEADS_RETURN_IF_ERROR(c.Exec(sql::kPutLeadReasons, {account_id, IntArray(reason_ids), TextArray(reasons)}).status());
  return Status::Ok();
}

}  // namespace

Status WriteIntelBatch(Connection& c, int64_t account_id, const std::vector<NewLead>& batch) {
  std::vector<int64_t> ids;
  std::vector<const NewLead*> leads;
  std::map<std::pair<std::string_view, int64_t>, int64_t> counts;  // in key order: one lock order
  for (const auto& nl : batch) {
    if (!nl.intel.keys.empty() || !nl.intel.reasons.empty()) {
      ids.push_back(std::stoll(nl.lead.Get(Field::kLeadsId)));
      leads.push_back(&nl);
    }
    if (!nl.intel.counter_key.empty()) ++counts[{nl.intel.counter_key, nl.intel.bucket}];
  }
  LEADS_RETURN_IF_ERROR(WriteKeysAndReasons(c, account_id, ids, leads));
  if (!counts.empty()) {
    std::vector<std::string_view> keys;
    std::vector<int64_t> buckets, ns;
    for (const auto& [k, n] : counts) {
      keys.push_back(k.first);
      buckets.push_back(k.second);
      ns.push_back(n);
    }
    LEADS_RETURN_IF_ERROR(
        c.Exec(sql::kAddIntelCounters, {account_id, TextArray(keys), IntArray(buckets), IntArray(ns)}).status());
  }
  return Status::Ok();
}

StatusOr<std::vector<LeadKeyHit>> FindLeadKeysOn(Connection& c, int64_t account_id,
                                                 const std::vector<std::string>& keys, int64_t from, int64_t to) {
  // Planned for its values each time (not a prepared statement): after five
  // runs PostgreSQL may switch a prepared statement to a generic plan, and
  // for `key = ANY(array)` inside an import's transaction — whose rows the
  // statistics do not count — that plan took seconds per batch.
  LEADS_ASSIGN_OR_RETURN(auto r, c.ExecDynamic(sql::kFindLeadKeys, {account_id, TextArray(keys), from, to}));
  std::vector<LeadKeyHit> out;
  out.reserve(static_cast<size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back({std::string(r.Text(i, 0)), r.Int(i, 1), r.Int(i, 2)});
  return out;
}

StatusOr<std::vector<CounterHit>> ReadCountersOn(Connection& c, int64_t account_id,
                                                 const std::vector<std::string>& keys, int64_t from_bucket,
                                                 int64_t to_bucket) {
  LEADS_ASSIGN_OR_RETURN(auto r, c.ExecDynamic(sql::kReadIntelCounters,  // planned each time, as above
                                               {account_id, TextArray(keys), from_bucket, to_bucket}));
  std::vector<CounterHit> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back({std::string(r.Text(i, 0)), r.Int(i, 1), r.Int(i, 2)});
  return out;
}

StatusOr<std::vector<LeadKeyHit>> PostgresStore::FindLeadKeys(int64_t account_id, const std::vector<std::string>& keys,
                                                              int64_t from, int64_t to) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  return FindLeadKeysOn(*c, account_id, keys, from, to);
}

StatusOr<std::vector<CounterHit>> PostgresStore::ReadCounters(int64_t account_id, const std::vector<std::string>& keys,
                                                              int64_t from_bucket, int64_t to_bucket) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  return ReadCountersOn(*c, account_id, keys, from_bucket, to_bucket);
}

StatusOr<std::string> PostgresStore::GetIntelRules(int64_t account_id) {
  return ReadText(*pool_, sql::kSelectIntelRules, {account_id});
}

Status PostgresStore::PutIntelRules(int64_t account_id, const std::string& rules, int64_t now) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  return c->Exec(sql::kPutIntelRules, {account_id, rules, now}).status();
}

StatusOr<std::string> PostgresStore::GetScoreModel(int64_t account_id) {
  return ReadText(*pool_, sql::kSelectScoreModel, {account_id});
}

Status PostgresStore::PutScoreModel(int64_t account_id, const std::string& model, int64_t now) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  return c->Exec(sql::kPutScoreModel, {account_id, model, now}).status();
}

StatusOr<std::string> PostgresStore::GetLeadReasons(int64_t account_id, int64_t leads_id) {
  return ReadText(*pool_, sql::kSelectLeadReasons, {leads_id, account_id});
}

Status PostgresStore::SaveLeadIntel(int64_t account_id, int64_t leads_id, int64_t create_time,
                                    const std::vector<std::string>& keys, const std::optional<std::string>& reasons) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  Transaction tx(*c);
  LEADS_RETURN_IF_ERROR(tx.Begin());
  NewLead nl;
  nl.create_time = create_time;
  nl.intel.keys = keys;
  nl.intel.reasons = reasons.value_or("");
  LEADS_RETURN_IF_ERROR(WriteKeysAndReasons(*c, account_id, {leads_id}, {&nl}));
  if (reasons && reasons->empty()) LEADS_RETURN_IF_ERROR(c->Exec(sql::kDeleteLeadReasons, {leads_id, account_id}).status());
  return tx.Commit();
}

StatusOr<std::vector<IntelStore::StoredLead>> PostgresStore::LeadsForRetag(int64_t account_id, int64_t from,
                                                                           int64_t to, int64_t after_time,
                                                                           int64_t after_id, int64_t limit) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kLeadsForRetag, {account_id, from, to, after_time, after_id, limit}));
  std::vector<StoredLead> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back({r.Int(i, 0), r.Int(i, 1), std::string(r.Text(i, 2))});
  return out;
}

Status PostgresStore::ScanLeadFacts(int64_t account_id, int64_t from, int64_t to,
                                    const std::function<void(const LeadFacts&)>& f) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kScanLeadFacts, {account_id, from, to}));
  LeadFacts x;
  for (int i = 0; i < r.rows(); ++i) {
    x.leads_id = r.Int(i, 0);
    x.create_time = r.Int(i, 1);
    x.leads_type.assign(r.Text(i, 2));
    x.leads_source.assign(r.Text(i, 3));
    x.follow_tag.assign(r.Text(i, 4));
    x.campaign_id.assign(r.Text(i, 5));
    x.adgroup_id.assign(r.Text(i, 6));
    x.ad_id.assign(r.Text(i, 7));
    x.tags.assign(r.Text(i, 8));
    f(x);
  }
  return Status::Ok();
}

Status PostgresStore::PutSpend(int64_t account_id, const std::vector<SpendRow>& rows, int64_t now) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  Transaction tx(*c);
  LEADS_RETURN_IF_ERROR(tx.Begin());
  for (const auto& r : rows)
    LEADS_RETURN_IF_ERROR(
        c->Exec(sql::kPutSpend, {account_id, r.day, r.campaign_id, r.spend_fen, Param(r.revenue_fen), now}).status());
  return tx.Commit();
}

StatusOr<std::vector<SpendRow>> PostgresStore::ListSpend(int64_t account_id, int64_t from_day, int64_t to_day) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kListSpend, {account_id, from_day, to_day}));
  std::vector<SpendRow> out;
  for (int i = 0; i < r.rows(); ++i) {
    SpendRow s{r.Int(i, 0), std::string(r.Text(i, 1)), r.Int(i, 2), std::nullopt};
    if (!r.IsNull(i, 3)) s.revenue_fen = r.Int(i, 3);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace leads::postgres
