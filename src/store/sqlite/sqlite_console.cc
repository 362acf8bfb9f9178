// The console's part of the SQLite store (ConsoleStore): users, sessions,
// grants, sign-in failures, lead search (keyset paging over indexed
// columns), follow-up updates, history and dashboard aggregates.
#include <sqlite3.h>

#include <boost/json.hpp>
#include <algorithm>
#include <map>
#include <memory>
#include <unordered_map>
#include <variant>

#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/statements.h"

namespace leads::sqlite {
namespace {

ConsoleUser ReadUser(const Stmt& st) {
  ConsoleUser u;
  u.user_id = st.Int(0);
  u.username = st.Text(1);
  u.display_name = st.Text(2);
  u.role = Parse<ConsoleRole>(st.Text(3)).value_or(ConsoleRole::kMember);
  u.agency_id = st.Text(4);
  u.password_hash = st.Text(5);
  u.created_at = st.Int(6);
  u.password_changed_at = st.Int(7);
  return u;
}

// leads_tags ("a;b；c") as stored for exact-tag matching: ";a;b;c;".
std::string NormaliseTags(std::string_view tags) {
  std::string s;
  for (size_t i = 0; i < tags.size(); ++i) {
    if (tags.substr(i, 3) == "\xEF\xBC\x9B") {  // '；' (fullwidth semicolon)
      s.push_back(';');
      i += 2;
    } else if (tags[i] != ' ') {
      s.push_back(tags[i]);
    }
  }
  if (s.empty()) return s;
  std::string out = ";";
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(';', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out += s.substr(start, end - start) + ";";
    start = end + 1;
  }
  return out == ";" ? std::string() : out;
}

// A prepared statement of dynamic SQL (not cached), finalised at scope end.
class DynamicStmt {
 public:
  DynamicStmt(Connection& c, sqlite3_stmt* s) : owner_{s}, view_(&c, s) {}
  DynamicStmt(const DynamicStmt&) = delete;
  Stmt& operator*() { return view_; }
  Stmt* operator->() { return &view_; }

