// The console's part of the PostgreSQL store (ConsoleStore), mirroring
// sqlite_console.cc: users, sessions, grants, sign-in failures, lead search
// (keyset paging over indexed columns), follow-up updates, history and
// dashboard aggregates.
#include <boost/json.hpp>
#include <cstdio>

#include "store/postgres/postgres_store.h"
#include "store/postgres/statements.h"

namespace leads::postgres {
namespace {

constexpr char kUniqueViolation[] = "23505";

ConsoleUser ReadUser(const Result& r, int i) {
  ConsoleUser u;
  u.user_id = r.Int(i, 0);
  u.username = r.Text(i, 1);
  u.display_name = r.Text(i, 2);
  u.role = Parse<ConsoleRole>(r.Text(i, 3)).value_or(ConsoleRole::kMember);
  u.agency_id = r.Text(i, 4);
  u.password_hash = r.Text(i, 5);
  u.created_at = r.Int(i, 6);
  u.password_changed_at = r.Int(i, 7);
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

// The upper bound of a prefix range: every string starting with `p` is
// below it (U+10FFFF is the largest code point; the columns are COLLATE "C").
std::string PrefixEnd(const std::string& p) { return p + "\xF4\x8F\xBF\xBF"; }

std::string EscapeLike(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// The WHERE conditions and parameters of a search, after "account_id = $1".
struct Where {
  std::string sql;
  std::vector<Param> params;  // $3, $4, … ($1 account, $2 limit)

  std::string Next(Param value) {
    params.push_back(std::move(value));
    return "$" + std::to_string(2 + params.size());
  }
  void And(const std::string& cond) { sql += " AND " + cond; }
};

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Filters (everything but the cursor).
Where Filters(const LeadSearch& q) {
  Where w;
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
  if (!q.tag.empty()) w.And("tags LIKE " + w.Next("%;" + EscapeLike(q.tag) + ";%") + " ESCAPE '\\'");
  if (!q.query.empty()) {
    std::string cond = "(";
    if (AllDigits(q.query) && q.query.size() <= 15)
      cond += "leads_id = " + w.Next(static_cast<int64_t>(std::stoll(q.query))) + "::bigint OR ";
    cond += "(leads_tel >= " + w.Next(q.query) + " AND leads_tel < " + w.Next(PrefixEnd(q.query)) + ")";
    cond += " OR (leads_name >= " + w.Next(q.query) + " AND leads_name < " + w.Next(PrefixEnd(q.query)) + "))";
    w.And(cond);
  }
  return w;
}

bool IsAction(LeadSort s) { return s == LeadSort::kActionAsc || s == LeadSort::kActionDesc; }
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
  w.And(std::string(col) + op + "(" + w.Next(c.time) + "::bigint, " + w.Next(c.leads_id) + "::bigint)");
}

std::vector<Param> WithHead(int64_t account_id, int64_t limit, const Where& w) {
  std::vector<Param> p{account_id, limit};
  p.insert(p.end(), w.params.begin(), w.params.end());
  return p;
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

void ReadFunnel(const Result& r, int row, int first, FunnelCounts& f) {
  f.total = r.Int(row, first);
  f.valid = r.Int(row, first + 1);
  f.high_intention = r.Int(row, first + 2);
  f.converted = r.Int(row, first + 3);
  f.invalid = r.Int(row, first + 4);
  f.following = r.Int(row, first + 5);
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

std::string NoUser(int64_t user_id) { return "user " + std::to_string(user_id) + " does not exist"; }

}  // namespace

void AppendConsoleColumns(std::vector<Param>& p, const Lead& l) {
  for (Field f : {Field::kLeadsName, Field::kLeadsTel, Field::kLeadsType, Field::kLeadsSource, Field::kLeadsFollowTag,
                  Field::kLeadsTouchTag, Field::kOwnerName, Field::kCampaignId, Field::kAdgroupId, Field::kAdId})
    p.emplace_back(l.Get(f));
  p.emplace_back(NormaliseTags(l.Get(Field::kLeadsTags)));
}

// --- Users. ---

StatusOr<int64_t> PostgresStore::CreateConsoleUser(const ConsoleUser& u) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  auto r = c->Exec(sql::kInsertConsoleUser, {u.username, u.display_name, Name(u.role), u.agency_id, u.password_hash,
                                             u.created_at, u.password_changed_at});
  if (!r.ok() && c->last_state() == kUniqueViolation)
    return AlreadyExists(ErrorCode::kInvalidValue, "username: '" + u.username + "' already exists");
  LEADS_RETURN_IF_ERROR(r.status());
  return r->Int(0, 0);
}

StatusOr<ConsoleUser> PostgresStore::FindConsoleUser(std::string_view username) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kSelectConsoleUserByName, {username}));
  if (r.rows() == 0)
    return NotFound(ErrorCode::kInvalidValue, "username: no user '" + std::string(username.substr(0, 64)) + "'");
  return ReadUser(r, 0);
}

