// The PostgreSQL backend of Store (libpq), for several leadsd instances on
// one database: leads_id from one sequence, nonces by INSERT … ON CONFLICT
// DO NOTHING, lead row locks for reports, and connection loss reported as
// Unavailable (kStoreUnavailable) while the pool reconnects.
#pragma once

#include <memory>
#include <string>

#include "store/postgres/pool.h"
#include "store/store.h"

namespace leads::postgres {

class PostgresStore final : public Store {
 public:
  // Connects to `url` (postgresql://…, libpq syntax), applying migrations.
  // `connections` bounds the pool.
  static StatusOr<std::unique_ptr<PostgresStore>> Open(const std::string& url, size_t connections);
  void SetObserver(StoreObserver* o) override { pool_->set_observer(o); }
  std::string Backend() const override { return "postgresql"; }

  Status CreateAccount(const Account& a) override;
  StatusOr<Account> GetAccount(int64_t account_id) override;
  Status UpdateAccount(const Account& a) override;
  StatusOr<std::vector<Account>> ListAccounts() override;

  Status AddCredential(const Credential& c) override;
  StatusOr<Credential> FindCredential(const std::string& token) override;
  StatusOr<std::vector<Credential>> ListCredentials(int64_t account_id) override;
  Status RevokeCredential(const std::string& token, int64_t now) override;
  Status GrantAccount(const std::string& token, int64_t account_id) override;
  StatusOr<bool> TokenAllowsAccount(const Credential& c, int64_t account_id) override;

  StatusOr<bool> RecordNonce(const std::string& token, const std::string& nonce, int64_t now) override;
  Status PurgeNonces(int64_t cutoff) override;

  // In postgres_import.cc.
  StatusOr<std::unique_ptr<LeadImport>> BeginImport(int64_t account_id, int64_t now) override;
  StatusOr<ListPage> ListLeads(const ListQuery& q) override;
  StatusOr<int64_t> LeadsGeneration(int64_t account_id) override;
  StatusOr<Lead> GetLead(int64_t account_id, int64_t leads_id) override;
  Status ApplyReports(int64_t account_id, const std::vector<LeadReport>& reports,
                      const std::function<Status(const LeadReport&, Lead&)>& mutate,
                      int64_t now) override;
  Status InsertPersonalWechat(const PersonalWechatReport& r) override;
  StatusOr<std::vector<PersonalWechatReport>> ListPersonalWechat(int64_t account_id) override;

  // --- Push outbox (OutboxStore), implemented in postgres_outbox.cc. ---
  StatusOr<std::vector<Delivery>> LeaseDue(const LeaseRequest& r) override;
  Status RenewLeases(const std::string& owner, int64_t lease_until) override;
  Status RecordAttempts(const std::string& owner, const std::vector<AttemptOutcome>& outcomes) override;
  Status Reschedule(const std::string& owner, const std::vector<int64_t>& delivery_ids,
                    int64_t next_attempt_at) override;
  Status ReleaseLeases(const std::string& owner) override;
  Status LogAttempt(const PushAttempt& a) override;
  Status ForEachAttempt(const AttemptQuery& q, const std::function<void(const PushAttempt&)>& f) override;
  Status PurgeAttempts(int64_t cutoff) override;
  StatusOr<int64_t> RequeueLead(int64_t leads_id, int64_t now) override;
  StatusOr<int64_t> RequeueFailed(int64_t account_id, int64_t now) override;
  StatusOr<DeliveryCounts> CountDeliveries(int64_t account_id) override;
  StatusOr<int64_t> CountDue(int64_t now) override;
  // --- end push outbox ---