 private:
  struct Finalizer {
    sqlite3_stmt* s;
    ~Finalizer() { sqlite3_finalize(s); }
  } owner_;
  Stmt view_;  // destroyed (reset) before owner_ finalises
};

StatusOr<std::unique_ptr<DynamicStmt>> PrepareDynamic(Connection& c, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(c.raw(), sql.c_str(), static_cast<int>(sql.size()), &s, nullptr) != SQLITE_OK)
    return c.Error("prepare");
  return std::make_unique<DynamicStmt>(c, s);
}

// The upper bound of a prefix range: every string starting with `p` is
// below it (U+10FFFF is the largest code point; BINARY collation).
std::string PrefixEnd(const std::string& p) { return p + "\xF4\x8F\xBF\xBF"; }

std::string EscapeLike(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// The WHERE conditions and parameters of a search, after "account_id = ?1".
struct Where {
  std::string sql;
  std::vector<std::variant<int64_t, std::string>> params;  // from ?N where N = first
  int first = 2;

  std::string Next(auto value) {
    params.emplace_back(std::move(value));
    return "?" + std::to_string(first + static_cast<int>(params.size()) - 1);
  }
  void And(const std::string& cond) { sql += " AND " + cond; }
  void Bind(Stmt& st) const {
    for (size_t i = 0; i < params.size(); ++i) {
      int n = first + static_cast<int>(i);
      if (std::holds_alternative<int64_t>(params[i])) st.Bind(n, std::get<int64_t>(params[i]));
      else st.Bind(n, std::get<std::string>(params[i]));
    }
  }
};

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Filters (everything but the cursor), starting at parameter `first`.
Where Filters(const LeadSearch& q, int first) {
  Where w;
  w.first = first;
  const char* time_col = q.by_action_time ? "action_time" : "create_time";
  if (q.start) w.And(std::string(time_col) + " >= " + w.Next(*q.start));
  if (q.end) w.And(std::string(time_col) + " <= " + w.Next(*q.end));
  for (const auto& [col, values] : q.equals) {
    if (values.empty()) continue;
    std::string cond = std::string(Name(col));
    if (values.size() == 1) {
      cond += " = " + w.Next(values[0]);
    } else {
      cond += " IN (";
      for (size_t i = 0; i < values.size(); ++i) cond += (i ? "," : "") + w.Next(values[i]);
      cond += ")";
    }
    w.And(cond);
  }
  if (!q.tag.empty()) w.And(std::string("tags LIKE ") + w.Next("%;" + EscapeLike(q.tag) + ";%") + " ESCAPE '\\'");
  if (!q.query.empty()) {
    // One index lookup per kind of match (an OR of them can make SQLite scan).
    std::string cond = "leads_id IN (";
    if (AllDigits(q.query) && q.query.size() <= 15)
      cond += "SELECT " + w.Next(static_cast<int64_t>(std::stoll(q.query))) + " UNION ALL ";
    cond += "SELECT leads_id FROM leads INDEXED BY leads_c_tel WHERE account_id = ?1 AND leads_tel >= " +
            w.Next(q.query) + " AND leads_tel < " + w.Next(PrefixEnd(q.query));
    cond += " UNION ALL SELECT leads_id FROM leads INDEXED BY leads_c_name WHERE account_id = ?1 AND leads_name >= " +
            w.Next(q.query) + " AND leads_name < " + w.Next(PrefixEnd(q.query)) + ")";
    w.And(cond);
  }
  return w;
}

bool IsAction(LeadSort s) { return s == LeadSort::kActionAsc || s == LeadSort::kActionDesc; }

// The indexes a search walks. SQLite has no statistics here (no ANALYZE),
// so it is told. The count walks the index that holds every filtered
// column when it can (the covering index, or one column's own index);
// the page walks an index in its sort order, so it stops after one page.
// A text search walks the matches of its own lookups.
struct Plan {
  std::string count, page;
};

Plan PlanFor(const LeadSearch& q) {
  if (!q.query.empty()) return {};
  static constexpr std::pair<LeadColumn, const char*> kByColumn[] = {
      {LeadColumn::kCampaignId, "leads_c_campaign"}, {LeadColumn::kAdgroupId, "leads_c_adgroup"},
      {LeadColumn::kAdId, "leads_c_ad"},             {LeadColumn::kOwnerName, "leads_c_owner"},
      {LeadColumn::kTouchTag, "leads_c_touch"},      {LeadColumn::kFollowTag, "leads_c_follow"}};
  int filtered = q.tag.empty() ? 0 : 1;
  for (const auto& [c, values] : q.equals) filtered += values.empty() ? 0 : 1;
  const char* column_index = nullptr;
  bool one_value = false;
  for (const auto& [col, index] : kByColumn) {
    for (const auto& [c, values] : q.equals)
      if (c == col && !values.empty()) {
        column_index = index;
        one_value = values.size() == 1;
      }
    if (column_index) break;
  }
  const bool action_sort = IsAction(q.sort);
  const bool action_range = q.by_action_time && (q.start || q.end);
  auto hint = [](const char* index) { return std::string(" INDEXED BY ") + index; };
  Plan p;
  if (action_range) p.count = hint("leads_by_action");
  else if (column_index && filtered == 1) p.count = hint(column_index);
  else p.count = hint("leads_c_cover");
  if (action_sort) p.page = action_range || !(q.start || q.end) ? hint("leads_by_action") : "";
  else if (action_range) p.page = hint("leads_by_action");
  else if (column_index && one_value && std::string_view(column_index) != "leads_c_adgroup" &&
           std::string_view(column_index) != "leads_c_ad")
    p.page = hint(column_index);
  else p.page = hint("leads_c_cover");
  return p;
}

// "SELECT ... FROM leads" + index hint + " WHERE account_id = ?1" + conditions.
std::string Assemble(std::string_view select, const std::string& index, const std::string& conditions) {
  std::string s(select);
  size_t where = s.find(" WHERE ");
  return s.substr(0, where) + index + s.substr(where) + conditions;
}

bool IsDesc(LeadSort s) { return s == LeadSort::kCreateDesc || s == LeadSort::kActionDesc; }

std::string OrderBy(LeadSort s) {
  const char* dir = IsDesc(s) ? " DESC" : " ASC";
  if (IsAction(s)) return std::string(" ORDER BY action_time") + dir + ", leads_id" + dir;
  return std::string(" ORDER BY create_time") + dir + ", leads_id" + dir;
}

// The keyset condition: rows after the cursor in the sort order.
void AfterCursor(Where& w, LeadSort s, const LeadCursor& c) {
  const char* op = IsDesc(s) ? " < " : " > ";
  const char* col = IsAction(s) ? "(action_time, leads_id)" : "(create_time, leads_id)";
  w.And(std::string(col) + op + "(" + w.Next(c.time) + ", " + w.Next(c.leads_id) + ")");
}

const char* NextValueStatement(LeadColumn c) {
  switch (c) {
    case LeadColumn::kFollowTag: return sql::kNextFollowTag;
    case LeadColumn::kTouchTag: return sql::kNextTouchTag;
    case LeadColumn::kOwnerName: return sql::kNextOwner;
    case LeadColumn::kCampaignId: return sql::kNextCampaign;
    case LeadColumn::kAdgroupId: return sql::kNextAdgroup;
    case LeadColumn::kAdId: return sql::kNextAd;
    default: return nullptr;
  }
}

std::string DayText(int64_t day) {
  // Days since the epoch (in the zone) -> yyyy-mm-dd.
  int64_t z = day + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  char buf[16];
  snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(y), static_cast<int>(m), static_cast<int>(d));
  return buf;
}

}  // namespace

