// Signing in: rate limits per username and per client address (failures
// counted in the store over a window, so they hold across restarts and
// instances), the password check (an unknown user costs the same time as a
// wrong password), then a new session.
#pragma once

#include <string>

#include "common/clock.h"
#include "common/status.h"
#include "console/console_options.h"
#include "console/session.h"
#include "store/console_store.h"

namespace leads::console {

class SignInService {
 public:
  SignInService(ConsoleStore& store, SessionManager& sessions, const Clock& clock, const ConsoleOptions& options);

  // kConsoleSignInThrottled when too many failures; kConsoleBadCredentials
  // for an unknown user or a wrong password (the same message for both).
  StatusOr<SignedIn> SignIn(const std::string& username, const std::string& password, const http::Request& req);

  // Changes the signed-in user's password (the current one must match);
  // every session of the user ends, and a new one is returned.
  StatusOr<SignedIn> ChangePassword(const SignedIn& who, const std::string& current, const std::string& next,
                                    const http::Request& req);

 private:
  Status Throttled(const std::string& user_key, const std::string& ip_key);
  void RecordFailure(const std::string& user_key, const std::string& ip_key);

  ConsoleStore& store_;
  SessionManager& sessions_;
  const Clock& clock_;
  const ConsoleOptions& options_;
  std::string dummy_hash_;  // verified against for unknown users
};

}  // namespace leads::console
