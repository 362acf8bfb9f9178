#include "store/postgres/schema.h"

#include <set>

#include "store/postgres/statements.h"

namespace leads::postgres {
namespace {

struct Migration {
  int version;
  const char* sql;
};

// The same tables as the SQLite backend (text compared bytewise, COLLATE
// "C", like SQLite's BINARY). Version 1 holds the platform server's tables
// in their current shape (SQLite's 1 and 4); 2 is push's and 3 the
// console's (as in SQLite).
constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE accounts(
  account_id BIGINT PRIMARY KEY,
  account_type TEXT NOT NULL,
  wechat_appid TEXT NOT NULL DEFAULT '',
  agency_id TEXT NOT NULL DEFAULT '',
  agency_name TEXT NOT NULL DEFAULT '',
  industry TEXT NOT NULL DEFAULT 'none',
  status_system TEXT NOT NULL DEFAULT '1',
  push_url TEXT NOT NULL DEFAULT '',
  push_algorithm TEXT NOT NULL DEFAULT 'SHA1',
  created_at BIGINT NOT NULL);
CREATE TABLE credentials(
  token TEXT COLLATE "C" PRIMARY KEY,
  secret TEXT NOT NULL,
  account_id BIGINT NOT NULL REFERENCES accounts(account_id),
  scope TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT);
CREATE INDEX credentials_by_account ON credentials(account_id);
CREATE TABLE token_accounts(
  token TEXT COLLATE "C" NOT NULL REFERENCES credentials(token),
  account_id BIGINT NOT NULL REFERENCES accounts(account_id),
  PRIMARY KEY(token, account_id));
CREATE TABLE nonces(
  token TEXT COLLATE "C" NOT NULL,
  nonce TEXT COLLATE "C" NOT NULL,
  seen_at BIGINT NOT NULL,
  PRIMARY KEY(token, nonce));
CREATE INDEX nonces_by_time ON nonces(seen_at);
CREATE SEQUENCE leads_id_seq START WITH 100000001 MAXVALUE 9007199254740991;
CREATE TABLE leads(
  leads_id BIGINT PRIMARY KEY,
  account_id BIGINT NOT NULL REFERENCES accounts(account_id),
  create_time BIGINT NOT NULL,
  action_time BIGINT NOT NULL,
  doc TEXT NOT NULL,
  convert_type TEXT NOT NULL DEFAULT '',
  ineffect_reason TEXT NOT NULL DEFAULT '',
  intention_score TEXT NOT NULL DEFAULT '',
  outer_convert_type TEXT NOT NULL DEFAULT '',
  outer_ineffect_reason TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL);
CREATE INDEX leads_by_create ON leads(account_id, create_time, leads_id) INCLUDE (action_time);
CREATE INDEX leads_by_action ON leads(account_id, action_time);
CREATE TABLE lead_counts(
  account_id BIGINT NOT NULL,
  kind INTEGER NOT NULL,
  day BIGINT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY(account_id, kind, day));
CREATE TABLE lead_events(
  id BIGSERIAL PRIMARY KEY,
  leads_id BIGINT NOT NULL REFERENCES leads(leads_id),
  at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  detail TEXT NOT NULL);
CREATE INDEX lead_events_by_lead ON lead_events(leads_id, id);
CREATE TABLE personal_wechat(
  uuid TEXT COLLATE "C" PRIMARY KEY,
  account_id BIGINT NOT NULL REFERENCES accounts(account_id),
  doc TEXT NOT NULL,
  received_at BIGINT NOT NULL);
CREATE INDEX personal_wechat_by_account ON personal_wechat(account_id, received_at);
CREATE TABLE outbox(
  delivery_id BIGSERIAL PRIMARY KEY,
  leads_id BIGINT NOT NULL REFERENCES leads(leads_id),
  account_id BIGINT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  lease_owner TEXT,
  lease_until BIGINT,
  created_at BIGINT NOT NULL,
  last_error TEXT NOT NULL DEFAULT '');
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
CREATE INDEX outbox_by_lead ON outbox(leads_id);
)sql"},
    // Push: the attempt log, manual requeues, delivery time (SQLite's 2).
    {2, R"sql(
ALTER TABLE outbox ADD COLUMN retry_base INTEGER NOT NULL DEFAULT 0, ADD COLUMN delivered_at BIGINT;
CREATE INDEX outbox_by_account_state ON outbox(account_id, state);
CREATE INDEX outbox_by_lease_owner ON outbox(lease_owner) WHERE lease_owner IS NOT NULL;
CREATE TABLE push_attempts(
  id BIGSERIAL PRIMARY KEY,
  delivery_id BIGINT NOT NULL,
  leads_id BIGINT NOT NULL,
  account_id BIGINT NOT NULL,
  attempt INTEGER NOT NULL,
  at BIGINT NOT NULL,
  url TEXT NOT NULL DEFAULT '',
  http_status INTEGER NOT NULL DEFAULT 0,
  body_code BIGINT,
  latency_ms BIGINT NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT '',
  response TEXT NOT NULL DEFAULT '');
CREATE INDEX push_attempts_by_account ON push_attempts(account_id, id);
CREATE INDEX push_attempts_by_lead ON push_attempts(leads_id, id);
CREATE INDEX push_attempts_by_time ON push_attempts(at);
)sql"},
    {3, R"sql(
CREATE TABLE console_users(
  user_id BIGSERIAL PRIMARY KEY,
  username TEXT NOT NULL,
  display_name TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL,
  agency_id TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  password_changed_at BIGINT NOT NULL);
CREATE UNIQUE INDEX console_users_by_name ON console_users(lower(username));
CREATE TABLE console_grants(
  user_id BIGINT NOT NULL REFERENCES console_users(user_id),
  account_id BIGINT NOT NULL REFERENCES accounts(account_id),
  PRIMARY KEY(user_id, account_id));
CREATE TABLE console_sessions(
  id_hash TEXT COLLATE "C" PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES console_users(user_id),
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  remote TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT '');
CREATE INDEX console_sessions_by_user ON console_sessions(user_id);
CREATE TABLE console_signin_failures(
  id BIGSERIAL PRIMARY KEY,
  key TEXT COLLATE "C" NOT NULL,
  at BIGINT NOT NULL);
CREATE INDEX console_signin_failures_by_key ON console_signin_failures(key, at);
CREATE INDEX console_signin_failures_by_time ON console_signin_failures(at);
ALTER TABLE leads
  ADD COLUMN leads_name TEXT COLLATE "C" NOT NULL DEFAULT '',
  ADD COLUMN leads_tel TEXT COLLATE "C" NOT NULL DEFAULT '',
  ADD COLUMN leads_type TEXT COLLATE "C" NOT NULL DEFAULT '',
  ADD COLUMN leads_source TEXT COLLATE "C" NOT NULL DEFAULT '',
  ADD COLUMN follow_tag TEXT COLLATE "C" NOT NULL DEFAULT '',
  ADD COLUMN touch_tag TEXT COLLATE "C" NOT NULL DEFAULT '',
  ADD COLUMN owner_name TEXT COLLATE "C" NOT NULL DEFAULT '',
  ADD COLUMN campaign_id TEXT COLLATE "C" NOT NULL DEFAULT '',
  ADD COLUMN adgroup_id TEXT COLLATE "C" NOT NULL DEFAULT '',
  ADD COLUMN ad_id TEXT COLLATE "C" NOT NULL DEFAULT '',
  ADD COLUMN tags TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE leads SET
  leads_name = COALESCE(doc::json ->> 'leads_name', ''),
  leads_tel = COALESCE(doc::json ->> 'leads_tel', ''),
  leads_type = COALESCE(doc::json ->> 'leads_type', ''),
  leads_source = COALESCE(doc::json ->> 'leads_source', ''),
  follow_tag = COALESCE(doc::json ->> 'leads_follow_tag', ''),
  touch_tag = COALESCE(doc::json ->> 'leads_touch_tag', ''),
  owner_name = COALESCE(doc::json ->> 'owner_name', ''),
  campaign_id = COALESCE(doc::json ->> 'campaign_id', ''),
  adgroup_id = COALESCE(doc::json ->> 'adgroup_id', ''),
  ad_id = COALESCE(doc::json ->> 'ad_id', ''),
  tags = CASE WHEN COALESCE(doc::json ->> 'leads_tags', '') = '' THEN ''
              ELSE ';' || replace(replace(doc::json ->> 'leads_tags', '；', ';'), ' ', '') || ';' END;
CREATE INDEX leads_c_cover ON leads(account_id, create_time, leads_id) INCLUDE (leads_type, leads_source,
  follow_tag, touch_tag, owner_name, campaign_id, adgroup_id, ad_id, tags);
CREATE INDEX leads_c_name ON leads(account_id, leads_name);
CREATE INDEX leads_c_tel ON leads(account_id, leads_tel);
CREATE INDEX leads_c_follow ON leads(account_id, follow_tag, create_time, leads_id);
CREATE INDEX leads_c_touch ON leads(account_id, touch_tag, create_time, leads_id);
CREATE INDEX leads_c_owner ON leads(account_id, owner_name, create_time, leads_id);
CREATE INDEX leads_c_campaign ON leads(account_id, campaign_id, create_time, leads_id);
CREATE INDEX leads_c_adgroup ON leads(account_id, adgroup_id);
CREATE INDEX leads_c_ad ON leads(account_id, ad_id);
)sql"},
    // Lead intelligence (issue 6): as SQLite's 5.
    {5, R"sql(
CREATE TABLE lead_keys(
  account_id BIGINT NOT NULL,
  key TEXT COLLATE "C" NOT NULL,
  create_time BIGINT NOT NULL,
  leads_id BIGINT NOT NULL,
  PRIMARY KEY(account_id, key, create_time, leads_id));
CREATE TABLE intel_counters(
  account_id BIGINT NOT NULL,
  key TEXT COLLATE "C" NOT NULL,
  bucket BIGINT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY(account_id, key, bucket));
CREATE TABLE lead_reasons(
  leads_id BIGINT PRIMARY KEY,
  account_id BIGINT NOT NULL,
  reasons TEXT NOT NULL);
CREATE TABLE intel_settings(
  account_id BIGINT PRIMARY KEY,
  rules TEXT NOT NULL DEFAULT '',
  model TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL);
CREATE TABLE spend(
  account_id BIGINT NOT NULL,
  day BIGINT NOT NULL,
  campaign_id TEXT COLLATE "C" NOT NULL,
  spend_fen BIGINT NOT NULL,
  revenue_fen BIGINT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY(account_id, day, campaign_id));
)sql"},
    // A per-account generation of the leads, bumped by a trigger on every
    // write to `leads` (whatever the path or instance), so a rendered list
    // page can be reused while the number is unchanged. Bumped once per
    // transaction: a bulk import does not pile up versions of one row.
    {6, R"sql(
CREATE TABLE lead_generations(
  account_id BIGINT PRIMARY KEY,
  gen BIGINT NOT NULL,
  xact xid8 NOT NULL);
CREATE FUNCTION leads_bump_generation() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a BIGINT := CASE WHEN TG_OP = 'DELETE' THEN OLD.account_id ELSE NEW.account_id END;
BEGIN
  INSERT INTO lead_generations AS g (account_id, gen, xact) VALUES (a, 1, pg_current_xact_id())
    ON CONFLICT (account_id) DO UPDATE SET gen = g.gen + 1, xact = pg_current_xact_id()
    WHERE g.xact <> pg_current_xact_id();
  RETURN NULL;
END $$;
CREATE TRIGGER leads_generation AFTER INSERT OR UPDATE OR DELETE ON leads
  FOR EACH ROW EXECUTE FUNCTION leads_bump_generation();
)sql"},
    // Inserts by an import (postgres_import.cc) leave the generation to the
    // import's commit (leads.defer_generation, set for its transaction): the
    // trigger's row lock on lead_generations was held from the first batch
    // to the commit, and every other writer of the account waited for it.
    // (8, like SQLite's migration of the same purpose.)
    {8, R"sql(
CREATE OR REPLACE FUNCTION leads_bump_generation() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a BIGINT := CASE WHEN TG_OP = 'DELETE' THEN OLD.account_id ELSE NEW.account_id END;
BEGIN
  IF TG_OP = 'INSERT' AND current_setting('leads.defer_generation', true) = 'on' THEN
    RETURN NULL;
  END IF;
  INSERT INTO lead_generations AS g (account_id, gen, xact) VALUES (a, 1, pg_current_xact_id())
    ON CONFLICT (account_id) DO UPDATE SET gen = g.gen + 1, xact = pg_current_xact_id()
    WHERE g.xact <> pg_current_xact_id();
  RETURN NULL;
END $$;
)sql"},
};

}  // namespace

StatusOr<int> Migrate(Connection& c, int64_t now) {
  int applied = 0;
  for (const auto& m : kMigrations) {
    Transaction tx(c);
    LEADS_RETURN_IF_ERROR(tx.Begin());
    LEADS_RETURN_IF_ERROR(c.Exec(sql::kLockMigrations).status());
    LEADS_RETURN_IF_ERROR(c.Run(sql::kCreateVersions));
    std::set<int64_t> done;
    {
      LEADS_ASSIGN_OR_RETURN(auto r, c.Exec(sql::kSelectVersions));
      for (int i = 0; i < r.rows(); ++i) done.insert(r.Int(i, 0));
    }
    if (done.count(m.version)) continue;
    LEADS_RETURN_IF_ERROR(c.Run(m.sql));
    LEADS_RETURN_IF_ERROR(c.Exec(sql::kInsertVersion, {m.version, now}).status());
    LEADS_RETURN_IF_ERROR(tx.Commit());
    ++applied;
  }
  return applied;
}

}  // namespace leads::postgres
