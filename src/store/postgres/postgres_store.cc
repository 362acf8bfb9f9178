#include "store/postgres/postgres_store.h"

#include <algorithm>
#include <boost/json.hpp>
#include <ctime>
#include <map>
#include <unordered_map>

#include "store/day_buckets.h"
#include "store/postgres/schema.h"
#include "store/postgres/statements.h"

namespace leads::postgres {
namespace {

// Whether columns 1–5 of `row` (kSelectLeadForReport, kSelectReportStates)
// already hold the report's state.
bool SameState(const Result& rows, int row, const LeadReport& r) {
  return rows.Text(row, 1) == r.convert_type && rows.Text(row, 2) == r.ineffect_reason &&
         rows.Text(row, 3) == r.intention_score && rows.Text(row, 4) == r.outer_convert_type &&
         rows.Text(row, 5) == r.outer_ineffect_reason;
}

constexpr char kUniqueViolation[] = "23505";

Account ReadAccount(const Result& r, int i) {
  Account a;
  a.account_id = r.Int(i, 0);
  a.account_type = Parse<AccountType>(r.Text(i, 1)).value_or(AccountType::kGdt);
  a.wechat_appid = r.Text(i, 2);
  a.agency_id = r.Text(i, 3);
  a.agency_name = r.Text(i, 4);
  a.industry = Parse<Industry>(r.Text(i, 5)).value_or(Industry::kNone);
  a.status_system = Parse<StatusSystem>(r.Text(i, 6)).value_or(StatusSystem::kStandard);
  a.push_url = r.Text(i, 7);
  a.push_algorithm = Parse<SignatureAlgorithm>(r.Text(i, 8)).value_or(SignatureAlgorithm::kSha1);
  a.created_at = r.Int(i, 9);
  return a;
}

Credential ReadCredential(const Result& r, int i) {
  Credential c;
  c.token = r.Text(i, 0);
  c.secret = r.Text(i, 1);
  c.account_id = r.Int(i, 2);
  c.scope = Parse<Scope>(r.Text(i, 3)).value_or(Scope::kForwarding);
  c.created_at = r.Int(i, 4);
  if (!r.IsNull(i, 5)) c.revoked_at = r.Int(i, 5);
  return c;
}

std::vector<Param> AccountParams(const Account& a) {
  return {a.account_id,   std::string(Name(a.account_type)),  a.wechat_appid,
          a.agency_id,    a.agency_name,                      std::string(Name(a.industry)),
          std::string(Name(a.status_system)), a.push_url,     std::string(Name(a.push_algorithm))};
}

StatusOr<int64_t> IndexCount(Connection& c, int64_t account, bool by_create, int64_t start, int64_t end) {
  LEADS_ASSIGN_OR_RETURN(auto r, c.Exec(by_create ? sql::kCountByCreate : sql::kCountByAction, {account, start, end}));
  return r.Int(0, 0);
}

// Leads of the account whose create (or action) time is in [start, end]
// (store/day_buckets.h).
StatusOr<int64_t> CountRange(Connection& c, int64_t account, bool by_create, int64_t start, int64_t end) {
  const DaySplit split = SplitIntoDays(start, end);
  int64_t total = 0;
  if (split.full_days) {
    LEADS_ASSIGN_OR_RETURN(auto r, c.Exec(sql::kSumLeadCounts, {account, int64_t{by_create ? 1 : 0},
                                                               split.full_days->first, split.full_days->second}));
    total = r.Int(0, 0);
  }
  for (const auto& [from, to] : split.partial) {
    LEADS_ASSIGN_OR_RETURN(int64_t n, IndexCount(c, account, by_create, from, to));
    total += n;
  }
  return total;
}

std::string NoAccount(int64_t account_id) { return "account_id " + std::to_string(account_id) + " does not exist"; }

}  // namespace

StatusOr<std::unique_ptr<PostgresStore>> PostgresStore::Open(const std::string& url, size_t connections) {
  LEADS_ASSIGN_OR_RETURN(auto pool, Pool::Open(url, connections));
  {
    LEADS_ASSIGN_OR_RETURN(auto c, pool->Get());
    LEADS_RETURN_IF_ERROR(Migrate(*c, static_cast<int64_t>(std::time(nullptr))).status());
  }
  return std::unique_ptr<PostgresStore>(new PostgresStore(std::move(pool)));
}

// --- Accounts and credentials. ---

Status PostgresStore::CreateAccount(const Account& a) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  auto params = AccountParams(a);
  params.emplace_back(a.created_at);
  auto r = c->Exec(sql::kInsertAccount, params);
  if (!r.ok() && c->last_state() == kUniqueViolation)
    return AlreadyExists(ErrorCode::kInvalidValue, "account_id " + std::to_string(a.account_id) + " already exists");
  return r.status();
}

