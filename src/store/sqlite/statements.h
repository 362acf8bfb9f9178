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

// Nonces, in their own database file (Connection::Open attaches it): SQLite
// drops a connection's whole page cache when another connection has
// committed to the same database, and a nonce is committed per request.
inline constexpr char kInsertNonce[] =
    "INSERT OR IGNORE INTO nonce_store.nonces(token, nonce, seen_at) VALUES(?1, ?2, ?3)";
inline constexpr char kPurgeNonces[] = "DELETE FROM nonce_store.nonces WHERE seen_at < ?1";

// Leads.
inline constexpr char kMaxLeadsId[] = "SELECT COALESCE(MAX(leads_id), 0) FROM leads";
inline constexpr char kInsertLead[] =
    "INSERT INTO leads(leads_id, account_id, create_time, action_time, doc, updated_at,"
    " leads_name, leads_tel, leads_type, leads_source, follow_tag, touch_tag, owner_name, campaign_id,"
    " adgroup_id, ad_id, tags)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)";
// Once per import, at its commit (inserts have no trigger, schema.cc 8).
inline constexpr char kBumpLeadsGeneration[] =
    "INSERT INTO lead_generations(account_id, gen) VALUES(?1, 1) ON CONFLICT(account_id) DO UPDATE SET gen = gen + 1";
inline constexpr char kSelectAccountPushUrl[] = "SELECT push_url FROM accounts WHERE account_id = ?1";
inline constexpr char kSelectLeadsGeneration[] = "SELECT gen FROM lead_generations WHERE account_id = ?1";
inline constexpr char kSelectLeadDoc[] =
    "SELECT doc, create_time FROM leads WHERE leads_id = ?1 AND account_id = ?2";
inline constexpr char kSelectLeadForReport[] =
    "SELECT doc, convert_type, ineffect_reason, intention_score, outer_convert_type, outer_ineffect_reason"
    " FROM leads WHERE leads_id = ?1 AND account_id = ?2";
// A report's read-first check: the stored state of every lead it names, in
// one statement (its own read snapshot). ?1 is a JSON array of leads_ids; a
// row per item that is a lead of account ?2, keyed by the item's index. CROSS
// JOIN keeps the array the outer loop (a primary-key seek per item).
inline constexpr char kSelectReportStates[] =
    "SELECT j.key, l.convert_type, l.ineffect_reason, l.intention_score, l.outer_convert_type,"
    " l.outer_ineffect_reason FROM json_each(?1) AS j CROSS JOIN leads AS l"
    " ON l.leads_id = j.value AND l.account_id = ?2";
inline constexpr char kUpdateLeadReport[] =
    "UPDATE leads SET doc=?2, convert_type=?3, ineffect_reason=?4, intention_score=?5,"
    " outer_convert_type=?6, outer_ineffect_reason=?7, updated_at=?8,"
    " leads_name=?9, leads_tel=?10, leads_type=?11, leads_source=?12, follow_tag=?13, touch_tag=?14,"
    " owner_name=?15, campaign_id=?16, adgroup_id=?17, ad_id=?18, tags=?19 WHERE leads_id = ?1";
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

// --- Lead intelligence (issue 6): the lead_keys index, page counters,
// reasons, per-account rules/model, spend. Batch lookups bind the keys as a
// JSON array (?2) walked by json_each, so a batch is one query. ---
inline constexpr char kInsertLeadKey[] =
    "INSERT OR IGNORE INTO lead_keys(account_id, key, create_time, leads_id) VALUES(?1,?2,?3,?4)";
inline constexpr char kFindLeadKeys[] =
    "SELECT k.key, k.create_time, k.leads_id FROM json_each(?2) AS j CROSS JOIN lead_keys AS k"
    " ON k.account_id = ?1 AND k.key = j.value AND k.create_time BETWEEN ?3 AND ?4";
inline constexpr char kAddIntelCounter[] =
    "INSERT INTO intel_counters(account_id, key, bucket, n) VALUES(?1,?2,?3,?4)"
    " ON CONFLICT(account_id, key, bucket) DO UPDATE SET n = n + excluded.n";
inline constexpr char kReadIntelCounters[] =
    "SELECT c.key, c.bucket, c.n FROM json_each(?2) AS j CROSS JOIN intel_counters AS c"
    " ON c.account_id = ?1 AND c.key = j.value AND c.bucket BETWEEN ?3 AND ?4";
inline constexpr char kPutLeadReasons[] =
    "INSERT INTO lead_reasons(leads_id, account_id, reasons) VALUES(?1,?2,?3)"
    " ON CONFLICT(leads_id) DO UPDATE SET reasons = excluded.reasons";
