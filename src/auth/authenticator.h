// Verifies a request's X-Signature before its handler runs (API.md §3):
// parse, algorithm, timestamp window, nonce length, token, digest (in
// constant time), scope, then records the nonce so it is never accepted
// twice for the token, across restarts and instances.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"
#include "store/account_store.h"
#include "store/nonce_store.h"

namespace leads {

struct AuthOptions {
  int64_t window_seconds = 300;
  bool allow_old_scheme = true;  // a deployment may refuse the old scheme
};

// Who a verified request comes from.
struct Principal {
  Credential credential;  // the token's record
  bool old_scheme = false;
};

class Authenticator {
 public:
  Authenticator(CredentialStore& credentials, NonceStore& nonces, const Clock& clock, AuthOptions options)
      : credentials_(credentials), nonces_(nonces), clock_(clock), options_(options) {}

  // `signature` and `algorithm` are the raw header values ("" when absent).
  // Failures are kUnauthenticated / kPermissionDenied with a 20xx code.
  StatusOr<Principal> Authenticate(std::string_view signature, std::string_view algorithm, Scope required);

  // Checks that the principal may act for `account_id` (own or granted).
  Status CheckAccount(const Principal& p, int64_t account_id);

  const AuthOptions& options() const { return options_; }

 private:
  CredentialStore& credentials_;
  NonceStore& nonces_;
  const Clock& clock_;
  AuthOptions options_;
};

}  // namespace leads