StatusOr<ConsoleUser> PostgresStore::GetConsoleUser(int64_t user_id) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kSelectConsoleUserById, {user_id}));
  if (r.rows() == 0) return NotFound(ErrorCode::kInvalidValue, NoUser(user_id));
  return ReadUser(r, 0);
}

StatusOr<std::vector<ConsoleUser>> PostgresStore::ListConsoleUsers() {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kSelectConsoleUsers));
  std::vector<ConsoleUser> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(ReadUser(r, i));
  return out;
}

Status PostgresStore::SetConsolePassword(int64_t user_id, const std::string& hash, int64_t now) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  Transaction tx(*c);
  LEADS_RETURN_IF_ERROR(tx.Begin());
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kUpdateConsolePassword, {user_id, hash, now}));
  if (r.Affected() == 0) return NotFound(ErrorCode::kInvalidValue, NoUser(user_id));
  LEADS_RETURN_IF_ERROR(c->Exec(sql::kDeleteConsoleUserSessions, {user_id}).status());
  return tx.Commit();
}

Status PostgresStore::GrantConsoleAccount(int64_t user_id, int64_t account_id) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  return c->Exec(sql::kInsertConsoleGrant, {user_id, account_id}).status();
}

Status PostgresStore::RevokeConsoleAccount(int64_t user_id, int64_t account_id) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  return c->Exec(sql::kDeleteConsoleGrant, {user_id, account_id}).status();
}

StatusOr<std::vector<int64_t>> PostgresStore::ConsoleGrants(int64_t user_id) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kSelectConsoleGrants, {user_id}));
  std::vector<int64_t> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.Int(i, 0));
  return out;
}

StatusOr<std::vector<int64_t>> PostgresStore::AccountsOfAgency(const std::string& agency_id) {
  std::vector<int64_t> out;
  if (agency_id.empty()) return out;
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kSelectAccountsOfAgency, {agency_id}));
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.Int(i, 0));
  return out;
}

// --- Sessions. ---

Status PostgresStore::CreateConsoleSession(const ConsoleSession& s) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  return c->Exec(sql::kInsertConsoleSession,
                 {s.id_hash, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.remote, s.user_agent})
      .status();
}

StatusOr<std::optional<ConsoleSession>> PostgresStore::FindConsoleSession(const std::string& id_hash) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kSelectConsoleSession, {id_hash}));
  if (r.rows() == 0) return std::optional<ConsoleSession>();
  ConsoleSession s;
  s.id_hash = r.Text(0, 0);
  s.user_id = r.Int(0, 1);
  s.created_at = r.Int(0, 2);
  s.last_seen_at = r.Int(0, 3);
  s.expires_at = r.Int(0, 4);
  s.remote = r.Text(0, 5);
  s.user_agent = r.Text(0, 6);
  return std::optional<ConsoleSession>(std::move(s));
}

Status PostgresStore::TouchConsoleSession(const std::string& id_hash, int64_t now) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  return c->Exec(sql::kTouchConsoleSession, {id_hash, now}).status();
}

Status PostgresStore::DeleteConsoleSession(const std::string& id_hash) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  return c->Exec(sql::kDeleteConsoleSession, {id_hash}).status();
}

Status PostgresStore::PurgeConsoleSessions(int64_t now, int64_t idle_cutoff) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  return c->Exec(sql::kPurgeConsoleSessions, {now, idle_cutoff}).status();
}

// --- Sign-in failures. ---

Status PostgresStore::RecordSignInFailure(const std::string& key, int64_t now) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  return c->Exec(sql::kInsertSignInFailure, {key, now}).status();
}