inline constexpr char kDeleteLeadReasons[] = "DELETE FROM lead_reasons WHERE leads_id = ?1 AND account_id = ?2";
inline constexpr char kSelectLeadReasons[] =
    "SELECT reasons FROM lead_reasons WHERE leads_id = ?1 AND account_id = ?2";
inline constexpr char kSelectIntelRules[] = "SELECT rules FROM intel_settings WHERE account_id = ?1";
inline constexpr char kSelectScoreModel[] = "SELECT model FROM intel_settings WHERE account_id = ?1";
inline constexpr char kPutIntelRules[] =
    "INSERT INTO intel_settings(account_id, rules, updated_at) VALUES(?1,?2,?3)"
    " ON CONFLICT(account_id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at";
inline constexpr char kPutScoreModel[] =
    "INSERT INTO intel_settings(account_id, model, updated_at) VALUES(?1,?2,?3)"
    " ON CONFLICT(account_id) DO UPDATE SET model = excluded.model, updated_at = excluded.updated_at";
inline constexpr char kLeadsForRetag[] =
    "SELECT leads_id, create_time, doc FROM leads INDEXED BY leads_by_create WHERE account_id = ?1"
    " AND create_time BETWEEN ?2 AND ?3 AND (create_time, leads_id) > (?4, ?5)"
    " ORDER BY create_time, leads_id LIMIT ?6";
inline constexpr char kScanLeadFacts[] =
    "SELECT leads_id, create_time, leads_type, leads_source, follow_tag, campaign_id, adgroup_id, ad_id, tags"
    " FROM leads WHERE account_id = ?1 AND create_time BETWEEN ?2 AND ?3";
inline constexpr char kPutSpend[] =
    "INSERT INTO spend(account_id, day, campaign_id, spend_fen, revenue_fen, updated_at) VALUES(?1,?2,?3,?4,?5,?6)"
    " ON CONFLICT(account_id, day, campaign_id) DO UPDATE SET spend_fen = excluded.spend_fen, revenue_fen = excluded.revenue_fen,"
    " updated_at = excluded.updated_at";
inline constexpr char kListSpend[] =
    "SELECT day, campaign_id, spend_fen, revenue_fen FROM spend WHERE account_id = ?1 AND day BETWEEN ?2 AND ?3"
    " ORDER BY day, campaign_id";
// --- end intel ---

// Migrations.
inline constexpr char kSelectVersions[] = "SELECT version FROM schema_migrations";
inline constexpr char kInsertVersion[] = "INSERT INTO schema_migrations(version, applied_at) VALUES(?1, ?2)";

// Console (issue 8): users, sessions, grants, sign-in failures, lead search,
// follow-up and dashboard aggregates. The console's lead columns (leads_name
// ... tags) are bound by BindConsoleColumns in the order of kConsoleColumns.
inline constexpr char kConsoleColumns[] =
    "leads_name, leads_tel, leads_type, leads_source, follow_tag, touch_tag, owner_name, campaign_id,"
    " adgroup_id, ad_id, tags";
inline constexpr char kInsertConsoleUser[] =
    "INSERT INTO console_users(username, display_name, role, agency_id, password_hash, created_at,"
    " password_changed_at) VALUES(?1,?2,?3,?4,?5,?6,?7)";
inline constexpr char kSelectConsoleUserByName[] =
    "SELECT user_id, username, display_name, role, agency_id, password_hash, created_at, password_changed_at"
    " FROM console_users WHERE username = ?1";
inline constexpr char kSelectConsoleUserById[] =
    "SELECT user_id, username, display_name, role, agency_id, password_hash, created_at, password_changed_at"
    " FROM console_users WHERE user_id = ?1";
inline constexpr char kSelectConsoleUsers[] =
    "SELECT user_id, username, display_name, role, agency_id, password_hash, created_at, password_changed_at"
    " FROM console_users ORDER BY user_id";
inline constexpr char kUpdateConsolePassword[] =
    "UPDATE console_users SET password_hash = ?2, password_changed_at = ?3 WHERE user_id = ?1";
inline constexpr char kDeleteConsoleUserSessions[] = "DELETE FROM console_sessions WHERE user_id = ?1";
inline constexpr char kInsertConsoleGrant[] =
    "INSERT OR IGNORE INTO console_grants(user_id, account_id) VALUES(?1, ?2)";
inline constexpr char kDeleteConsoleGrant[] = "DELETE FROM console_grants WHERE user_id = ?1 AND account_id = ?2";
inline constexpr char kSelectConsoleGrants[] =
    "SELECT account_id FROM console_grants WHERE user_id = ?1 ORDER BY account_id";
inline constexpr char kSelectAccountsOfAgency[] =
    "SELECT account_id FROM accounts WHERE agency_id = ?1 AND agency_id != '' ORDER BY account_id";
