// The console's part of the store: its users, their sessions and account
// grants, sign-in failures (for rate limiting), and the lead queries and
// updates the console makes (search, detail and history, follow-up,
// dashboard aggregates).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "model/enum_table.h"
#include "model/lead.h"

namespace leads {

// Who a console user is: an administrator sees every account, a member the
// accounts granted to it, an agency (服务商) the accounts granted to it and
// every account whose agency_id is its own.
#define LEADS_CONSOLE_ROLE_LIST(X) X(kAdministrator, "administrator") X(kMember, "member") X(kAgency, "agency")
LEADS_DEFINE_ENUM(ConsoleRole, LEADS_CONSOLE_ROLE_LIST);

struct ConsoleUser {
  int64_t user_id = 0;  // assigned by the store
  std::string username;
  std::string display_name;
  ConsoleRole role = ConsoleRole::kMember;
  std::string agency_id;      // agency users: the agency_id of the accounts they serve
  std::string password_hash;  // libsodium crypto_pwhash_str (argon2id)
  int64_t created_at = 0;
  int64_t password_changed_at = 0;
};

// A signed-in session. Only a hash of the session id is stored.
struct ConsoleSession {
  std::string id_hash;
  int64_t user_id = 0;
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
  int64_t expires_at = 0;  // absolute end
  std::string remote;
  std::string user_agent;
};

// The lead columns the console filters on (beside account and times).
#define LEADS_LEAD_COLUMN_LIST(X)                                                                  \
  X(kLeadsType, "leads_type") X(kLeadsSource, "leads_source") X(kFollowTag, "follow_tag")            \
  X(kTouchTag, "touch_tag") X(kOwnerName, "owner_name") X(kCampaignId, "campaign_id")                \
  X(kAdgroupId, "adgroup_id") X(kAdId, "ad_id")
LEADS_DEFINE_ENUM(LeadColumn, LEADS_LEAD_COLUMN_LIST);

#define LEADS_LEAD_SORT_LIST(X) \
  X(kCreateDesc, "create_desc") X(kCreateAsc, "create_asc") X(kActionDesc, "action_desc") X(kActionAsc, "action_asc")
LEADS_DEFINE_ENUM(LeadSort, LEADS_LEAD_SORT_LIST);

// Where a page starts: after the lead with these sort keys (keyset paging).
struct LeadCursor {
  int64_t time = 0;         // create_time or action_time (the sort's)
  int64_t create_time = 0;  // informational
  int64_t leads_id = 0;     // ties are ordered by leads_id
};

struct LeadSearch {
  int64_t account_id = 0;
  bool by_action_time = false;  // the time range applies to action_time
  std::optional<int64_t> start, end;  // inclusive epoch seconds
  // Equality filters: each column's value must be one of the listed ones.
  std::vector<std::pair<LeadColumn, std::vector<std::string>>> equals;
  std::string tag;    // one of the lead's leads_tags
  std::string query;  // a name prefix, a phone prefix, or a leads_id
  LeadSort sort = LeadSort::kCreateDesc;
  std::optional<LeadCursor> after;
  int64_t limit = 50;
};

struct LeadSearchPage {
  int64_t total = 0;         // leads matching (capped at total_cap)
  bool total_capped = false;  // more than `total` match
  std::vector<std::string> docs;  // pull documents
  std::optional<LeadCursor> next;  // the cursor of the next page, when there is one
};

struct LeadEvent {
  int64_t id = 0;
  int64_t at = 0;
  std::string kind;    // report, follow_tag, touch_tag, owner, follow_record, ...
  std::string detail;  // JSON object text
};

// A distinct column value with a display name (campaign, ad group and ad
// ids carry their names) and how often it occurs (0 when not counted).
struct ColumnValue {
  std::string value;
  std::string name;
};

struct DashboardQuery {
  int64_t account_id = 0;
  int64_t start = 0, end = 0;  // create_time, inclusive
  int utc_offset = 8 * 3600;
  size_t top = 20;  // rows per breakdown by campaign/ad group/ad
};

// Counts of one group: every lead, then the follow states reports (and the
// console) put them in (API.md §7.9).
struct FunnelCounts {
  int64_t total = 0, valid = 0, high_intention = 0, converted = 0, invalid = 0, following = 0;
};

struct DashboardData {
  // (day "yyyy-mm-dd", value, count)
  struct DayCount {
    std::string day, value;
    int64_t count = 0;
  };
  std::vector<DayCount> by_type, by_source;
  FunnelCounts funnel;
  std::vector<std::pair<std::string, int64_t>> invalid_by_tag;  // follow tag -> count
  struct Group {
    std::string id, name;
    FunnelCounts counts;
  };
  std::vector<Group> by_campaign, by_adgroup, by_ad;
};

class ConsoleStore {
 public:
  virtual ~ConsoleStore() = default;