StatusOr<Account> PostgresStore::GetAccount(int64_t account_id) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kSelectAccount, {account_id}));
  if (r.rows() == 0) return NotFound(ErrorCode::kInvalidValue, NoAccount(account_id));
  return ReadAccount(r, 0);
}

Status PostgresStore::UpdateAccount(const Account& a) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kUpdateAccount, AccountParams(a)));
  if (r.Affected() == 0) return NotFound(ErrorCode::kInvalidValue, NoAccount(a.account_id));
  return Status::Ok();
}

StatusOr<std::vector<Account>> PostgresStore::ListAccounts() {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kSelectAccounts));
  std::vector<Account> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(ReadAccount(r, i));
  return out;
}

Status PostgresStore::AddCredential(const Credential& cr) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  return c->Exec(sql::kInsertCredential, {cr.token, cr.secret, cr.account_id, Name(cr.scope), cr.created_at}).status();
}

StatusOr<Credential> PostgresStore::FindCredential(const std::string& token) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kSelectCredential, {token}));
  if (r.rows() == 0) return NotFound(ErrorCode::kTokenUnknown, "unknown token");
  return ReadCredential(r, 0);
}

StatusOr<std::vector<Credential>> PostgresStore::ListCredentials(int64_t account_id) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kSelectCredentials, {account_id}));
  std::vector<Credential> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(ReadCredential(r, i));
  return out;
}

Status PostgresStore::RevokeCredential(const std::string& token, int64_t now) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kRevokeCredential, {token, now}));
  if (r.Affected() == 0) return NotFound(ErrorCode::kTokenUnknown, "unknown token");
  return Status::Ok();
}

Status PostgresStore::GrantAccount(const std::string& token, int64_t account_id) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  return c->Exec(sql::kInsertGrant, {token, account_id}).status();
}

StatusOr<bool> PostgresStore::TokenAllowsAccount(const Credential& cr, int64_t account_id) {
  if (cr.account_id == account_id) return true;
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kSelectGrant, {cr.token, account_id}));
  return r.rows() > 0;
}

// --- Nonces. ---

StatusOr<bool> PostgresStore::RecordNonce(const std::string& token, const std::string& nonce, int64_t now) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kInsertNonce, {token, nonce, now}));
  return r.Affected() == 1;
}

Status PostgresStore::PurgeNonces(int64_t cutoff) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  return c->Exec(sql::kPurgeNonces, {cutoff}).status();
}

// --- Leads. ---

StatusOr<ListPage> PostgresStore::ListLeads(const ListQuery& q) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  const bool by_create = q.time_type == TimeType::kCreate;
  // One snapshot for the count and the page.
  Transaction tx(*c);
  LEADS_RETURN_IF_ERROR(tx.Begin("ISOLATION LEVEL REPEATABLE READ READ ONLY"));
  ListPage page;
  LEADS_ASSIGN_OR_RETURN(page.total, CountRange(*c, q.account_id, by_create, q.start, q.end));
  std::optional<Result> rows;
  if (q.search_after) {
    int64_t cursor_time;
    {
      LEADS_ASSIGN_OR_RETURN(auto cur, c->Exec(sql::kSelectLeadDoc, {*q.search_after, q.account_id}));
      if (cur.rows() == 0)
        return NotFound(ErrorCode::kCursorNotFound, "search_after_leads_id: " + std::to_string(*q.search_after) +
                                                        " is not a lead of this account");
      cursor_time = cur.Int(0, 1);
    }
    LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(by_create ? sql::kAfterByCreate : sql::kAfterByAction,
                                           {q.account_id, q.start, q.end, q.page_size, cursor_time, *q.search_after}));
    rows.emplace(std::move(r));
  } else {
    if ((q.page - 1) * q.page_size >= page.total) return page;  // past the end
    LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(by_create ? sql::kPageByCreate : sql::kPageByAction,
                                           {q.account_id, q.start, q.end, q.page_size, (q.page - 1) * q.page_size}));
    rows.emplace(std::move(r));
  }
  size_t bytes = 0;
  for (int i = 0; i < rows->rows(); ++i) bytes += rows->Text(i, 0).size() + 1;
  page.docs.reserve(bytes);
  for (int i = 0; i < rows->rows(); ++i) {
    if (page.count++) page.docs.push_back(',');
    page.docs.append(rows->Text(i, 0));
  }
  LEADS_RETURN_IF_ERROR(tx.Commit());
  return page;
}