inline constexpr char kInsertConsoleSession[] =
    "INSERT INTO console_sessions(id_hash, user_id, created_at, last_seen_at, expires_at, remote, user_agent)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7)";
inline constexpr char kSelectConsoleSession[] =
    "SELECT id_hash, user_id, created_at, last_seen_at, expires_at, remote, user_agent FROM console_sessions"
    " WHERE id_hash = ?1";
inline constexpr char kTouchConsoleSession[] = "UPDATE console_sessions SET last_seen_at = ?2 WHERE id_hash = ?1";
inline constexpr char kDeleteConsoleSession[] = "DELETE FROM console_sessions WHERE id_hash = ?1";
inline constexpr char kPurgeConsoleSessions[] =
    "DELETE FROM console_sessions WHERE expires_at < ?1 OR last_seen_at < ?2";
inline constexpr char kInsertSignInFailure[] = "INSERT INTO console_signin_failures(key, at) VALUES(?1, ?2)";
inline constexpr char kCountSignInFailures[] =
    "SELECT COUNT(*) FROM console_signin_failures WHERE key = ?1 AND at >= ?2";
inline constexpr char kDeleteSignInFailures[] = "DELETE FROM console_signin_failures WHERE key = ?1";
inline constexpr char kPurgeSignInFailures[] = "DELETE FROM console_signin_failures WHERE at < ?1";
inline constexpr char kSelectLeadEvents[] =
    "SELECT e.id, e.at, e.kind, e.detail FROM lead_events e JOIN leads l ON l.leads_id = e.leads_id"
    " WHERE e.leads_id = ?1 AND l.account_id = ?2 ORDER BY e.id";
inline constexpr char kUpdateLeadConsole[] =
    "UPDATE leads SET doc=?2, updated_at=?3, leads_name=?4, leads_tel=?5, leads_type=?6, leads_source=?7,"
    " follow_tag=?8, touch_tag=?9, owner_name=?10, campaign_id=?11, adgroup_id=?12, ad_id=?13, tags=?14"
    " WHERE leads_id = ?1";
// Lead search, assembled from these parts by sqlite_console.cc: the
// selection, then " AND " conditions (each with its own numbered
// parameters), then the order and the limit.
inline constexpr char kSearchSelect[] =
    "SELECT doc, create_time, action_time, leads_id FROM leads WHERE account_id = ?1";
inline constexpr char kSearchCountPrefix[] = "SELECT COUNT(*) FROM (SELECT 1 FROM leads WHERE account_id = ?1";
inline constexpr char kSearchCountSuffix[] = " LIMIT ?2)";
inline constexpr char kSearchQueryById[] = "leads_id = ?";
inline constexpr char kSearchQueryByName[] = "(leads_name >= ? AND leads_name < ?)";
inline constexpr char kSearchQueryByTel[] = "(leads_tel >= ? AND leads_tel < ?)";
inline constexpr char kSearchTag[] = "tags LIKE ? ESCAPE '\\'";
// Distinct values: the next value above ?2 (a skip scan over the column's index).
inline constexpr char kNextFollowTag[] =
    "SELECT follow_tag FROM leads WHERE account_id = ?1 AND follow_tag > ?2 ORDER BY follow_tag LIMIT 1";
inline constexpr char kNextTouchTag[] =
    "SELECT touch_tag FROM leads WHERE account_id = ?1 AND touch_tag > ?2 ORDER BY touch_tag LIMIT 1";
inline constexpr char kNextOwner[] =
    "SELECT owner_name FROM leads WHERE account_id = ?1 AND owner_name > ?2 ORDER BY owner_name LIMIT 1";
inline constexpr char kNextCampaign[] =
    "SELECT campaign_id, json_extract(doc, '$.campaign_name') FROM leads WHERE account_id = ?1 AND campaign_id > ?2"
    " ORDER BY campaign_id LIMIT 1";
inline constexpr char kNextAdgroup[] =
    "SELECT adgroup_id, json_extract(doc, '$.adgroup_name') FROM leads WHERE account_id = ?1 AND adgroup_id > ?2"
    " ORDER BY adgroup_id LIMIT 1";
inline constexpr char kNextAd[] =
    "SELECT ad_id, json_extract(doc, '$.ad_name') FROM leads WHERE account_id = ?1 AND ad_id > ?2"
    " ORDER BY ad_id LIMIT 1";
// Dashboard: one pass over the covering index; ?1 account, ?2..?3 create_time range.
inline constexpr char kDashboardScan[] =
    "SELECT create_time, leads_type, leads_source, follow_tag, campaign_id, adgroup_id, ad_id"
    " FROM leads INDEXED BY leads_c_cover WHERE account_id = ?1 AND create_time BETWEEN ?2 AND ?3";
