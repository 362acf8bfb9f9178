#include "push/push_request.h"

#include <boost/json.hpp>

#include "auth/signature.h"
#include "common/time_format.h"

namespace leads::push {

StatusOr<PushTarget> ResolveTarget(AccountStore& accounts, CredentialStore& credentials, int64_t account_id,
                                   bool allow_http) {
  PushTarget t;
  auto account = accounts.GetAccount(account_id);
  if (!account.ok()) {
    if (account.status().reason() == Reason::kNotFound)
      return InvalidArgument(ErrorCode::kInvalidValue, "account " + std::to_string(account_id) + " does not exist");
    return account.status();
  }
  t.account = std::move(account).value();
  if (t.account.push_url.empty())
    return InvalidArgument(ErrorCode::kInvalidValue,
                           "account " + std::to_string(account_id) + " has no push URL (account update --push-url)");
  LEADS_ASSIGN_OR_RETURN(t.url, ParsePushUrl(t.account.push_url, allow_http));
  LEADS_ASSIGN_OR_RETURN(auto creds, credentials.ListCredentials(account_id));
  const Credential* best = nullptr;
  for (const auto& c : creds) {  // newest first
    if (c.scope != Scope::kForwarding || c.revoked_at || c.account_id != account_id) continue;
    if (!best || c.created_at > best->created_at) best = &c;
  }
  if (!best)
    return InvalidArgument(ErrorCode::kInvalidValue,
                           "account " + std::to_string(account_id) +
                               " has no forwarding credential to sign pushes with (token issue --scope forwarding)");
  t.credential = *best;
  return t;
}

PushRequest BuildPushRequest(const PushTarget& target, std::string body, std::string_view delivery_id,
                             int attempt, int64_t timestamp, std::chrono::milliseconds timeout, bool test) {
  PushRequest r;
  r.url = target.url.url;
  r.timeout = timeout;
  const Credential& c = target.credential;
  const std::string ts = std::to_string(timestamp);
  r.headers = {
      {"Content-Type", "application/json"},
      {"X-Signature", SignOld(target.account.push_algorithm, c.token, timestamp, c.secret)},
      {"X-Signature-Algorithm", std::string(Name(target.account.push_algorithm))},
      {kHeaderDeliveryId, std::string(delivery_id)},
      {kHeaderAttempt, std::to_string(attempt)},
      {kHeaderTimestamp, ts},
      {kHeaderBodySignature, BodySignature(c.secret, timestamp, delivery_id, body)},
  };
  if (test) r.headers.emplace_back(kHeaderTest, "1");
  r.body = std::move(body);
  return r;
}

StatusOr<std::string> PushBodyFromDoc(std::string_view doc) {
  boost::system::error_code ec;
  auto v = boost::json::parse(doc, ec);
  if (ec || !v.is_object()) return Internal(ErrorCode::kInternal, "the stored lead document is corrupt");
  LEADS_ASSIGN_OR_RETURN(Lead lead, LeadFromJson(v.get_object(), "stored lead: "));
  return lead.RenderPush();
}

Lead SampleLead(const Account& a, int64_t now, int utc_offset) {
  Lead l;
  const std::string time = FormatDateTime(now, utc_offset);
  l.Set(Field::kLeadsId, std::to_string(kTestLeadsId));
  l.Set(Field::kAccountId, std::to_string(a.account_id));
  l.Set(Field::kAccountType, std::string(Name(a.account_type)));
  l.Set(Field::kAdvertiserId, a.account_type == AccountType::kWechat ? a.wechat_appid : std::to_string(a.account_id));
  l.Set(Field::kWechatAppid, a.wechat_appid);
  l.Set(Field::kAgencyId, a.agency_id);
  l.Set(Field::kAgencyName, a.agency_name);
  l.Set(Field::kClickId, "test-click-id");
  l.Set(Field::kLeadsType, std::string(Name(LeadsType::kForm)));
  l.Set(Field::kLeadsSubType, std::string(Name(LeadsSubType::kFormSubmit)));
  l.Set(Field::kLeadsSource, std::string(Name(LeadsSource::kXj)));
  l.Set(Field::kLeadsTags, kTestTag);
  l.Set(Field::kLeadsName, "测试线索");
  l.Set(Field::kLeadsTel, "13800000000");
  l.Set(Field::kTelLocation, "广东省深圳市");
  l.Set(Field::kLeadsArea, "广东省深圳市");
  l.Set(Field::kLeadsGender, std::string(Name(Gender::kUnknown)));
  l.Set(Field::kLeadsFollowTag, std::string(Name(FollowTag::kDefault)));
  l.Set(Field::kLeadsTouchTag, std::string(Name(TouchTag::kNeverContact)));
  l.Set(Field::kPageName, "测试落地页");
  l.Set(Field::kBundle, "{}");
  l.Set(Field::kLayerFormContent, "[]");
  l.Set(Field::kCustomQa, "[]");
  l.Set(Field::kLeadsCreateTime, time);
  l.Set(Field::kLeadsActionTime, time);
  return l;
}

}  // namespace leads::push
