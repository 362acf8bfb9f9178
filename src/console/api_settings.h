// An account's API settings (the platform's 【API回传设置】): credential
// pairs of each scope (issue, rotate, revoke; a secret is returned only by
// the call that issued it), the push address and its signature algorithm,
// and the status system (standard, or the account's industry system).
#pragma once

#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "model/account.h"
#include "store/account_store.h"

namespace leads::console {

class ApiSettings {
 public:
  ApiSettings(AccountStore& accounts, CredentialStore& credentials, const Clock& clock, Random& random,
              bool allow_http_push)
      : accounts_(accounts), credentials_(credentials), clock_(clock), random_(random), allow_http_(allow_http_push) {}

  StatusOr<std::vector<Credential>> Credentials(int64_t account_id);
  StatusOr<Credential> Issue(int64_t account_id, std::string_view scope);
  // The token must be one of the account's (kConsoleAccountForbidden otherwise).
  StatusOr<Credential> Rotate(int64_t account_id, const std::string& token);
  Status Revoke(int64_t account_id, const std::string& token);

  // "" stops pushing. Otherwise an absolute https:// URL (http:// only when
  // the server allows it), at most 2048 bytes.
  StatusOr<Account> SetPush(int64_t account_id, const std::string& url, std::string_view algorithm);
  // 1 standard, 2 the account's industry system (kNoIndustry without one).
  StatusOr<Account> SetStatusSystem(int64_t account_id, int64_t option);

 private:
  StatusOr<Credential> Owned(int64_t account_id, const std::string& token);

  AccountStore& accounts_;
  CredentialStore& credentials_;
  const Clock& clock_;
  Random& random_;
  bool allow_http_;
};

}  // namespace leads::console
