#include "service/credentials.h"

namespace leads {

StatusOr<Credential> IssueCredential(AccountStore& accounts, CredentialStore& creds, Random& random,
                                     const Clock& clock, int64_t account_id, Scope scope) {
  LEADS_RETURN_IF_ERROR(accounts.GetAccount(account_id).status());
  Credential c;
  c.token = random.Hex(24);
  c.secret = random.Hex(32);
  c.account_id = account_id;
  c.scope = scope;
  c.created_at = clock.NowSeconds();
  LEADS_RETURN_IF_ERROR(creds.AddCredential(c));
  return c;
}

StatusOr<Credential> RotateCredential(AccountStore& accounts, CredentialStore& creds, Random& random,
                                      const Clock& clock, const std::string& token) {
  LEADS_ASSIGN_OR_RETURN(Credential old, creds.FindCredential(token));
  if (old.revoked_at) return InvalidArgument(ErrorCode::kTokenRevoked, "--token: token was revoked; issue a new one");
  return IssueCredential(accounts, creds, random, clock, old.account_id, old.scope);
}

}  // namespace leads
