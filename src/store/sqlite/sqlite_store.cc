#include "store/sqlite/sqlite_store.h"

#include <boost/json.hpp>
#include <charconv>
#include <ctime>
#include <map>

#include "store/day_buckets.h"
#include "store/sqlite/schema.h"
#include "store/sqlite/statements.h"

namespace leads::sqlite {
namespace {

Account ReadAccount(const Stmt& st) {
  Account a;
  a.account_id = st.Int(0);
  a.account_type = Parse<AccountType>(st.Text(1)).value_or(AccountType::kGdt);
  a.wechat_appid = st.Text(2);
  a.agency_id = st.Text(3);
  a.agency_name = st.Text(4);
  a.industry = Parse<Industry>(st.Text(5)).value_or(Industry::kNone);
  a.status_system = Parse<StatusSystem>(st.Text(6)).value_or(StatusSystem::kStandard);
  a.push_url = st.Text(7);
  a.push_algorithm = Parse<SignatureAlgorithm>(st.Text(8)).value_or(SignatureAlgorithm::kSha1);
  a.created_at = st.Int(9);
  return a;
}

Credential ReadCredential(const Stmt& st) {
  Credential c;
  c.token = st.Text(0);
  c.secret = st.Text(1);
  c.account_id = st.Int(2);
  c.scope = Parse<Scope>(st.Text(3)).value_or(Scope::kForwarding);
  c.created_at = st.Int(4);
  if (!st.IsNull(5)) c.revoked_at = st.Int(5);
  return c;
}

void BindAccount(Stmt& st, const Account& a) {
  st.Bind(1, a.account_id)
      .Bind(2, Name(a.account_type))
      .Bind(3, a.wechat_appid)
      .Bind(4, a.agency_id)
      .Bind(5, a.agency_name)
      .Bind(6, Name(a.industry))
      .Bind(7, Name(a.status_system))
      .Bind(8, a.push_url)
      .Bind(9, Name(a.push_algorithm));
}

StatusOr<int64_t> IndexCount(Connection& c, int64_t account, bool by_create, int64_t start, int64_t end) {
  LEADS_ASSIGN_OR_RETURN(auto st, c.Prepare(by_create ? sql::kCountByCreate : sql::kCountByAction));
  st.Bind(1, account).Bind(2, start).Bind(3, end);
  LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
  (void)row;
  return st.Int(0);
}

// Leads of the account whose create (or action) time is in [start, end]
// (store/day_buckets.h).
StatusOr<int64_t> CountRange(Connection& c, int64_t account, bool by_create, int64_t start, int64_t end) {
  const DaySplit split = SplitIntoDays(start, end);
  int64_t total = 0;
  if (split.full_days) {
    LEADS_ASSIGN_OR_RETURN(auto st, c.Prepare(sql::kSumLeadCounts));
    st.Bind(1, account).Bind(2, int64_t{by_create ? 1 : 0}).Bind(3, split.full_days->first)
        .Bind(4, split.full_days->second);
    LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
    (void)row;
    total = st.Int(0);
  }
  for (const auto& [from, to] : split.partial) {
    LEADS_ASSIGN_OR_RETURN(int64_t n, IndexCount(c, account, by_create, from, to));
    total += n;
  }
  return total;
}

// Whether a kSelectLeadForReport or kSelectReportStates row (state in
// columns 1-5) already holds the report's state.
bool SameState(Stmt& st, const LeadReport& r) {
  return st.Text(1) == r.convert_type && st.Text(2) == r.ineffect_reason && st.Text(3) == r.intention_score &&
         st.Text(4) == r.outer_convert_type && st.Text(5) == r.outer_ineffect_reason;
}

}  // namespace

StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path, const StoreOptions& o,
                                                         size_t connections) {
  LEADS_ASSIGN_OR_RETURN(auto pool, Pool::Open(path, o.sync, connections));
  {
    auto c = pool->Get();
    LEADS_RETURN_IF_ERROR(Migrate(*c, static_cast<int64_t>(std::time(nullptr))).status());
  }
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(pool)));
}

Status SqliteStore::CreateAccount(const Account& a) {
  auto c = pool_->Writer();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kInsertAccount));
  BindAccount(st, a);
  st.Bind(10, a.created_at);
  Status s = st.Run();
  if (!s.ok() && (sqlite3_extended_errcode(c->raw()) == SQLITE_CONSTRAINT_PRIMARYKEY))
    return AlreadyExists(ErrorCode::kInvalidValue, "account_id " + std::to_string(a.account_id) + " already exists");
  return s;
}

StatusOr<Account> SqliteStore::GetAccount(int64_t account_id) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kSelectAccount));
  st.Bind(1, account_id);
  LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return NotFound(ErrorCode::kInvalidValue, "account_id " + std::to_string(account_id) + " does not exist");
  return ReadAccount(st);
}

Status SqliteStore::UpdateAccount(const Account& a) {
  auto c = pool_->Writer();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kUpdateAccount));
  BindAccount(st, a);
  LEADS_RETURN_IF_ERROR(st.Run());
  if (c->Changes() == 0)
    return NotFound(ErrorCode::kInvalidValue, "account_id " + std::to_string(a.account_id) + " does not exist");
  return Status::Ok();
}

