// Console sessions: a random session id in an HttpOnly, SameSite=Strict
// cookie (Secure behind TLS), of which the store keeps only a SHA-256 hash;
// idle and absolute expiry; and the CSRF token that goes with a session
// (derived from its id, sent back by the page in X-CSRF-Token on every
// state-changing request).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"
#include "console/console_options.h"
#include "http/message.h"
#include "store/console_store.h"

namespace leads::console {

// A request's signed-in user and session.
struct SignedIn {
  ConsoleUser user;
  ConsoleSession session;
  std::string session_id;  // the cookie's value (never stored)
  std::string csrf_token;
};

class SessionManager {
 public:
  SessionManager(ConsoleStore& store, const Clock& clock, Random& random, const ConsoleOptions& options)
      : store_(store), clock_(clock), random_(random), options_(options) {}

  // Starts a session for the user; returns it with its id.
  StatusOr<SignedIn> Start(const ConsoleUser& user, const http::Request& req);
  // The request's session: kConsoleSignInRequired when there is none, it
  // ended, or its user's password changed since.
  StatusOr<SignedIn> Resume(const http::Request& req);
  // Ends the request's session (no error when there is none).
  Status End(const http::Request& req);

  // Set-Cookie values that set or clear the session cookie for `req`.
  std::string SetCookie(const http::Request& req, const std::string& session_id) const;
  std::string ClearCookie(const http::Request& req) const;

  // True when the CSRF header of `req` is the session's token.
  static bool CsrfMatches(const http::Request& req, const SignedIn& who);
  static std::string CsrfToken(std::string_view session_id);
  static std::string HashId(std::string_view session_id);

 private:
  bool Secure(const http::Request& req) const;
  std::optional<std::string> CookieValue(const http::Request& req) const;

  ConsoleStore& store_;
  const Clock& clock_;
  Random& random_;
  const ConsoleOptions& options_;
};

}  // namespace leads::console
