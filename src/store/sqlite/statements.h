// Every SQL statement of the SQLite backend, named once.
#pragma once

namespace leads::sqlite::sql {

// Accounts.
inline constexpr char kInsertAccount[] =
    "INSERT INTO accounts(account_id, account_type, wechat_appid, agency_id, agency_name, industry,"
    " status_system, push_url, push_algorithm, created_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)";
inline constexpr char kSelectAccount[] =
    "SELECT account_id, account_type, wechat_appid, agency_id, agency_name, industry, status_system,"
    " push_url, push_algorithm, created_at FROM accounts WHERE account_id = ?1";
inline constexpr char kSelectAccounts[] =
    "SELECT account_id, account_type, wechat_appid, agency_id, agency_name, industry, status_system,"
    " push_url, push_algorithm, created_at FROM accounts ORDER BY account_id";
inline constexpr char kUpdateAccount[] =
    "UPDATE accounts SET account_type=?2, wechat_appid=?3, agency_id=?4, agency_name=?5, industry=?6,"
    " status_system=?7, push_url=?8, push_algorithm=?9 WHERE account_id = ?1";

// Credentials.
inline constexpr char kInsertCredential[] =
    "INSERT INTO credentials(token, secret, account_id, scope, created_at) VALUES(?1,?2,?3,?4,?5)";
inline constexpr char kSelectCredential[] =
    "SELECT token, secret, account_id, scope, created_at, revoked_at FROM credentials WHERE token = ?1";
inline constexpr char kSelectCredentials[] =
    "SELECT token, secret, account_id, scope, created_at, revoked_at FROM credentials"
    " WHERE account_id = ?1 ORDER BY created_at DESC, token";
inline constexpr char kRevokeCredential[] =
    "UPDATE credentials SET revoked_at = COALESCE(revoked_at, ?2) WHERE token = ?1";
inline constexpr char kInsertGrant[] =
    "INSERT OR IGNORE INTO token_accounts(token, account_id) VALUES(?1, ?2)";
inline constexpr char kSelectGrant[] =
    "SELECT 1 FROM token_accounts WHERE token = ?1 AND account_id = ?2";

// Nonces.
inline constexpr char kInsertNonce[] =
    "INSERT OR IGNORE INTO nonces(token, nonce, seen_at) VALUES(?1, ?2, ?3)";
inline constexpr char kPurgeNonces[] = "DELETE FROM nonces WHERE seen_at < ?1";

// Leads.
inline constexpr char kMaxLeadsId[] = "SELECT COALESCE(MAX(leads_id), 0) FROM leads";
inline constexpr char kInsertLead[] =
    "INSERT INTO leads(leads_id, account_id, create_time, action_time, doc, updated_at)"
    " VALUES(?1,?2,?3,?4,?5,?6)";
inline constexpr char kSelectLeadDoc[] =
    "SELECT doc, create_time FROM leads WHERE leads_id = ?1 AND account_id = ?2";
inline constexpr char kSelectLeadForReport[] =
    "SELECT doc, convert_type, ineffect_reason, intention_score, outer_convert_type, outer_ineffect_reason"
    " FROM leads WHERE leads_id = ?1 AND account_id = ?2";
inline constexpr char kUpdateLeadReport[] =
    "UPDATE leads SET doc=?2, convert_type=?3, ineffect_reason=?4, intention_score=?5,"
    " outer_convert_type=?6, outer_ineffect_reason=?7, updated_at=?8 WHERE leads_id = ?1";
inline constexpr char kInsertLeadEvent[] =
    "INSERT INTO lead_events(leads_id, at, kind, detail) VALUES(?1,?2,?3,?4)";

// The list query, by time type. ?1 account, ?2..?3 range, ?4 limit,
// ?5 offset (page) or ?5,?6 the cursor's (create_time, leads_id). Both time
// types walk leads_by_create in the list's order (the action-time filter is
// covered by that index), so a page never sorts the range.
inline constexpr char kCountByCreate[] =
    "SELECT COUNT(*) FROM leads WHERE account_id=?1 AND create_time BETWEEN ?2 AND ?3";
inline constexpr char kCountByAction[] =
    "SELECT COUNT(*) FROM leads WHERE account_id=?1 AND action_time BETWEEN ?2 AND ?3";
inline constexpr char kPageByCreate[] =
    "SELECT doc FROM leads INDEXED BY leads_by_create WHERE account_id=?1 AND create_time BETWEEN ?2 AND ?3"
    " ORDER BY create_time DESC, leads_id DESC LIMIT ?4 OFFSET ?5";
inline constexpr char kPageByAction[] =
    "SELECT doc FROM leads INDEXED BY leads_by_create WHERE account_id=?1 AND action_time BETWEEN ?2 AND ?3"
    " ORDER BY create_time DESC, leads_id DESC LIMIT ?4 OFFSET ?5";
inline constexpr char kAfterByCreate[] =
    "SELECT doc FROM leads INDEXED BY leads_by_create WHERE account_id=?1 AND create_time BETWEEN ?2 AND ?3"
    " AND (create_time, leads_id) < (?5, ?6)"
    " ORDER BY create_time DESC, leads_id DESC LIMIT ?4";
inline constexpr char kAfterByAction[] =
    "SELECT doc FROM leads INDEXED BY leads_by_create WHERE account_id=?1 AND action_time BETWEEN ?2 AND ?3"
    " AND (create_time, leads_id) < (?5, ?6)"
    " ORDER BY create_time DESC, leads_id DESC LIMIT ?4";

// Lead counts per account, time kind (0 action, 1 create) and UTC+8 day,
// kept in the insert's transaction so total_number needs no range scan.
inline constexpr char kAddLeadCount[] =
    "INSERT INTO lead_counts(account_id, kind, day, n) VALUES(?1,?2,?3,?4)"
    " ON CONFLICT(account_id, kind, day) DO UPDATE SET n = n + excluded.n";
inline constexpr char kSumLeadCounts[] =
    "SELECT COALESCE(SUM(n), 0) FROM lead_counts WHERE account_id=?1 AND kind=?2 AND day BETWEEN ?3 AND ?4";

// Personal WeChat reports.
inline constexpr char kInsertPersonalWechat[] =
    "INSERT OR IGNORE INTO personal_wechat(uuid, account_id, doc, received_at) VALUES(?1,?2,?3,?4)";
inline constexpr char kSelectPersonalWechat[] =
    "SELECT uuid, account_id, doc, received_at FROM personal_wechat WHERE account_id = ?1"
    " ORDER BY received_at, uuid";

// Outbox (one row per push; written with the lead).
inline constexpr char kInsertOutbox[] =
    "INSERT INTO outbox(leads_id, account_id, next_attempt_at, created_at) VALUES(?1,?2,?3,?3)";

// Migrations.
inline constexpr char kSelectVersions[] = "SELECT version FROM schema_migrations";
inline constexpr char kInsertVersion[] = "INSERT INTO schema_migrations(version, applied_at) VALUES(?1, ?2)";

}  // namespace leads::sqlite::sql
