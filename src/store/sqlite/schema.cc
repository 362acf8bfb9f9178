#include "store/sqlite/schema.h"

#include <algorithm>
#include <set>
#include <vector>

#include "store/sqlite/statements.h"

namespace leads::sqlite {
namespace {

struct Migration {
  int version;
  const char* sql;
};

constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE accounts(
  account_id INTEGER PRIMARY KEY,
  account_type TEXT NOT NULL,
  wechat_appid TEXT NOT NULL DEFAULT '',
  agency_id TEXT NOT NULL DEFAULT '',
  agency_name TEXT NOT NULL DEFAULT '',
  industry TEXT NOT NULL DEFAULT 'none',
  status_system TEXT NOT NULL DEFAULT '1',
  push_url TEXT NOT NULL DEFAULT '',
  push_algorithm TEXT NOT NULL DEFAULT 'SHA1',
  created_at INTEGER NOT NULL);
CREATE TABLE credentials(
  token TEXT PRIMARY KEY,
  secret TEXT NOT NULL,
  account_id INTEGER NOT NULL REFERENCES accounts(account_id),
  scope TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER);
CREATE INDEX credentials_by_account ON credentials(account_id);
CREATE TABLE token_accounts(
  token TEXT NOT NULL REFERENCES credentials(token),
  account_id INTEGER NOT NULL REFERENCES accounts(account_id),
  PRIMARY KEY(token, account_id)) WITHOUT ROWID;
CREATE TABLE nonces(
  token TEXT NOT NULL,
  nonce TEXT NOT NULL,
  seen_at INTEGER NOT NULL,
  PRIMARY KEY(token, nonce)) WITHOUT ROWID;
CREATE INDEX nonces_by_time ON nonces(seen_at);
CREATE TABLE leads(
  leads_id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(account_id),
  create_time INTEGER NOT NULL,
  action_time INTEGER NOT NULL,
  doc TEXT NOT NULL,
  convert_type TEXT NOT NULL DEFAULT '',
  ineffect_reason TEXT NOT NULL DEFAULT '',
  intention_score TEXT NOT NULL DEFAULT '',
  outer_convert_type TEXT NOT NULL DEFAULT '',
  outer_ineffect_reason TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL);
CREATE INDEX leads_by_create ON leads(account_id, create_time, leads_id);
CREATE INDEX leads_by_action ON leads(account_id, action_time, create_time, leads_id);
CREATE TABLE lead_events(
  id INTEGER PRIMARY KEY,
  leads_id INTEGER NOT NULL REFERENCES leads(leads_id),
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  detail TEXT NOT NULL);
CREATE INDEX lead_events_by_lead ON lead_events(leads_id, id);
CREATE TABLE personal_wechat(
  uuid TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(account_id),
  doc TEXT NOT NULL,
  received_at INTEGER NOT NULL);
CREATE INDEX personal_wechat_by_account ON personal_wechat(account_id, received_at);
CREATE TABLE outbox(
  delivery_id INTEGER PRIMARY KEY,
  leads_id INTEGER NOT NULL REFERENCES leads(leads_id),
  account_id INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until INTEGER,
  created_at INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT '');
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
CREATE INDEX outbox_by_lead ON outbox(leads_id);
)sql"},
    // Console (issue 8): users, sessions, grants, sign-in failures, and the
    // lead columns the console filters, sorts and aggregates on (filled by
    // InsertLeads, ApplyReports and the console's updates; backfilled here).
    {3, R"sql(
CREATE TABLE console_users(
  user_id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL,
  agency_id TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  password_changed_at INTEGER NOT NULL);
CREATE TABLE console_grants(
  user_id INTEGER NOT NULL REFERENCES console_users(user_id),
  account_id INTEGER NOT NULL REFERENCES accounts(account_id),
  PRIMARY KEY(user_id, account_id)) WITHOUT ROWID;
CREATE TABLE console_sessions(
  id_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES console_users(user_id),
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  remote TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT '') WITHOUT ROWID;
CREATE INDEX console_sessions_by_user ON console_sessions(user_id);
CREATE TABLE console_signin_failures(
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  at INTEGER NOT NULL);
CREATE INDEX console_signin_failures_by_key ON console_signin_failures(key, at);
CREATE INDEX console_signin_failures_by_time ON console_signin_failures(at);
ALTER TABLE leads ADD COLUMN leads_name TEXT NOT NULL DEFAULT '';
ALTER TABLE leads ADD COLUMN leads_tel TEXT NOT NULL DEFAULT '';
ALTER TABLE leads ADD COLUMN leads_type TEXT NOT NULL DEFAULT '';
ALTER TABLE leads ADD COLUMN leads_source TEXT NOT NULL DEFAULT '';
ALTER TABLE leads ADD COLUMN follow_tag TEXT NOT NULL DEFAULT '';
ALTER TABLE leads ADD COLUMN touch_tag TEXT NOT NULL DEFAULT '';
ALTER TABLE leads ADD COLUMN owner_name TEXT NOT NULL DEFAULT '';
ALTER TABLE leads ADD COLUMN campaign_id TEXT NOT NULL DEFAULT '';
ALTER TABLE leads ADD COLUMN adgroup_id TEXT NOT NULL DEFAULT '';
ALTER TABLE leads ADD COLUMN ad_id TEXT NOT NULL DEFAULT '';
ALTER TABLE leads ADD COLUMN tags TEXT NOT NULL DEFAULT '';
UPDATE leads SET
  leads_name = COALESCE(json_extract(doc, '$.leads_name'), ''),
  leads_tel = COALESCE(json_extract(doc, '$.leads_tel'), ''),
  leads_type = COALESCE(json_extract(doc, '$.leads_type'), ''),
  leads_source = COALESCE(json_extract(doc, '$.leads_source'), ''),
  follow_tag = COALESCE(json_extract(doc, '$.leads_follow_tag'), ''),
  touch_tag = COALESCE(json_extract(doc, '$.leads_touch_tag'), ''),
  owner_name = COALESCE(json_extract(doc, '$.owner_name'), ''),
  campaign_id = COALESCE(json_extract(doc, '$.campaign_id'), ''),
  adgroup_id = COALESCE(json_extract(doc, '$.adgroup_id'), ''),
  ad_id = COALESCE(json_extract(doc, '$.ad_id'), ''),
  tags = CASE WHEN COALESCE(json_extract(doc, '$.leads_tags'), '') = '' THEN ''
              ELSE ';' || replace(replace(json_extract(doc, '$.leads_tags'), '；', ';'), ' ', '') || ';' END;
CREATE INDEX leads_c_cover ON leads(account_id, create_time, leads_id, leads_type, leads_source, follow_tag,
  touch_tag, owner_name, campaign_id, adgroup_id, ad_id, tags);
CREATE INDEX leads_c_name ON leads(account_id, leads_name);
CREATE INDEX leads_c_tel ON leads(account_id, leads_tel);
CREATE INDEX leads_c_follow ON leads(account_id, follow_tag, create_time, leads_id);
CREATE INDEX leads_c_touch ON leads(account_id, touch_tag, create_time, leads_id);
CREATE INDEX leads_c_owner ON leads(account_id, owner_name, create_time, leads_id);
CREATE INDEX leads_c_campaign ON leads(account_id, campaign_id, create_time, leads_id);
CREATE INDEX leads_c_adgroup ON leads(account_id, adgroup_id);
CREATE INDEX leads_c_ad ON leads(account_id, ad_id);
)sql"},
    {4, R"sql(
CREATE TABLE lead_counts(
  account_id INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  day INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY(account_id, kind, day)) WITHOUT ROWID;
INSERT INTO lead_counts SELECT account_id, 1, (create_time + 28800) / 86400, COUNT(*) FROM leads GROUP BY 1, 2, 3;
INSERT INTO lead_counts SELECT account_id, 0, (action_time + 28800) / 86400, COUNT(*) FROM leads GROUP BY 1, 2, 3;
DROP INDEX leads_by_create;
CREATE INDEX leads_by_create ON leads(account_id, create_time, leads_id, action_time);
DROP INDEX leads_by_action;
CREATE INDEX leads_by_action ON leads(account_id, action_time);
)sql"},
    // Lead intelligence (issue 6): contact/click keys for duplicates and
    // bursts, page counters (10-minute buckets), reasons of tagged leads,
    // per-account rules and score model, spend per campaign and day.
    {5, R"sql(
CREATE TABLE lead_keys(
  account_id INTEGER NOT NULL,
  key TEXT NOT NULL,
  create_time INTEGER NOT NULL,
  leads_id INTEGER NOT NULL,
  PRIMARY KEY(account_id, key, create_time, leads_id)) WITHOUT ROWID;
CREATE TABLE intel_counters(
  account_id INTEGER NOT NULL,
  key TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY(account_id, key, bucket)) WITHOUT ROWID;
CREATE TABLE lead_reasons(
  leads_id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL,
  reasons TEXT NOT NULL);
CREATE TABLE intel_settings(
  account_id INTEGER PRIMARY KEY,
  rules TEXT NOT NULL DEFAULT '',
  model TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL);
CREATE TABLE spend(
  account_id INTEGER NOT NULL,
  day INTEGER NOT NULL,
  campaign_id TEXT NOT NULL,
  spend_fen INTEGER NOT NULL,
  revenue_fen INTEGER,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY(account_id, day, campaign_id)) WITHOUT ROWID;
)sql"},
    // A per-account generation of the leads, bumped by triggers on every
    // write to `leads` (whatever the path or process), so a rendered list
    // page can be reused while the number is unchanged. (Inserts: see 8.)
    {6, R"sql(
CREATE TABLE lead_generations(
  account_id INTEGER PRIMARY KEY,
  gen INTEGER NOT NULL);
CREATE TRIGGER leads_generation_insert AFTER INSERT ON leads BEGIN
  INSERT INTO lead_generations(account_id, gen) VALUES(NEW.account_id, 1)
    ON CONFLICT(account_id) DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER leads_generation_update AFTER UPDATE ON leads BEGIN
  INSERT INTO lead_generations(account_id, gen) VALUES(NEW.account_id, 1)
    ON CONFLICT(account_id) DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER leads_generation_delete AFTER DELETE ON leads BEGIN
  INSERT INTO lead_generations(account_id, gen) VALUES(OLD.account_id, 1)
    ON CONFLICT(account_id) DO UPDATE SET gen = gen + 1;
END;
)sql"},
    // Nonces moved to the attached nonce database (statements.h); the ones
    // seen before the upgrade keep refusing their replays.
    {7, R"sql(
INSERT OR IGNORE INTO nonce_store.nonces(token, nonce, seen_at) SELECT token, nonce, seen_at FROM main.nonces;
DROP TABLE main.nonces;
)sql"},
    // The insert trigger bumped the generation once per row, and a statement
    // that fires a trigger keeps a statement journal: the before-image of
    // every index page the row touched (~16 pages, 64 KB, past SQLite's
    // in-memory limit: a temp file write per lead). An import now bumps it
    // once, at its commit (kBumpLeadsGeneration in sqlite_import.cc).
    {8, R"sql(
DROP TRIGGER leads_generation_insert;
)sql"},
    // Push: the attempt log, manual requeues, delivery time.
    {2, R"sql(
ALTER TABLE outbox ADD COLUMN retry_base INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN delivered_at INTEGER;
CREATE INDEX outbox_by_account_state ON outbox(account_id, state);
CREATE INDEX outbox_by_lease_owner ON outbox(lease_owner) WHERE lease_owner IS NOT NULL;
CREATE TABLE push_attempts(
  id INTEGER PRIMARY KEY,
  delivery_id INTEGER NOT NULL,
  leads_id INTEGER NOT NULL,
  account_id INTEGER NOT NULL,
  attempt INTEGER NOT NULL,
  at INTEGER NOT NULL,
  url TEXT NOT NULL DEFAULT '',
  http_status INTEGER NOT NULL DEFAULT 0,
  body_code INTEGER,
  latency_ms INTEGER NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT '',
  response TEXT NOT NULL DEFAULT '');
CREATE INDEX push_attempts_by_account ON push_attempts(account_id, id);
CREATE INDEX push_attempts_by_lead ON push_attempts(leads_id, id);
CREATE INDEX push_attempts_by_time ON push_attempts(at);
)sql"},
};

}  // namespace

StatusOr<int> Migrate(Connection& c, int64_t now) {
  LEADS_RETURN_IF_ERROR(c.Exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations(version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)"));
  int applied = 0;
  std::vector<Migration> ordered(std::begin(kMigrations), std::end(kMigrations));
  std::sort(ordered.begin(), ordered.end(), [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (const auto& m : ordered) {
    Transaction tx(c);
    LEADS_RETURN_IF_ERROR(tx.Begin());
    std::set<int64_t> done;
    {
      LEADS_ASSIGN_OR_RETURN(auto st, c.Prepare(sql::kSelectVersions));
      for (;;) {
        LEADS_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        done.insert(st.Int(0));
      }
    }
    if (done.count(m.version)) continue;
    LEADS_RETURN_IF_ERROR(c.Exec(m.sql));
    {
      LEADS_ASSIGN_OR_RETURN(auto st, c.Prepare(sql::kInsertVersion));
      LEADS_RETURN_IF_ERROR(st.Bind(1, int64_t{m.version}).Bind(2, now).Run());
    }
    LEADS_RETURN_IF_ERROR(tx.Commit());
    ++applied;
  }
  return applied;
}

}  // namespace leads::sqlite
