#include "console/access.h"

#include <algorithm>

namespace leads::console {

StatusOr<bool> AccessPolicy::Allowed(const ConsoleUser& user, const Account& account) {
  if (user.role == ConsoleRole::kAdministrator) return true;
  if (user.role == ConsoleRole::kAgency && !user.agency_id.empty() && account.agency_id == user.agency_id) return true;
  LEADS_ASSIGN_OR_RETURN(auto grants, console_.ConsoleGrants(user.user_id));
  return std::find(grants.begin(), grants.end(), account.account_id) != grants.end();
}

StatusOr<std::vector<Account>> AccessPolicy::Accounts(const ConsoleUser& user) {
  LEADS_ASSIGN_OR_RETURN(auto all, accounts_.ListAccounts());
  if (user.role == ConsoleRole::kAdministrator) return all;
  LEADS_ASSIGN_OR_RETURN(auto grants, console_.ConsoleGrants(user.user_id));
  std::vector<Account> out;
  for (auto& a : all) {
    bool ok = std::find(grants.begin(), grants.end(), a.account_id) != grants.end() ||
              (user.role == ConsoleRole::kAgency && !user.agency_id.empty() && a.agency_id == user.agency_id);
    if (ok) out.push_back(std::move(a));
  }
  return out;
}

StatusOr<Account> AccessPolicy::Check(const ConsoleUser& user, int64_t account_id) {
  auto forbidden = [&] {
    return PermissionDenied(ErrorCode::kConsoleAccountForbidden,
                            "account_id: this user may not access account " + std::to_string(account_id));
  };
  auto account = accounts_.GetAccount(account_id);
  if (!account.ok()) {
    if (account.status().reason() == Reason::kNotFound) return forbidden();
    return account.status();
  }
  LEADS_ASSIGN_OR_RETURN(bool ok, Allowed(user, *account));
  if (!ok) return forbidden();
  return account;
}

}  // namespace leads::console