void BindConsoleColumns(Stmt& st, int first, const Lead& l) {
  st.Bind(first, l.Get(Field::kLeadsName))
      .Bind(first + 1, l.Get(Field::kLeadsTel))
      .Bind(first + 2, l.Get(Field::kLeadsType))
      .Bind(first + 3, l.Get(Field::kLeadsSource))
      .Bind(first + 4, l.Get(Field::kLeadsFollowTag))
      .Bind(first + 5, l.Get(Field::kLeadsTouchTag))
      .Bind(first + 6, l.Get(Field::kOwnerName))
      .Bind(first + 7, l.Get(Field::kCampaignId))
      .Bind(first + 8, l.Get(Field::kAdgroupId))
      .Bind(first + 9, l.Get(Field::kAdId))
      .Bind(first + 10, NormaliseTags(l.Get(Field::kLeadsTags)));
}

// --- Users. ---

StatusOr<int64_t> SqliteStore::CreateConsoleUser(const ConsoleUser& u) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kInsertConsoleUser));
  st.Bind(1, u.username).Bind(2, u.display_name).Bind(3, Name(u.role)).Bind(4, u.agency_id)
      .Bind(5, u.password_hash).Bind(6, u.created_at).Bind(7, u.password_changed_at);
  Status s = st.Run();
  if (!s.ok() && sqlite3_extended_errcode(c->raw()) == SQLITE_CONSTRAINT_UNIQUE)
    return AlreadyExists(ErrorCode::kInvalidValue, "username: '" + u.username + "' already exists");
  LEADS_RETURN_IF_ERROR(s);
  return static_cast<int64_t>(sqlite3_last_insert_rowid(c->raw()));
}

StatusOr<ConsoleUser> SqliteStore::FindConsoleUser(std::string_view username) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kSelectConsoleUserByName));
  st.Bind(1, username);
  LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return NotFound(ErrorCode::kInvalidValue, "username: no user '" + std::string(username.substr(0, 64)) + "'");
  return ReadUser(st);
}

StatusOr<ConsoleUser> SqliteStore::GetConsoleUser(int64_t user_id) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kSelectConsoleUserById));
  st.Bind(1, user_id);
  LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return NotFound(ErrorCode::kInvalidValue, "user " + std::to_string(user_id) + " does not exist");
  return ReadUser(st);
}

StatusOr<std::vector<ConsoleUser>> SqliteStore::ListConsoleUsers() {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kSelectConsoleUsers));
  std::vector<ConsoleUser> out;
  for (;;) {
    LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back(ReadUser(st));
  }
  return out;
}

Status SqliteStore::SetConsolePassword(int64_t user_id, const std::string& hash, int64_t now) {
  auto c = pool_->Get();
  Transaction tx(*c);
  LEADS_RETURN_IF_ERROR(tx.Begin());
  {
    LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kUpdateConsolePassword));
    LEADS_RETURN_IF_ERROR(st.Bind(1, user_id).Bind(2, hash).Bind(3, now).Run());
    if (c->Changes() == 0) return NotFound(ErrorCode::kInvalidValue, "user " + std::to_string(user_id) + " does not exist");
  }
  {
    LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kDeleteConsoleUserSessions));
    LEADS_RETURN_IF_ERROR(st.Bind(1, user_id).Run());
  }
  return tx.Commit();
}

Status SqliteStore::GrantConsoleAccount(int64_t user_id, int64_t account_id) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kInsertConsoleGrant));
  return st.Bind(1, user_id).Bind(2, account_id).Run();
}

