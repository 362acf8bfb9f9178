// The embedded SQLite backend of Store.
#pragma once

#include <memory>
#include <string>

#include "store/sqlite/db.h"
#include "store/store.h"

namespace leads::sqlite {

class SqliteStore final : public Store {
 public:
  // Opens `path`, applying migrations. `connections` bounds concurrency.
  static StatusOr<std::unique_ptr<SqliteStore>> Open(const std::string& path, const StoreOptions& o,
                                                     size_t connections);
  std::string Backend() const override { return "sqlite"; }

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

  StatusOr<std::vector<int64_t>> InsertLeads(int64_t account_id, std::vector<NewLead>& batch,
                                             int64_t now) override;
  StatusOr<ListPage> ListLeads(const ListQuery& q) override;
  StatusOr<Lead> GetLead(int64_t account_id, int64_t leads_id) override;
  Status ApplyReports(int64_t account_id, const std::vector<LeadReport>& reports,
                      const std::function<Status(const LeadReport&, Lead&)>& mutate,
                      int64_t now) override;
  Status InsertPersonalWechat(const PersonalWechatReport& r) override;
  StatusOr<std::vector<PersonalWechatReport>> ListPersonalWechat(int64_t account_id) override;

  // The pool, for the backend's own extensions (push outbox).
  Pool& pool() { return *pool_; }

 private:
  explicit SqliteStore(std::unique_ptr<Pool> p) : pool_(std::move(p)) {}
  std::unique_ptr<Pool> pool_;
};

}  // namespace leads::sqlite