StatusOr<int64_t> PostgresStore::CountSignInFailures(const std::string& key, int64_t since) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kCountSignInFailures, {key, since}));
  return r.Int(0, 0);
}

Status PostgresStore::ClearSignInFailures(const std::string& key) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  return c->Exec(sql::kDeleteSignInFailures, {key}).status();
}

Status PostgresStore::PurgeSignInFailures(int64_t cutoff) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  return c->Exec(sql::kPurgeSignInFailures, {cutoff}).status();
}

// --- Leads. ---

StatusOr<LeadSearchPage> PostgresStore::SearchLeads(const LeadSearch& q, int64_t total_cap) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  // One snapshot: the count and the page agree.
  Transaction tx(*c);
  LEADS_RETURN_IF_ERROR(tx.Begin("ISOLATION LEVEL REPEATABLE READ READ ONLY"));
  LeadSearchPage page;
  {
    Where w = Filters(q);
    LEADS_ASSIGN_OR_RETURN(auto r, c->ExecDynamic(std::string(sql::kSearchCountPrefix) + w.sql + sql::kSearchCountSuffix,
                                                  WithHead(q.account_id, total_cap + 1, w)));
    page.total = r.Int(0, 0);
    if (page.total > total_cap) {
      page.total = total_cap;
      page.total_capped = true;
    }
  }
  Where w = Filters(q);
  if (q.after) AfterCursor(w, q.sort, *q.after);
  LEADS_ASSIGN_OR_RETURN(auto r, c->ExecDynamic(std::string(sql::kSearchSelect) + w.sql + OrderBy(q.sort) + " LIMIT $2",
                                                WithHead(q.account_id, q.limit + 1, w)));
  LeadCursor last;
  for (int i = 0; i < r.rows(); ++i) {
    if (static_cast<int64_t>(page.docs.size()) == q.limit) {
      page.next = last;
      break;
    }
    page.docs.emplace_back(r.Text(i, 0));
    last.create_time = r.Int(i, 1);
    last.time = IsAction(q.sort) ? r.Int(i, 2) : last.create_time;
    last.leads_id = r.Int(i, 3);
  }
  LEADS_RETURN_IF_ERROR(tx.Commit());
  return page;
}

StatusOr<int64_t> PostgresStore::ForEachLead(const LeadSearch& q, int64_t limit,
                                             const std::function<void(std::string_view doc)>& f) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  Where w = Filters(q);
  if (q.after) AfterCursor(w, q.sort, *q.after);
  LEADS_ASSIGN_OR_RETURN(auto r, c->ExecDynamic(std::string(sql::kSearchSelect) + w.sql + OrderBy(q.sort) + " LIMIT $2",
                                                WithHead(q.account_id, limit, w)));
  for (int i = 0; i < r.rows(); ++i) f(r.Text(i, 0));
  return static_cast<int64_t>(r.rows());
}

StatusOr<std::vector<LeadEvent>> PostgresStore::ListLeadEvents(int64_t account_id, int64_t leads_id) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kSelectLeadEvents, {leads_id, account_id}));
  std::vector<LeadEvent> out;
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({r.Int(i, 0), r.Int(i, 1), std::string(r.Text(i, 2)), std::string(r.Text(i, 3))});
  return out;
}

StatusOr<Lead> PostgresStore::UpdateLead(int64_t account_id, int64_t leads_id, const std::string& kind,
                                         const std::function<StatusOr<std::string>(Lead&)>& mutate, int64_t now) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  Transaction tx(*c);
  LEADS_RETURN_IF_ERROR(tx.Begin());
  Lead lead;
  {
    LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kSelectLeadDocForUpdate, {leads_id, account_id}));
    if (r.rows() == 0)
      return NotFound(ErrorCode::kLeadNotFound, "leads_id: " + std::to_string(leads_id) + " is not a lead of this account");
    boost::system::error_code ec;
    auto v = boost::json::parse(r.Text(0, 0), ec);
    if (ec || !v.is_object()) return Internal(ErrorCode::kInternal, "stored lead document is corrupt");
    LEADS_ASSIGN_OR_RETURN(lead, LeadFromJson(v.get_object(), "stored lead: "));
  }
  LEADS_ASSIGN_OR_RETURN(std::string detail, mutate(lead));
  if (detail.empty()) return lead;  // nothing changed
  std::vector<Param> params{leads_id, lead.RenderPull(), now};
  AppendConsoleColumns(params, lead);
  LEADS_RETURN_IF_ERROR(c->Exec(sql::kUpdateLeadConsole, params).status());
  LEADS_RETURN_IF_ERROR(c->Exec(sql::kInsertLeadEvent, {leads_id, now, kind, detail}).status());
  LEADS_RETURN_IF_ERROR(tx.Commit());
  return lead;
}