Status SqliteStore::RevokeConsoleAccount(int64_t user_id, int64_t account_id) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kDeleteConsoleGrant));
  return st.Bind(1, user_id).Bind(2, account_id).Run();
}

StatusOr<std::vector<int64_t>> SqliteStore::ConsoleGrants(int64_t user_id) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kSelectConsoleGrants));
  st.Bind(1, user_id);
  std::vector<int64_t> out;
  for (;;) {
    LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back(st.Int(0));
  }
  return out;
}

StatusOr<std::vector<int64_t>> SqliteStore::AccountsOfAgency(const std::string& agency_id) {
  std::vector<int64_t> out;
  if (agency_id.empty()) return out;
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kSelectAccountsOfAgency));
  st.Bind(1, agency_id);
  for (;;) {
    LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back(st.Int(0));
  }
  return out;
}

// --- Sessions. ---

Status SqliteStore::CreateConsoleSession(const ConsoleSession& s) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kInsertConsoleSession));
  return st.Bind(1, s.id_hash).Bind(2, s.user_id).Bind(3, s.created_at).Bind(4, s.last_seen_at)
      .Bind(5, s.expires_at).Bind(6, s.remote).Bind(7, s.user_agent).Run();
}

StatusOr<std::optional<ConsoleSession>> SqliteStore::FindConsoleSession(const std::string& id_hash) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kSelectConsoleSession));
  st.Bind(1, id_hash);
  LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<ConsoleSession>();
  ConsoleSession s;
  s.id_hash = st.Text(0);
  s.user_id = st.Int(1);
  s.created_at = st.Int(2);
  s.last_seen_at = st.Int(3);
  s.expires_at = st.Int(4);
  s.remote = st.Text(5);
  s.user_agent = st.Text(6);
  return std::optional<ConsoleSession>(std::move(s));
}

Status SqliteStore::TouchConsoleSession(const std::string& id_hash, int64_t now) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kTouchConsoleSession));
  return st.Bind(1, id_hash).Bind(2, now).Run();
}

Status SqliteStore::DeleteConsoleSession(const std::string& id_hash) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kDeleteConsoleSession));
  return st.Bind(1, id_hash).Run();
}

Status SqliteStore::PurgeConsoleSessions(int64_t now, int64_t idle_cutoff) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kPurgeConsoleSessions));
  return st.Bind(1, now).Bind(2, idle_cutoff).Run();
}

// --- Sign-in failures. ---

Status SqliteStore::RecordSignInFailure(const std::string& key, int64_t now) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kInsertSignInFailure));
  return st.Bind(1, key).Bind(2, now).Run();
}

StatusOr<int64_t> SqliteStore::CountSignInFailures(const std::string& key, int64_t since) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kCountSignInFailures));
  st.Bind(1, key).Bind(2, since);
  LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
  (void)row;
  return st.Int(0);
}

Status SqliteStore::ClearSignInFailures(const std::string& key) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kDeleteSignInFailures));
  return st.Bind(1, key).Run();
}

Status SqliteStore::PurgeSignInFailures(int64_t cutoff) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kPurgeSignInFailures));
  return st.Bind(1, cutoff).Run();
}

// --- Leads. ---

StatusOr<LeadSearchPage> SqliteStore::SearchLeads(const LeadSearch& q, int64_t total_cap) {
  auto c = pool_->Get();
  // One read transaction: the count and the page see the same snapshot.
  LEADS_RETURN_IF_ERROR(c->Exec("BEGIN"));
  struct EndRead {
    Connection& c;
    ~EndRead() { (void)c.Exec("COMMIT"); }
  } end_read{*c};

  LeadSearchPage page;
  {
    Where w = Filters(q, 3);
    LEADS_ASSIGN_OR_RETURN(auto st, PrepareDynamic(*c, Assemble(sql::kSearchCountPrefix, PlanFor(q).count, w.sql) +
                                                           sql::kSearchCountSuffix));
    (*st)->Bind(1, q.account_id).Bind(2, total_cap + 1);
    w.Bind(**st);
    LEADS_ASSIGN_OR_RETURN(bool row, (*st)->Step());
    (void)row;
    page.total = (*st)->Int(0);
    if (page.total > total_cap) {
      page.total = total_cap;
      page.total_capped = true;
    }
  }
  Where w = Filters(q, 3);
  if (q.after) AfterCursor(w, q.sort, *q.after);
  LEADS_ASSIGN_OR_RETURN(auto st, PrepareDynamic(*c, Assemble(sql::kSearchSelect, PlanFor(q).page, w.sql) + OrderBy(q.sort) +
                                                         " LIMIT ?2"));
  (*st)->Bind(1, q.account_id).Bind(2, q.limit + 1);
  w.Bind(**st);
  LeadCursor last;
  for (;;) {
    LEADS_ASSIGN_OR_RETURN(bool row, (*st)->Step());
    if (!row) break;
    if (static_cast<int64_t>(page.docs.size()) == q.limit) {
      page.next = last;
      break;
    }
    page.docs.emplace_back((*st)->Text(0));
    last.create_time = (*st)->Int(1);
    last.time = IsAction(q.sort) ? (*st)->Int(2) : last.create_time;
    last.leads_id = (*st)->Int(3);
  }
  return page;
}

