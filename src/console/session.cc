#include "console/session.h"

#include <strings.h>

#include "auth/signature.h"
#include "common/encoding.h"

namespace leads::console {
namespace {

constexpr std::string_view kCookie = "leads_console";
constexpr std::string_view kSecureCookie = "__Host-leads_console";
// A session's last_seen_at is written at most this often.
constexpr int64_t kTouchEverySeconds = 60;

Status SignInRequired(std::string_view why) {
  return Unauthenticated(ErrorCode::kConsoleSignInRequired, "console: sign in first (" + std::string(why) + ")");
}

bool IsHex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

std::string SessionManager::HashId(std::string_view session_id) {
  return HexDigest(SignatureAlgorithm::kSha256, session_id);
}

std::string SessionManager::CsrfToken(std::string_view session_id) {
  return HexDigest(SignatureAlgorithm::kSha256, "leads-console-csrf." + std::string(session_id));
}

bool SessionManager::CsrfMatches(const http::Request& req, const SignedIn& who) {
  std::string_view sent = req.Header("X-CSRF-Token");
  return !sent.empty() && ConstantTimeEquals(sent, who.csrf_token);
}

bool SessionManager::Secure(const http::Request& req) const {
  return options_.secure_cookies || strcasecmp(std::string(req.Header("X-Forwarded-Proto")).c_str(), "https") == 0;
}

std::optional<std::string> SessionManager::CookieValue(const http::Request& req) const {
  std::optional<std::string> plain, secure;
  for (const auto& [k, v] : req.headers) {
    if (k.size() != 6 || strncasecmp(k.data(), "cookie", 6) != 0) continue;
    std::string_view rest = v;
    while (!rest.empty()) {
      size_t semi = rest.find(';');
      std::string_view part = rest.substr(0, semi);
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
      size_t eq = part.find('=');
      if (eq == std::string_view::npos) continue;
      std::string_view name = part.substr(0, eq), value = part.substr(eq + 1);
      if (name == kSecureCookie) secure = std::string(value);
      else if (name == kCookie) plain = std::string(value);
    }
  }
  // Behind TLS only the __Host- cookie counts (a plain one could have been
  // planted by a network attacker over http).
  if (Secure(req)) return secure;
  return secure ? secure : plain;
}

std::string SessionManager::SetCookie(const http::Request& req, const std::string& session_id) const {
  bool secure = Secure(req);
  return std::string(secure ? kSecureCookie : kCookie) + "=" + session_id + "; Path=/; Max-Age=" +
         std::to_string(options_.session_max_seconds) + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
}

std::string SessionManager::ClearCookie(const http::Request& req) const {
  bool secure = Secure(req);
  return std::string(secure ? kSecureCookie : kCookie) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" +
         (secure ? "; Secure" : "");
}

StatusOr<SignedIn> SessionManager::Start(const ConsoleUser& user, const http::Request& req) {
  SignedIn s;
  s.user = user;
  s.session_id = random_.Hex(64);  // 256 bits
  const int64_t now = clock_.NowSeconds();
  s.session.id_hash = HashId(s.session_id);
  s.session.user_id = user.user_id;
  s.session.created_at = now;
  s.session.last_seen_at = now;
  s.session.expires_at = now + options_.session_max_seconds;
  s.session.remote = std::string(req.remote.substr(0, 64));
  std::string ua(req.Header("User-Agent").substr(0, 256));
  s.session.user_agent = IsValidUtf8(ua) ? ua : std::string();
  s.csrf_token = CsrfToken(s.session_id);
  LEADS_RETURN_IF_ERROR(store_.CreateConsoleSession(s.session));
  return s;
}

StatusOr<SignedIn> SessionManager::Resume(const http::Request& req) {
  auto id = CookieValue(req);
  if (!id || id->size() != 64 || !IsHex(*id)) return SignInRequired("no session");
  std::string hash = HashId(*id);
  LEADS_ASSIGN_OR_RETURN(auto found, store_.FindConsoleSession(hash));
  if (!found) return SignInRequired("the session ended");
  const int64_t now = clock_.NowSeconds();
  if (found->expires_at < now || found->last_seen_at + options_.session_idle_seconds < now) {
    (void)store_.DeleteConsoleSession(hash);
    return SignInRequired("the session expired");
  }
  auto user = store_.GetConsoleUser(found->user_id);
  if (!user.ok()) return SignInRequired("the user no longer exists");
  if (user->password_changed_at > found->created_at) {
    (void)store_.DeleteConsoleSession(hash);
    return SignInRequired("the password changed");
  }
  if (now - found->last_seen_at >= kTouchEverySeconds) {
    LEADS_RETURN_IF_ERROR(store_.TouchConsoleSession(hash, now));
    found->last_seen_at = now;
  }
  SignedIn s;
  s.user = std::move(user).value();
  s.session = std::move(*found);
  s.session_id = std::move(*id);
  s.csrf_token = CsrfToken(s.session_id);
  return s;
}

Status SessionManager::End(const http::Request& req) {
  auto id = CookieValue(req);
  if (!id) return Status::Ok();
  return store_.DeleteConsoleSession(HashId(*id));
}

}  // namespace leads::console
