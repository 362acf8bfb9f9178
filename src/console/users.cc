#include "console/users.h"

#include "console/password.h"

namespace leads::console {

Status CheckUsername(std::string_view u) {
  if (u.empty() || u.size() > 64)
    return InvalidArgument(ErrorCode::kInvalidValue, "username: must be 1 to 64 characters");
  for (char c : u) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '@' || c == '-';
    if (!ok) return InvalidArgument(ErrorCode::kInvalidValue, "username: only letters, digits and . _ @ - are allowed");
  }
  return Status::Ok();
}

StatusOr<ConsoleUser> AddUser(Store& store, const Clock& clock, const NewUser& n, const std::string& password) {
  LEADS_RETURN_IF_ERROR(CheckUsername(n.username));
  if (n.display_name.size() > 64) return InvalidArgument(ErrorCode::kInvalidValue, "display_name: longer than 64 bytes");
  if (n.role == ConsoleRole::kAgency && n.agency_id.empty() && n.accounts.empty())
    return InvalidArgument(ErrorCode::kMissingParameter, "agency_id: an agency user needs --agency-id or --account-id");
  for (int64_t a : n.accounts) LEADS_RETURN_IF_ERROR(store.GetAccount(a).status());
  LEADS_RETURN_IF_ERROR(CheckPasswordPolicy(password));
  ConsoleUser u;
  u.username = n.username;
  u.display_name = n.display_name;
  u.role = n.role;
  u.agency_id = n.agency_id;
  LEADS_ASSIGN_OR_RETURN(u.password_hash, HashPassword(password));
  u.created_at = u.password_changed_at = clock.NowSeconds();
  LEADS_ASSIGN_OR_RETURN(u.user_id, store.CreateConsoleUser(u));
  for (int64_t a : n.accounts) LEADS_RETURN_IF_ERROR(store.GrantConsoleAccount(u.user_id, a));
  return u;
}

Status SetPassword(Store& store, const Clock& clock, const std::string& username, const std::string& password) {
  LEADS_ASSIGN_OR_RETURN(ConsoleUser u, store.FindConsoleUser(username));
  LEADS_RETURN_IF_ERROR(CheckPasswordPolicy(password));
  LEADS_ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  return store.SetConsolePassword(u.user_id, hash, clock.NowSeconds());
}

Status Grant(Store& store, const std::string& username, int64_t account_id) {
  LEADS_ASSIGN_OR_RETURN(ConsoleUser u, store.FindConsoleUser(username));
  LEADS_RETURN_IF_ERROR(store.GetAccount(account_id).status());
  return store.GrantConsoleAccount(u.user_id, account_id);
}

Status Ungrant(Store& store, const std::string& username, int64_t account_id) {
  LEADS_ASSIGN_OR_RETURN(ConsoleUser u, store.FindConsoleUser(username));
  return store.RevokeConsoleAccount(u.user_id, account_id);
}

StatusOr<std::string> ReadPassword(std::istream& in, std::string_view what) {
  std::string line;
  if (!std::getline(in, line))
    return InvalidArgument(ErrorCode::kMissingParameter, std::string(what) + ": no password (give it on standard input or with --password-file)");
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  return line;
}

}  // namespace leads::console