StatusOr<int64_t> SqliteStore::ForEachLead(const LeadSearch& q, int64_t limit,
                                           const std::function<void(std::string_view doc)>& f) {
  auto c = pool_->Get();
  Where w = Filters(q, 3);
  if (q.after) AfterCursor(w, q.sort, *q.after);
  LEADS_ASSIGN_OR_RETURN(auto st, PrepareDynamic(*c, Assemble(sql::kSearchSelect, PlanFor(q).page, w.sql) + OrderBy(q.sort) +
                                                         " LIMIT ?2"));
  (*st)->Bind(1, q.account_id).Bind(2, limit);
  w.Bind(**st);
  int64_t n = 0;
  for (;;) {
    LEADS_ASSIGN_OR_RETURN(bool row, (*st)->Step());
    if (!row) break;
    f((*st)->Text(0));
    ++n;
  }
  return n;
}

StatusOr<std::vector<LeadEvent>> SqliteStore::ListLeadEvents(int64_t account_id, int64_t leads_id) {
  auto c = pool_->Get();
  LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kSelectLeadEvents));
  st.Bind(1, leads_id).Bind(2, account_id);
  std::vector<LeadEvent> out;
  for (;;) {
    LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back({st.Int(0), st.Int(1), std::string(st.Text(2)), std::string(st.Text(3))});
  }
  return out;
}

StatusOr<Lead> SqliteStore::UpdateLead(int64_t account_id, int64_t leads_id, const std::string& kind,
                                       const std::function<StatusOr<std::string>(Lead&)>& mutate, int64_t now) {
  auto c = pool_->Get();
  Transaction tx(*c);
  LEADS_RETURN_IF_ERROR(tx.Begin());
  Lead lead;
  {
    LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kSelectLeadDoc));
    st.Bind(1, leads_id).Bind(2, account_id);
    LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row)
      return NotFound(ErrorCode::kLeadNotFound, "leads_id: " + std::to_string(leads_id) + " is not a lead of this account");
    boost::system::error_code ec;
    auto v = boost::json::parse(st.Text(0), ec);
    if (ec || !v.is_object()) return Internal(ErrorCode::kInternal, "stored lead document is corrupt");
    LEADS_ASSIGN_OR_RETURN(lead, LeadFromJson(v.get_object(), "stored lead: "));
  }
  LEADS_ASSIGN_OR_RETURN(std::string detail, mutate(lead));
  if (detail.empty()) return lead;  // nothing changed
  {
    LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kUpdateLeadConsole));
    st.Bind(1, leads_id).Bind(2, lead.RenderPull()).Bind(3, now);
    BindConsoleColumns(st, 4, lead);
    LEADS_RETURN_IF_ERROR(st.Run());
  }
  {
    LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kInsertLeadEvent));
    LEADS_RETURN_IF_ERROR(st.Bind(1, leads_id).Bind(2, now).Bind(3, kind).Bind(4, detail).Run());
  }
  LEADS_RETURN_IF_ERROR(tx.Commit());
  return lead;
}

StatusOr<std::vector<ColumnValue>> SqliteStore::DistinctLeadValues(int64_t account_id, LeadColumn column,
                                                                   size_t limit) {
  const char* sql = NextValueStatement(column);
  if (!sql) return InvalidArgument(ErrorCode::kInvalidValue, "column: values of " + std::string(Name(column)) + " are not listed");
  const bool named = column == LeadColumn::kCampaignId || column == LeadColumn::kAdgroupId || column == LeadColumn::kAdId;
  auto c = pool_->Get();
  std::vector<ColumnValue> out;
  std::string last;
  while (out.size() < limit) {
    LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql));
    st.Bind(1, account_id).Bind(2, last);
    LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    last = st.Text(0);
    out.push_back({last, named ? std::string(st.Text(1)) : std::string()});
  }
  return out;
}

