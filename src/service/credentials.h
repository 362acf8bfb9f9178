// Issuing and rotating credential pairs. Secrets are returned once, here,
// and never again by any listing.
#pragma once

#include <string>

#include "common/clock.h"
#include "common/status.h"
#include "model/account.h"
#include "store/account_store.h"

namespace leads {

// Issues a new (token, secret) of `scope` for the account (which must exist).
StatusOr<Credential> IssueCredential(AccountStore& accounts, CredentialStore& creds, Random& random,
                                     const Clock& clock, int64_t account_id, Scope scope);

// Issues a new pair with the same account and scope as `token`; the old
// pair keeps working until revoked.
StatusOr<Credential> RotateCredential(AccountStore& accounts, CredentialStore& creds, Random& random,
                                      const Clock& clock, const std::string& token);

}  // namespace leads