  // --- Console (ConsoleStore), implemented in postgres_console.cc. ---
  StatusOr<int64_t> CreateConsoleUser(const ConsoleUser& u) override;
  StatusOr<ConsoleUser> FindConsoleUser(std::string_view username) override;
  StatusOr<ConsoleUser> GetConsoleUser(int64_t user_id) override;
  StatusOr<std::vector<ConsoleUser>> ListConsoleUsers() override;
  Status SetConsolePassword(int64_t user_id, const std::string& hash, int64_t now) override;
  Status GrantConsoleAccount(int64_t user_id, int64_t account_id) override;
  Status RevokeConsoleAccount(int64_t user_id, int64_t account_id) override;
  StatusOr<std::vector<int64_t>> ConsoleGrants(int64_t user_id) override;
  StatusOr<std::vector<int64_t>> AccountsOfAgency(const std::string& agency_id) override;
  Status CreateConsoleSession(const ConsoleSession& s) override;
  StatusOr<std::optional<ConsoleSession>> FindConsoleSession(const std::string& id_hash) override;
  Status TouchConsoleSession(const std::string& id_hash, int64_t now) override;
  Status DeleteConsoleSession(const std::string& id_hash) override;
  Status PurgeConsoleSessions(int64_t now, int64_t idle_cutoff) override;
  Status RecordSignInFailure(const std::string& key, int64_t now) override;
  StatusOr<int64_t> CountSignInFailures(const std::string& key, int64_t since) override;
  Status ClearSignInFailures(const std::string& key) override;
  Status PurgeSignInFailures(int64_t cutoff) override;
  StatusOr<LeadSearchPage> SearchLeads(const LeadSearch& q, int64_t total_cap) override;
  StatusOr<int64_t> ForEachLead(const LeadSearch& q, int64_t limit,
                                const std::function<void(std::string_view doc)>& f) override;
  StatusOr<std::vector<LeadEvent>> ListLeadEvents(int64_t account_id, int64_t leads_id) override;
  StatusOr<Lead> UpdateLead(int64_t account_id, int64_t leads_id, const std::string& kind,
                            const std::function<StatusOr<std::string>(Lead&)>& mutate, int64_t now) override;
  StatusOr<std::vector<ColumnValue>> DistinctLeadValues(int64_t account_id, LeadColumn column,
                                                        size_t limit) override;
  StatusOr<DashboardData> Dashboard(const DashboardQuery& q) override;
  // --- end console ---

  // --- Lead intelligence (IntelStore), implemented in postgres_intel.cc. ---
  StatusOr<std::vector<LeadKeyHit>> FindLeadKeys(int64_t account_id, const std::vector<std::string>& keys,
                                                 int64_t from, int64_t to) override;
  StatusOr<std::vector<CounterHit>> ReadCounters(int64_t account_id, const std::vector<std::string>& keys,
                                                 int64_t from_bucket, int64_t to_bucket) override;
  StatusOr<std::string> GetIntelRules(int64_t account_id) override;
  Status PutIntelRules(int64_t account_id, const std::string& rules, int64_t now) override;
  StatusOr<std::string> GetScoreModel(int64_t account_id) override;
  Status PutScoreModel(int64_t account_id, const std::string& model, int64_t now) override;
  StatusOr<std::string> GetLeadReasons(int64_t account_id, int64_t leads_id) override;
  Status SaveLeadIntel(int64_t account_id, int64_t leads_id, int64_t create_time,
                       const std::vector<std::string>& keys, const std::optional<std::string>& reasons) override;
  StatusOr<std::vector<StoredLead>> LeadsForRetag(int64_t account_id, int64_t from, int64_t to, int64_t after_time,
                                                  int64_t after_id, int64_t limit) override;
  Status ScanLeadFacts(int64_t account_id, int64_t from, int64_t to,
                       const std::function<void(const LeadFacts&)>& f) override;
  Status PutSpend(int64_t account_id, const std::vector<SpendRow>& rows, int64_t now) override;
  StatusOr<std::vector<SpendRow>> ListSpend(int64_t account_id, int64_t from_day, int64_t to_day) override;
  // --- end intel ---

  // The pool, for the backend's own extensions.
  Pool& pool() { return *pool_; }

 private:
  explicit PostgresStore(std::unique_ptr<Pool> p) : pool_(std::move(p)) {}
  // Whether every report names a lead of the account that already has the
  // reported state (one read, no locks).
  static bool AllUnchanged(Connection& c, int64_t account_id, const std::vector<LeadReport>& reports);
  std::unique_ptr<Pool> pool_;
};

// The console's lead columns of `lead`, in statements.h's order (leads_name
// … tags), appended to `params`. Used by every write of a lead.
void AppendConsoleColumns(std::vector<Param>& params, const Lead& lead);

// Array parameters ({"a","b\"c"}, {1,2}) for statements that take a batch
// as arrays (unnest); in postgres_intel.cc.
std::string TextArray(const std::vector<std::string_view>& v);
std::string TextArray(const std::vector<std::string>& v);
std::string IntArray(const std::vector<int64_t>& v);

// Intel (issue 6): the rows InsertLeads writes beside a batch whose leads_ids
// are assigned (keys, reasons, page counters), in its transaction.
Status WriteIntelBatch(Connection& c, int64_t account_id, const std::vector<NewLead>& batch);
// IntelLookup's reads on a given connection (an import's: it sees its own rows).
StatusOr<std::vector<LeadKeyHit>> FindLeadKeysOn(Connection& c, int64_t account_id,
                                                 const std::vector<std::string>& keys, int64_t from, int64_t to);
StatusOr<std::vector<CounterHit>> ReadCountersOn(Connection& c, int64_t account_id,
                                                 const std::vector<std::string>& keys, int64_t from_bucket,
                                                 int64_t to_bucket);

}  // namespace leads::postgres