StatusOr<std::vector<Account>> SqliteStore::ListAccounts() {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kSelectAccounts));
  std::vector<Account> out;
  for (;;) {
    LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back(ReadAccount(st));
  }
  return out;
}

Status SqliteStore::AddCredential(const Credential& cr) {
  auto c = pool_->Writer();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kInsertCredential));
  return st.Bind(1, cr.token).Bind(2, cr.secret).Bind(3, cr.account_id).Bind(4, Name(cr.scope))
      .Bind(5, cr.created_at).Run();
}

StatusOr<Credential> SqliteStore::FindCredential(const std::string& token) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kSelectCredential));
  st.Bind(1, token);
  LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return NotFound(ErrorCode::kTokenUnknown, "unknown token");
  return ReadCredential(st);
}

StatusOr<std::vector<Credential>> SqliteStore::ListCredentials(int64_t account_id) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kSelectCredentials));
  st.Bind(1, account_id);
  std::vector<Credential> out;
  for (;;) {
    LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back(ReadCredential(st));
  }
  return out;
}

Status SqliteStore::RevokeCredential(const std::string& token, int64_t now) {
  auto c = pool_->Writer();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kRevokeCredential));
  LEADS_RETURN_IF_ERROR(st.Bind(1, token).Bind(2, now).Run());
  if (c->Changes() == 0) return NotFound(ErrorCode::kTokenUnknown, "unknown token");
  return Status::Ok();
}

Status SqliteStore::GrantAccount(const std::string& token, int64_t account_id) {
  auto c = pool_->Writer();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kInsertGrant));
  return st.Bind(1, token).Bind(2, account_id).Run();
}

StatusOr<bool> SqliteStore::TokenAllowsAccount(const Credential& cr, int64_t account_id) {
  if (cr.account_id == account_id) return true;
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kSelectGrant));
  st.Bind(1, cr.token).Bind(2, account_id);
  return st.Step();
}

StatusOr<bool> SqliteStore::RecordNonce(const std::string& token, const std::string& nonce, int64_t now) {
  auto c = pool_->Writer();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kInsertNonce));
  LEADS_RETURN_IF_ERROR(st.Bind(1, token).Bind(2, nonce).Bind(3, now).Run());
  return c->Changes() == 1;
}

Status SqliteStore::PurgeNonces(int64_t cutoff) {
  auto c = pool_->Writer();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kPurgeNonces));
  return st.Bind(1, cutoff).Run();
}

StatusOr<ListPage> SqliteStore::ListLeads(const ListQuery& q) {
  auto c = pool_->Get();
  const bool by_create = q.time_type == TimeType::kCreate;
  // One read transaction, so the count and the page see the same snapshot.
  LEADS_RETURN_IF_ERROR(c->Exec("BEGIN"));
  struct EndRead {
    Connection& c;
    ~EndRead() { (void)c.Exec("COMMIT"); }
  } end_read{*c};

  ListPage page;
  LEADS_ASSIGN_OR_RETURN(page.total, CountRange(*c, q.account_id, by_create, q.start, q.end));
  std::optional<Stmt> st;
  if (q.search_after) {
    int64_t cursor_time;
    {
      LEADS_ASSIGN_OR_RETURN(auto cur, c->Prepare(sql::kSelectLeadDoc));
      cur.Bind(1, *q.search_after).Bind(2, q.account_id);
      LEADS_ASSIGN_OR_RETURN(bool row, cur.Step());
      if (!row)
        return NotFound(ErrorCode::kCursorNotFound, "search_after_leads_id: " + std::to_string(*q.search_after) +
                                                        " is not a lead of this account");
      cursor_time = cur.Int(1);
    }
    LEADS_ASSIGN_OR_RETURN(auto s, c->Prepare(by_create ? sql::kAfterByCreate : sql::kAfterByAction));
    s.Bind(1, q.account_id).Bind(2, q.start).Bind(3, q.end).Bind(4, q.page_size)
        .Bind(5, cursor_time).Bind(6, *q.search_after);
    st.emplace(std::move(s));
  } else {
    if ((q.page - 1) * q.page_size >= page.total) return page;  // past the end
    LEADS_ASSIGN_OR_RETURN(auto s, c->Prepare(by_create ? sql::kPageByCreate : sql::kPageByAction));
    s.Bind(1, q.account_id).Bind(2, q.start).Bind(3, q.end).Bind(4, q.page_size)
        .Bind(5, (q.page - 1) * q.page_size);
    st.emplace(std::move(s));
  }
  page.docs.reserve(static_cast<size_t>(q.page_size) * 2048);
  for (;;) {
    LEADS_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    if (page.count++) page.docs.push_back(',');
    page.docs.append(st->Text(0));
  }
  return page;
}