StatusOr<DashboardData> SqliteStore::Dashboard(const DashboardQuery& q) {
  auto c = pool_->Get();
  LEADS_RETURN_IF_ERROR(c->Exec("BEGIN"));
  struct EndRead {
    Connection& c;
    ~EndRead() { (void)c.Exec("COMMIT"); }
  } end_read{*c};
  // One pass over the range (a covering index: no table reads), counted here.
  std::map<std::pair<int64_t, std::string>, int64_t> by_type, by_source;
  std::unordered_map<std::string, int64_t> by_tag;
  std::unordered_map<std::string, FunnelCounts> campaigns, adgroups, ads;
  {
    LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(sql::kDashboardScan));
    st.Bind(1, q.account_id).Bind(2, q.start).Bind(3, q.end);
    std::string tag;
    for (;;) {
      LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      const int64_t t = st.Int(0) + q.utc_offset;
      const int64_t day = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
      ++by_type[{day, std::string(st.Text(1))}];
      ++by_source[{day, std::string(st.Text(2))}];
      tag.assign(st.Text(3));
      ++by_tag[tag];
      auto t_parsed = Parse<FollowTag>(tag);
      const bool valid = t_parsed == FollowTag::kValid || t_parsed == FollowTag::kValidHighIntention ||
                         t_parsed == FollowTag::kValidConverted;
      const bool high = t_parsed == FollowTag::kValidHighIntention || t_parsed == FollowTag::kValidConverted;
      const bool converted = t_parsed == FollowTag::kValidConverted;
      const bool invalid = tag.starts_with("LEADS_FOLLOW_TAG_INVALID_");
      const bool following = t_parsed == FollowTag::kFollowing;
      for (auto [map, col] : {std::pair{&campaigns, 4}, std::pair{&adgroups, 5}, std::pair{&ads, 6}}) {
        FunnelCounts& f = (*map)[std::string(st.Text(col))];
        ++f.total;
        f.valid += valid;
        f.high_intention += high;
        f.converted += converted;
        f.invalid += invalid;
        f.following += following;
      }
    }
  }
  DashboardData d;
  for (const auto& [k, n] : by_type) d.by_type.push_back({DayText(k.first), k.second, n});
  for (const auto& [k, n] : by_source) d.by_source.push_back({DayText(k.first), k.second, n});
  for (const auto& [tag, n] : by_tag) {
    auto t = Parse<FollowTag>(tag);
    auto& f = d.funnel;
    f.total += n;
    if (t == FollowTag::kValid || t == FollowTag::kValidHighIntention || t == FollowTag::kValidConverted) f.valid += n;
    if (t == FollowTag::kValidHighIntention || t == FollowTag::kValidConverted) f.high_intention += n;
    if (t == FollowTag::kValidConverted) f.converted += n;
    if (t == FollowTag::kFollowing) f.following += n;
    if (tag.starts_with("LEADS_FOLLOW_TAG_INVALID_")) {
      f.invalid += n;
      d.invalid_by_tag.emplace_back(tag, n);
    }
  }
  std::sort(d.invalid_by_tag.begin(), d.invalid_by_tag.end());
  struct Breakdown {
    std::unordered_map<std::string, FunnelCounts>* in;
    const char* name_sql;
    std::vector<DashboardData::Group>* out;
  };
  for (const auto& b : {Breakdown{&campaigns, sql::kCampaignName, &d.by_campaign},
                        Breakdown{&adgroups, sql::kAdgroupName, &d.by_adgroup},
                        Breakdown{&ads, sql::kAdName, &d.by_ad}}) {
    for (const auto& [id, counts] : *b.in) b.out->push_back({id, "", counts});
    std::sort(b.out->begin(), b.out->end(), [](const auto& x, const auto& y) {
      return x.counts.total != y.counts.total ? x.counts.total > y.counts.total : x.id < y.id;
    });
    if (b.out->size() > q.top) b.out->resize(q.top);
    for (auto& g : *b.out) {
      if (g.id.empty()) continue;
      LEADS_ASSIGN_OR_RETURN(auto st, c->Prepare(b.name_sql));
      st.Bind(1, q.account_id).Bind(2, g.id);
      LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
      if (row) g.name = st.Text(0);
    }
  }
  return d;
}

}  // namespace leads::sqlite
