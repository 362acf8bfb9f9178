// Accounts, credentials and the accounts a token may act for.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "model/account.h"

namespace leads {

class AccountStore {
 public:
  virtual ~AccountStore() = default;
  // AlreadyExists when the id is taken.
  virtual Status CreateAccount(const Account& a) = 0;
  // NotFound when absent.
  virtual StatusOr<Account> GetAccount(int64_t account_id) = 0;
  // Replaces every field but account_id and created_at. NotFound when absent.
  virtual Status UpdateAccount(const Account& a) = 0;
  virtual StatusOr<std::vector<Account>> ListAccounts() = 0;
};

class CredentialStore {
 public:
  virtual ~CredentialStore() = default;
  virtual Status AddCredential(const Credential& c) = 0;
  // The credential, revoked or not; NotFound when the token is unknown.
  virtual StatusOr<Credential> FindCredential(const std::string& token) = 0;
  // Every credential of the account, newest first (secrets included: the
  // caller decides what to show).
  virtual StatusOr<std::vector<Credential>> ListCredentials(int64_t account_id) = 0;
  // NotFound when unknown; revoking twice keeps the first time.
  virtual Status RevokeCredential(const std::string& token, int64_t now) = 0;
  // Lets `token` also act for `account_id` (agencies, §2).
  virtual Status GrantAccount(const std::string& token, int64_t account_id) = 0;
  // True when the token's own account is `account_id`, or it was granted.
  virtual StatusOr<bool> TokenAllowsAccount(const Credential& c, int64_t account_id) = 0;
};

}  // namespace leads