StatusOr<Lead> PostgresStore::GetLead(int64_t account_id, int64_t leads_id) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kSelectLeadDoc, {leads_id, account_id}));
  if (r.rows() == 0)
    return NotFound(ErrorCode::kLeadNotFound, "leads_id " + std::to_string(leads_id) + " is not a lead of this account");
  return ParseStoredLead(r.Text(0, 0));
}

bool PostgresStore::AllUnchanged(Connection& c, int64_t account_id, const std::vector<LeadReport>& reports) {
  std::string ids = "{";
  for (const LeadReport& r : reports) ids += (ids.size() > 1 ? "," : "") + std::to_string(r.leads_id);
  ids += "}";
  auto rows = c.Exec(sql::kSelectReportStates, {account_id, ids});
  if (!rows.ok()) return false;
  std::unordered_map<int64_t, int> row_of;
  for (int i = 0; i < rows->rows(); ++i) row_of[rows->Int(i, 0)] = i;
  for (const LeadReport& r : reports) {
    auto it = row_of.find(r.leads_id);
    if (it == row_of.end()) return false;
    if (!SameState(*rows, it->second, r)) return false;
  }
  return true;
}

StatusOr<int64_t> PostgresStore::LeadsGeneration(int64_t account_id) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kSelectLeadsGeneration, {account_id}));
  return r.rows() ? r.Int(0, 0) : int64_t{0};
}

Status PostgresStore::ApplyReports(int64_t account_id, const std::vector<LeadReport>& reports,
                                   const std::function<Status(const LeadReport&, Lead&)>& mutate, int64_t now) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  // CRMs re-send states they sent before (harmless, API.md §5.2). When every
  // item is such a repeat, one read is the whole work: no row locks, no
  // commit. Otherwise the transaction below decides, item by item.
  if (AllUnchanged(*c, account_id, reports)) return Status::Ok();
  Transaction tx(*c);
  LEADS_RETURN_IF_ERROR(tx.Begin());
  std::vector<Param> params;
  for (size_t i = 0; i < reports.size(); ++i) {
    const LeadReport& r = reports[i];
    Lead lead;
    {
      // FOR UPDATE: reports of one lead on two instances apply one after the other.
      LEADS_ASSIGN_OR_RETURN(auto row, c->Exec(sql::kSelectLeadForReport, {r.leads_id, account_id}));
      if (row.rows() == 0)
        return NotFound(ErrorCode::kLeadNotFound, "list[" + std::to_string(i) + "].leads_id: " +
                                                      std::to_string(r.leads_id) + " is not a lead of this account");
      // The same state again changes nothing (API.md §5.2): skip the rewrite.
      if (SameState(row, 0, r)) continue;
      LEADS_ASSIGN_OR_RETURN(lead, ParseStoredLead(row.Text(0, 0)));
    }
    LEADS_RETURN_IF_ERROR(mutate(r, lead));
    params = {r.leads_id, lead.RenderPull(), r.convert_type, r.ineffect_reason, r.intention_score,
              r.outer_convert_type, r.outer_ineffect_reason, now};
    AppendConsoleColumns(params, lead);
    LEADS_RETURN_IF_ERROR(c->Exec(sql::kUpdateLeadReport, params).status());
    boost::json::object detail{{"leads_convert_type", r.convert_type},
                               {"leads_ineffect_reason", r.ineffect_reason},
                               {"leads_intention_score", r.intention_score},
                               {"outerLeadsConvertType", r.outer_convert_type},
                               {"outerLeadsIneffectReason", r.outer_ineffect_reason}};
    LEADS_RETURN_IF_ERROR(
        c->Exec(sql::kInsertLeadEvent, {r.leads_id, now, "report", boost::json::serialize(detail)}).status());
  }
  return tx.Commit();
}

Status PostgresStore::InsertPersonalWechat(const PersonalWechatReport& r) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  LEADS_ASSIGN_OR_RETURN(auto res, c->Exec(sql::kInsertPersonalWechat, {r.uuid, r.account_id, r.doc, r.received_at}));
  if (res.Affected() == 0) return AlreadyExists(ErrorCode::kDuplicateUuid, "uuid: '" + r.uuid + "' was already reported");
  return Status::Ok();
}

StatusOr<std::vector<PersonalWechatReport>> PostgresStore::ListPersonalWechat(int64_t account_id) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kSelectPersonalWechat, {account_id}));
  std::vector<PersonalWechatReport> out;
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({std::string(r.Text(i, 0)), r.Int(i, 1), std::string(r.Text(i, 2)), r.Int(i, 3)});
  return out;
}

}  // namespace leads::postgres
