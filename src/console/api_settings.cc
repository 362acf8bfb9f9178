#include "console/api_settings.h"

#include "model/status_system.h"
#include "service/credentials.h"

namespace leads::console {

StatusOr<std::vector<Credential>> ApiSettings::Credentials(int64_t account_id) {
  return credentials_.ListCredentials(account_id);
}

StatusOr<Credential> ApiSettings::Issue(int64_t account_id, std::string_view scope) {
  auto s = Parse<Scope>(scope);
  if (!s) return InvalidArgument(ErrorCode::kUnknownEnum, "scope: must be forwarding, report or intake");
  return IssueCredential(accounts_, credentials_, random_, clock_, account_id, *s);
}

StatusOr<Credential> ApiSettings::Owned(int64_t account_id, const std::string& token) {
  auto c = credentials_.FindCredential(token);
  if (!c.ok() || c->account_id != account_id)
    return PermissionDenied(ErrorCode::kConsoleAccountForbidden, "token: not a token of account " + std::to_string(account_id));
  return c;
}

StatusOr<Credential> ApiSettings::Rotate(int64_t account_id, const std::string& token) {
  LEADS_RETURN_IF_ERROR(Owned(account_id, token).status());
  return RotateCredential(accounts_, credentials_, random_, clock_, token);
}

Status ApiSettings::Revoke(int64_t account_id, const std::string& token) {
  LEADS_RETURN_IF_ERROR(Owned(account_id, token).status());
  return credentials_.RevokeCredential(token, clock_.NowSeconds());
}

StatusOr<Account> ApiSettings::SetPush(int64_t account_id, const std::string& url, std::string_view algorithm) {
  LEADS_ASSIGN_OR_RETURN(Account a, accounts_.GetAccount(account_id));
  if (!url.empty()) {
    bool https = url.starts_with("https://"), http = url.starts_with("http://");
    if (!https && !(http && allow_http_))
      return InvalidArgument(ErrorCode::kInvalidValue,
                             allow_http_ ? "push_url: must start with https:// or http://" : "push_url: must start with https://");
    size_t host_start = url.find("://") + 3;
    size_t host_end = url.find_first_of("/?#", host_start);
    std::string_view host = std::string_view(url).substr(host_start, host_end == std::string::npos ? std::string::npos : host_end - host_start);
    if (host.empty() || host.find('@') != std::string_view::npos)
      return InvalidArgument(ErrorCode::kInvalidValue, "push_url: needs a host (and no user:password@)");
    if (url.size() > 2048) return InvalidArgument(ErrorCode::kInvalidValue, "push_url: longer than 2048 bytes");
    for (unsigned char c : url)
      if (c <= 0x20 || c >= 0x7f) return InvalidArgument(ErrorCode::kInvalidValue, "push_url: contains spaces or non-ASCII characters");
  }
  if (!algorithm.empty()) {
    auto alg = Parse<SignatureAlgorithm>(algorithm);
    if (!alg) return InvalidArgument(ErrorCode::kUnknownEnum, "push_algorithm: must be SHA1 or SHA256");
    a.push_algorithm = *alg;
  }
  a.push_url = url;
  LEADS_RETURN_IF_ERROR(accounts_.UpdateAccount(a));
  return a;
}

StatusOr<Account> ApiSettings::SetStatusSystem(int64_t account_id, int64_t option) {
  LEADS_ASSIGN_OR_RETURN(Account a, accounts_.GetAccount(account_id));
  if (option != 1 && option != 2)
    return InvalidArgument(ErrorCode::kInvalidValue, "leads_status_system_option: must be 1 or 2");
  if (option == 2 && !HasIndustrySystem(a.industry))
    return InvalidArgument(ErrorCode::kNoIndustry, "leads_status_system_option: 2 needs an account with an industry");
  a.status_system = option == 2 ? StatusSystem::kIndustry : StatusSystem::kStandard;
  LEADS_RETURN_IF_ERROR(accounts_.UpdateAccount(a));
  return a;
}

}  // namespace leads::console