inline constexpr char kCampaignName[] =
    "SELECT json_extract(doc, '$.campaign_name') FROM leads WHERE account_id = ?1 AND campaign_id = ?2 LIMIT 1";
inline constexpr char kAdgroupName[] =
    "SELECT json_extract(doc, '$.adgroup_name') FROM leads WHERE account_id = ?1 AND adgroup_id = ?2 LIMIT 1";
inline constexpr char kAdName[] =
    "SELECT json_extract(doc, '$.ad_name') FROM leads WHERE account_id = ?1 AND ad_id = ?2 LIMIT 1";
// End of Console.
// Push (the outbox worker, the attempt log, manual redelivery). The lease
// takes the oldest due rows, at most ?6 of one account, skipping the
// accounts of the JSON array ?4 (saturated endpoints).
inline constexpr char kLeaseDue[] =
    "UPDATE outbox SET lease_owner = ?1, lease_until = ?2 WHERE delivery_id IN ("
    " SELECT delivery_id FROM ("
    "  SELECT delivery_id, next_attempt_at,"
    "   ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY next_attempt_at, delivery_id) AS rn"
    "  FROM (SELECT delivery_id, account_id, next_attempt_at FROM outbox"
    "   WHERE state = 'pending' AND next_attempt_at <= ?3 AND (lease_until IS NULL OR lease_until <= ?3)"
    "    AND account_id NOT IN (SELECT value FROM json_each(?4))"
    "   ORDER BY next_attempt_at, delivery_id LIMIT ?5))"
    " WHERE rn <= ?6 ORDER BY next_attempt_at, delivery_id LIMIT ?7)"
    " RETURNING delivery_id, leads_id, account_id, attempts, retry_base, created_at";
inline constexpr char kSelectLeadDocById[] = "SELECT doc FROM leads WHERE leads_id = ?1";
inline constexpr char kRenewLeases[] =
    "UPDATE outbox SET lease_until = ?2 WHERE lease_owner = ?1 AND state = 'pending'";
inline constexpr char kCompleteDelivery[] =
    "UPDATE outbox SET state = ?3, attempts = ?4, next_attempt_at = ?5, last_error = ?6,"
    " delivered_at = CASE WHEN ?3 = 'delivered' THEN ?7 ELSE delivered_at END,"
    " lease_owner = NULL, lease_until = NULL"
    " WHERE delivery_id = ?1 AND lease_owner = ?2 AND state = 'pending'";
inline constexpr char kRescheduleLeased[] =
    "UPDATE outbox SET next_attempt_at = ?3, lease_owner = NULL, lease_until = NULL"
    " WHERE delivery_id = ?1 AND lease_owner = ?2";
inline constexpr char kReleaseLeases[] =
    "UPDATE outbox SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?1";
inline constexpr char kInsertPushAttempt[] =
    "INSERT INTO push_attempts(delivery_id, leads_id, account_id, attempt, at, url, http_status, body_code,"
    " latency_ms, error, response) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)";
inline constexpr char kSelectAttemptsByAccount[] =
    "SELECT * FROM (SELECT id, delivery_id, leads_id, account_id, attempt, at, url, http_status, body_code,"
    " latency_ms, error, response FROM push_attempts WHERE account_id = ?1 ORDER BY id DESC LIMIT ?2)"
    " ORDER BY id";
inline constexpr char kSelectAttemptsByLead[] =
    "SELECT * FROM (SELECT id, delivery_id, leads_id, account_id, attempt, at, url, http_status, body_code,"
    " latency_ms, error, response FROM push_attempts WHERE leads_id = ?3 AND account_id = ?1"
    " ORDER BY id DESC LIMIT ?2) ORDER BY id";
inline constexpr char kPurgeAttempts[] = "DELETE FROM push_attempts WHERE at < ?1";
inline constexpr char kRequeueLead[] =
    "UPDATE outbox SET state = 'pending', next_attempt_at = ?2, retry_base = attempts, last_error = '',"
    " lease_owner = NULL, lease_until = NULL WHERE leads_id = ?1";
inline constexpr char kSelectLeadPushTarget[] =
    "SELECT l.account_id, a.push_url FROM leads l JOIN accounts a ON a.account_id = l.account_id"
    " WHERE l.leads_id = ?1";
inline constexpr char kRequeueFailed[] =
    "UPDATE outbox SET state = 'pending', next_attempt_at = ?2, retry_base = attempts, last_error = '',"
    " lease_owner = NULL, lease_until = NULL WHERE account_id = ?1 AND state = 'failed'";
inline constexpr char kCountDue[] =
    "SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?1";
inline constexpr char kCountDeliveries[] =
    "SELECT state, COUNT(*), MIN(created_at) FROM outbox WHERE account_id = ?1 GROUP BY state";

}  // namespace leads::sqlite::sql
