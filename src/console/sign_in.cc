#include "console/sign_in.h"

#include <spdlog/spdlog.h>

#include "console/password.h"

namespace leads::console {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Status BadCredentials() {
  return Unauthenticated(ErrorCode::kConsoleBadCredentials, "console: wrong username or password");
}

}  // namespace

SignInService::SignInService(ConsoleStore& store, SessionManager& sessions, const Clock& clock,
                             const ConsoleOptions& options)
    : store_(store), sessions_(sessions), clock_(clock), options_(options) {
  auto h = HashPassword("no such user; this hash only spends time");
  if (h.ok()) dummy_hash_ = *h;
}

Status SignInService::Throttled(const std::string& user_key, const std::string& ip_key) {
  const int64_t since = clock_.NowSeconds() - options_.sign_in_window_seconds;
  LEADS_ASSIGN_OR_RETURN(int64_t by_user, store_.CountSignInFailures(user_key, since));
  LEADS_ASSIGN_OR_RETURN(int64_t by_ip, store_.CountSignInFailures(ip_key, since));
  if (by_user >= options_.sign_in_max_per_user || by_ip >= options_.sign_in_max_per_ip)
    return PermissionDenied(ErrorCode::kConsoleSignInThrottled,
                            "console: too many failed sign-ins; wait " +
                                std::to_string(options_.sign_in_window_seconds / 60) + " minutes and retry");
  return Status::Ok();
}

void SignInService::RecordFailure(const std::string& user_key, const std::string& ip_key) {
  const int64_t now = clock_.NowSeconds();
  Status a = store_.RecordSignInFailure(user_key, now);
  Status b = store_.RecordSignInFailure(ip_key, now);
  if (!a.ok() || !b.ok()) spdlog::warn("console: could not record a failed sign-in");
}

StatusOr<SignedIn> SignInService::SignIn(const std::string& username, const std::string& password,
                                         const http::Request& req) {
  const std::string user_key = "user:" + Lower(username.substr(0, 128));
  const std::string ip_key = "ip:" + std::string(req.remote);
  LEADS_RETURN_IF_ERROR(Throttled(user_key, ip_key));
  auto user = store_.FindConsoleUser(username);
  if (!user.ok()) {
    if (user.status().reason() != Reason::kNotFound) return user.status();
    (void)VerifyPassword(dummy_hash_, password);
    RecordFailure(user_key, ip_key);
    spdlog::info("console: failed sign-in (unknown user) from {}", std::string(req.remote));
    return BadCredentials();
  }
  if (!VerifyPassword(user->password_hash, password)) {
    RecordFailure(user_key, ip_key);
    spdlog::info("console: failed sign-in for user {} from {}", user->user_id, std::string(req.remote));
    return BadCredentials();
  }
  (void)store_.ClearSignInFailures(user_key);
  spdlog::info("console: user {} signed in from {}", user->user_id, std::string(req.remote));
  return sessions_.Start(*user, req);
}

StatusOr<SignedIn> SignInService::ChangePassword(const SignedIn& who, const std::string& current,
                                                 const std::string& next, const http::Request& req) {
  const std::string user_key = "user:" + Lower(who.user.username);
  const std::string ip_key = "ip:" + std::string(req.remote);
  LEADS_RETURN_IF_ERROR(Throttled(user_key, ip_key));
  LEADS_ASSIGN_OR_RETURN(ConsoleUser user, store_.GetConsoleUser(who.user.user_id));
  if (!VerifyPassword(user.password_hash, current)) {
    RecordFailure(user_key, ip_key);
    return Unauthenticated(ErrorCode::kConsoleBadCredentials, "current_password: wrong password");
  }
  LEADS_RETURN_IF_ERROR(CheckPasswordPolicy(next));
  LEADS_ASSIGN_OR_RETURN(std::string hash, HashPassword(next));
  const int64_t now = clock_.NowSeconds();
  LEADS_RETURN_IF_ERROR(store_.SetConsolePassword(user.user_id, hash, now));
  user.password_hash = hash;
  user.password_changed_at = now;
  spdlog::info("console: user {} changed their password", user.user_id);
  return sessions_.Start(user, req);
}

}  // namespace leads::console