  // --- Users. ---
  // AlreadyExists when the username is taken; returns the user_id.
  virtual StatusOr<int64_t> CreateConsoleUser(const ConsoleUser& u) = 0;
  // NotFound when absent (usernames compare case-insensitively).
  virtual StatusOr<ConsoleUser> FindConsoleUser(std::string_view username) = 0;
  virtual StatusOr<ConsoleUser> GetConsoleUser(int64_t user_id) = 0;
  virtual StatusOr<std::vector<ConsoleUser>> ListConsoleUsers() = 0;
  // Replaces the password hash and ends every session of the user.
  virtual Status SetConsolePassword(int64_t user_id, const std::string& hash, int64_t now) = 0;
  virtual Status GrantConsoleAccount(int64_t user_id, int64_t account_id) = 0;
  virtual Status RevokeConsoleAccount(int64_t user_id, int64_t account_id) = 0;
  // The accounts granted to the user (not those an agency reaches by agency_id).
  virtual StatusOr<std::vector<int64_t>> ConsoleGrants(int64_t user_id) = 0;
  // Accounts whose agency_id is `agency_id`.
  virtual StatusOr<std::vector<int64_t>> AccountsOfAgency(const std::string& agency_id) = 0;

  // --- Sessions. ---
  virtual Status CreateConsoleSession(const ConsoleSession& s) = 0;
  // nullopt when there is no such session.
  virtual StatusOr<std::optional<ConsoleSession>> FindConsoleSession(const std::string& id_hash) = 0;
  virtual Status TouchConsoleSession(const std::string& id_hash, int64_t now) = 0;
  virtual Status DeleteConsoleSession(const std::string& id_hash) = 0;
  // Forgets sessions that ended before `now` or were idle since `idle_cutoff`.
  virtual Status PurgeConsoleSessions(int64_t now, int64_t idle_cutoff) = 0;

  // --- Sign-in failures, by key ("user:NAME", "ip:ADDR"). ---
  virtual Status RecordSignInFailure(const std::string& key, int64_t now) = 0;
  virtual StatusOr<int64_t> CountSignInFailures(const std::string& key, int64_t since) = 0;
  virtual Status ClearSignInFailures(const std::string& key) = 0;
  virtual Status PurgeSignInFailures(int64_t cutoff) = 0;

  // --- Leads. ---
  // One page of the account's leads matching `q`; `total_cap` bounds the
  // counting work.
  virtual StatusOr<LeadSearchPage> SearchLeads(const LeadSearch& q, int64_t total_cap) = 0;
  // Calls `f` with each matching lead's document in order, at most `limit`
  // (the export). Returns how many.
  virtual StatusOr<int64_t> ForEachLead(const LeadSearch& q, int64_t limit,
                                        const std::function<void(std::string_view doc)>& f) = 0;
  // The lead's history, oldest first.
  virtual StatusOr<std::vector<LeadEvent>> ListLeadEvents(int64_t account_id, int64_t leads_id) = 0;
  // Changes one lead in a transaction: `mutate` changes it and returns the
  // history event's detail (JSON object text), or "" for no change. The
  // store re-renders the document, refreshes the indexed columns and adds
  // the event. NotFound (kLeadNotFound) when the lead is not the account's.
  virtual StatusOr<Lead> UpdateLead(int64_t account_id, int64_t leads_id, const std::string& kind,
                                    const std::function<StatusOr<std::string>(Lead&)>& mutate, int64_t now) = 0;
  // Distinct non-empty values of a column for the account, in value order,
  // at most `limit`.
  virtual StatusOr<std::vector<ColumnValue>> DistinctLeadValues(int64_t account_id, LeadColumn column,
                                                                size_t limit) = 0;
  virtual StatusOr<DashboardData> Dashboard(const DashboardQuery& q) = 0;
};

}  // namespace leads
