// Which accounts a console user may see and change: an administrator every
// account; a member the accounts granted to it; an agency (服务商) the
// accounts granted to it and those whose agency_id is its own.
#pragma once

#include <cstdint>
#include <vector>

#include "common/status.h"
#include "model/account.h"
#include "store/account_store.h"
#include "store/console_store.h"

namespace leads::console {

class AccessPolicy {
 public:
  AccessPolicy(AccountStore& accounts, ConsoleStore& console) : accounts_(accounts), console_(console) {}

  // The user's accounts, in account_id order.
  StatusOr<std::vector<Account>> Accounts(const ConsoleUser& user);
  // The account, when the user may access it; kConsoleAccountForbidden
  // otherwise (also for an account that does not exist, so a user cannot
  // probe which ids exist).
  StatusOr<Account> Check(const ConsoleUser& user, int64_t account_id);

 private:
  StatusOr<bool> Allowed(const ConsoleUser& user, const Account& account);

  AccountStore& accounts_;
  ConsoleStore& console_;
};

}  // namespace leads::console