StatusOr<std::vector<ColumnValue>> PostgresStore::DistinctLeadValues(int64_t account_id, LeadColumn column,
                                                                     size_t limit) {
  const char* stmt = NextValueStatement(column);
  if (!stmt)
    return InvalidArgument(ErrorCode::kInvalidValue,
                           "column: values of " + std::string(Name(column)) + " are not listed");
  const bool named = column == LeadColumn::kCampaignId || column == LeadColumn::kAdgroupId || column == LeadColumn::kAdId;
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  std::vector<ColumnValue> out;
  std::string last;
  while (out.size() < limit) {
    LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(stmt, {account_id, last}));
    if (r.rows() == 0) break;
    last = r.Text(0, 0);
    out.push_back({last, named ? std::string(r.Text(0, 1)) : std::string()});
  }
  return out;
}

StatusOr<DashboardData> PostgresStore::Dashboard(const DashboardQuery& q) {
  LEADS_ASSIGN_OR_RETURN(auto c, pool_->Get());
  Transaction tx(*c);
  LEADS_RETURN_IF_ERROR(tx.Begin("ISOLATION LEVEL REPEATABLE READ READ ONLY"));
  DashboardData d;
  for (auto [stmt, out] : {std::pair{sql::kDashboardByType, &d.by_type}, std::pair{sql::kDashboardBySource, &d.by_source}}) {
    LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(stmt, {q.account_id, q.start, q.end, int64_t{q.utc_offset}}));
    for (int i = 0; i < r.rows(); ++i) out->push_back({DayText(r.Int(i, 0)), std::string(r.Text(i, 1)), r.Int(i, 2)});
  }
  {
    LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(sql::kDashboardByFollowTag, {q.account_id, q.start, q.end}));
    for (int i = 0; i < r.rows(); ++i) {
      std::string tag(r.Text(i, 0));
      int64_t n = r.Int(i, 1);
      auto& f = d.funnel;
      f.total += n;
      auto t = Parse<FollowTag>(tag);
      if (t == FollowTag::kValid || t == FollowTag::kValidHighIntention || t == FollowTag::kValidConverted) f.valid += n;
      if (t == FollowTag::kValidHighIntention || t == FollowTag::kValidConverted) f.high_intention += n;
      if (t == FollowTag::kValidConverted) f.converted += n;
      if (t == FollowTag::kFollowing) f.following += n;
      if (tag.starts_with("LEADS_FOLLOW_TAG_INVALID_")) {
        f.invalid += n;
        d.invalid_by_tag.emplace_back(tag, n);
      }
    }
  }
  struct Breakdown {
    const char* stmt;
    const char* name_stmt;
    std::vector<DashboardData::Group>* out;
  };
  for (const auto& b : {Breakdown{sql::kDashboardByCampaign, sql::kCampaignName, &d.by_campaign},
                        Breakdown{sql::kDashboardByAdgroup, sql::kAdgroupName, &d.by_adgroup},
                        Breakdown{sql::kDashboardByAd, sql::kAdName, &d.by_ad}}) {
    {
      LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(b.stmt, {q.account_id, q.start, q.end, static_cast<int64_t>(q.top)}));
      for (int i = 0; i < r.rows(); ++i) {
        DashboardData::Group g;
        g.id = r.Text(i, 0);
        ReadFunnel(r, i, 1, g.counts);
        b.out->push_back(std::move(g));
      }
    }
    for (auto& g : *b.out) {
      if (g.id.empty()) continue;
      LEADS_ASSIGN_OR_RETURN(auto r, c->Exec(b.name_stmt, {q.account_id, g.id}));
      if (r.rows() > 0) g.name = r.Text(0, 0);
    }
  }
  LEADS_RETURN_IF_ERROR(tx.Commit());
  return d;
}

}  // namespace leads::postgres
