#include "service/intake_service.h"

#include "common/time_format.h"

namespace leads {

StatusOr<std::vector<int64_t>> IntakeService::Ingest(int64_t account_id, std::vector<IncomingLead> incoming) {
  LEADS_ASSIGN_OR_RETURN(Account account, accounts_.GetAccount(account_id));
  const int64_t now = clock_.NowSeconds();
  LEADS_ASSIGN_OR_RETURN(auto batch, Prepare(account, std::move(incoming), now));
  if (intel_) LEADS_RETURN_IF_ERROR(intel_->TagNewLeads(account_id, batch));  // issue 6
  return leads_.InsertLeads(account_id, batch, now);
}

StatusOr<std::vector<NewLead>> IntakeService::Prepare(const Account& account, std::vector<IncomingLead> incoming,
                                                      int64_t now) const {
  const int64_t account_id = account.account_id;
  const std::string now_text = FormatDateTime(now, offset_);
  const std::string account_text = std::to_string(account_id);
  std::vector<NewLead> batch;
  batch.reserve(incoming.size());
  for (auto& in : incoming) {
    Lead& l = in.lead;
    const std::string& given_account = l.Get(Field::kAccountId);
    if (!given_account.empty() && given_account != account_text)
      return InvalidArgument(ErrorCode::kAccountNotPermitted,
                             in.where + "account_id: " + given_account + " is not the target account " + account_text);
    l.Set(Field::kLeadsId, "");
    l.Set(Field::kAccountId, account_text);
    l.Set(Field::kAccountType, std::string(Name(account.account_type)));
    if (l.Get(Field::kWechatAppid).empty()) l.Set(Field::kWechatAppid, account.wechat_appid);
    if (l.Get(Field::kAgencyId).empty()) l.Set(Field::kAgencyId, account.agency_id);
    if (l.Get(Field::kAgencyName).empty()) l.Set(Field::kAgencyName, account.agency_name);
    if (l.Get(Field::kAdvertiserId).empty())
      l.Set(Field::kAdvertiserId, account.account_type == AccountType::kWechat ? account.wechat_appid : account_text);
    if (l.Get(Field::kLeadsFollowTag).empty()) l.Set(Field::kLeadsFollowTag, std::string(Name(FollowTag::kDefault)));
    if (l.Get(Field::kLeadsTouchTag).empty()) l.Set(Field::kLeadsTouchTag, std::string(Name(TouchTag::kNeverContact)));
    NewLead nl;
    if (l.Get(Field::kLeadsCreateTime).empty()) {
      l.Set(Field::kLeadsCreateTime, now_text);
      nl.create_time = now;
    } else {
      nl.create_time = *ParseDateTime(l.Get(Field::kLeadsCreateTime), offset_);  // validated on read
    }
    if (l.Get(Field::kLeadsActionTime).empty()) {
      l.Set(Field::kLeadsActionTime, l.Get(Field::kLeadsCreateTime));
      nl.action_time = nl.create_time;
    } else {
      nl.action_time = *ParseDateTime(l.Get(Field::kLeadsActionTime), offset_);
    }
    nl.lead = std::move(l);
    batch.push_back(std::move(nl));
  }
  return batch;
}

}  // namespace leads