StatusOr<Lead> SqliteStore::GetLead(int64_t account_id, int64_t leads_id) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kSelectLeadDoc));
  st.Bind(1, leads_id).Bind(2, account_id);
  LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return NotFound(ErrorCode::kLeadNotFound, "leads_id " + std::to_string(leads_id) + " is not a lead of this account");
  return ParseStoredLead(st.Text(0));
}

bool SqliteStore::AllUnchanged(int64_t account_id, const std::vector<LeadReport>& reports) {
  // One statement for all items: no BEGIN/COMMIT, one reset, no documents.
  std::string ids;
  ids.reserve(reports.size() * 21 + 2);
  ids.push_back('[');
  for (const LeadReport& r : reports) {
    if (ids.size() > 1) ids.push_back(',');
    char buf[24];
    ids.append(buf, std::to_chars(buf, buf + sizeof buf, r.leads_id).ptr);
  }
  ids.push_back(']');
  auto c = pool_->Get();
  auto st = c->Prepare(sql::kSelectReportStates);
  if (!st.ok()) return false;
  st->Bind(1, ids).Bind(2, account_id);
  size_t rows = 0;
  for (;; ++rows) {
    auto row = st->Step();
    if (!row.ok()) return false;
    if (!*row) break;
    const int64_t i = st->Int(0);
    if (i < 0 || static_cast<size_t>(i) >= reports.size() || !SameState(*st, reports[static_cast<size_t>(i)]))
      return false;
  }
  return rows == reports.size();  // fewer: an item names no lead of the account
}

StatusOr<int64_t> SqliteStore::LeadsGeneration(int64_t account_id) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kSelectLeadsGeneration));
  st.Bind(1, account_id);
  LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.Int(0) : int64_t{0};
}

Status SqliteStore::ApplyReports(int64_t account_id, const std::vector<LeadReport>& reports,
                                 const std::function<Status(const LeadReport&, Lead&)>& mutate,
                                 int64_t now) {
  // CRMs re-send states they sent before (harmless, API.md §5.2). When every
  // item is such a repeat, a read on a reading connection is the whole work:
  // no write lock, no commit. Otherwise the transaction below decides.
  if (AllUnchanged(account_id, reports)) return Status::Ok();
  auto c = pool_->Writer();
  Transaction tx(*c);
  LEADS_RETURN_IF_ERROR(tx.Begin());
  for (size_t i = 0; i < reports.size(); ++i) {
    const LeadReport& r = reports[i];
    Lead lead;
    {
      LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kSelectLeadForReport));
      st.Bind(1, r.leads_id).Bind(2, account_id);
      LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row)
        return NotFound(ErrorCode::kLeadNotFound, "list[" + std::to_string(i) + "].leads_id: " +
                                                      std::to_string(r.leads_id) + " is not a lead of this account");
      // The same state again changes nothing (API.md §5.2): skip the rewrite.
      if (SameState(st, r)) continue;
      LEADS_ASSIGN_OR_RETURN(lead, ParseStoredLead(st.Text(0)));
    }
    LEADS_RETURN_IF_ERROR(mutate(r, lead));
    {
      LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kUpdateLeadReport));
      st.Bind(1, r.leads_id).Bind(2, lead.RenderPull()).Bind(3, r.convert_type).Bind(4, r.ineffect_reason)
          .Bind(5, r.intention_score).Bind(6, r.outer_convert_type).Bind(7, r.outer_ineffect_reason).Bind(8, now);
      BindConsoleColumns(st, 9, lead);
      LEADS_RETURN_IF_ERROR(st.Run());
    }
    {
      boost::json::object detail{{"leads_convert_type", r.convert_type},
                                 {"leads_ineffect_reason", r.ineffect_reason},
                                 {"leads_intention_score", r.intention_score},
                                 {"outerLeadsConvertType", r.outer_convert_type},
                                 {"outerLeadsIneffectReason", r.outer_ineffect_reason}};
      LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kInsertLeadEvent));
      LEADS_RETURN_IF_ERROR(st.Bind(1, r.leads_id).Bind(2, now).Bind(3, "report")
                                .Bind(4, boost::json::serialize(detail)).Run());
    }
  }
  return tx.Commit();
}

Status SqliteStore::InsertPersonalWechat(const PersonalWechatReport& r) {
  auto c = pool_->Writer();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kInsertPersonalWechat));
  LEADS_RETURN_IF_ERROR(st.Bind(1, r.uuid).Bind(2, r.account_id).Bind(3, r.doc).Bind(4, r.received_at).Run());
  if (c->Changes() == 0) return AlreadyExists(ErrorCode::kDuplicateUuid, "uuid: '" + r.uuid + "' was already reported");
  return Status::Ok();
}

StatusOr<std::vector<PersonalWechatReport>> SqliteStore::ListPersonalWechat(int64_t account_id) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kSelectPersonalWechat));
  st.Bind(1, account_id);
  std::vector<PersonalWechatReport> out;
  for (;;) {
    LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back({std::string(st.Text(0)), st.Int(1), std::string(st.Text(2)), st.Int(3)});
  }
  return out;
}

}  // namespace leads::sqlite
