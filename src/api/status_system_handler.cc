#include "api/status_system_handler.h"

#include "api/params.h"
#include "http/envelope.h"
#include "model/status_system.h"

namespace leads::api {
namespace {

Status Apply(AccountStore& accounts, const http::Request& req, const Principal& p) {
  LEADS_ASSIGN_OR_RETURN(auto body, ParseJsonBody(req));
  LEADS_ASSIGN_OR_RETURN(auto account_id, JsonInt(body, "account_id"));
  if (!account_id) return Missing("", "account_id");
  LEADS_ASSIGN_OR_RETURN(auto option, JsonInt(body, "leads_status_system_option"));
  if (!option) return Missing("", "leads_status_system_option");
  if (*option != 1 && *option != 2)
    return InvalidArgument(ErrorCode::kInvalidValue, "leads_status_system_option: must be 1 or 2, got " +
                                                         std::to_string(*option));
  if (*account_id != p.credential.account_id)
    return PermissionDenied(ErrorCode::kAccountNotPermitted,
                            "account_id: " + std::to_string(*account_id) + " is not the token's account");
  LEADS_ASSIGN_OR_RETURN(Account a, accounts.GetAccount(*account_id));
  if (*option == 2 && !HasIndustrySystem(a.industry))
    return InvalidArgument(ErrorCode::kNoIndustry,
                           "leads_status_system_option: 2 needs an account in real_estate, home, medical or "
                           "franchise; account " + std::to_string(*account_id) + " has industry none");
  a.status_system = *option == 2 ? StatusSystem::kIndustry : StatusSystem::kStandard;
  return accounts.UpdateAccount(a);
}

}  // namespace

http::Response StatusSystemHandler::Handle(const http::Request& req, const Principal* principal) {
  Status s = Apply(accounts_, req, *principal);
  if (!s.ok()) return http::ErrorResponse(s);
  return http::OkResponse("{}");
}

}  // namespace leads::api
