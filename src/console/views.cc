#include "console/views.h"

#include "common/time_format.h"
#include "model/status_system.h"

namespace leads::console {
namespace {

boost::json::object Funnel(const FunnelCounts& f) {
  return {{"total", f.total},         {"valid", f.valid},     {"high_intention", f.high_intention},
          {"converted", f.converted}, {"invalid", f.invalid}, {"following", f.following}};
}

boost::json::array Groups(const std::vector<DashboardData::Group>& groups) {
  boost::json::array out;
  for (const auto& g : groups) {
    auto o = Funnel(g.counts);
    o["id"] = g.id;
    o["name"] = g.name;
    out.push_back(std::move(o));
  }
  return out;
}

boost::json::array Days(const std::vector<DashboardData::DayCount>& days) {
  boost::json::array out;
  for (const auto& d : days) out.push_back(boost::json::object{{"day", d.day}, {"value", d.value}, {"count", d.count}});
  return out;
}

}  // namespace

boost::json::object UserJson(const ConsoleUser& u) {
  return {{"user_id", u.user_id}, {"username", u.username}, {"display_name", u.display_name.empty() ? u.username : u.display_name},
          {"role", Name(u.role)}, {"agency_id", u.agency_id}};
}

boost::json::object AccountJson(const Account& a) {
  return {{"account_id", a.account_id},
          {"account_type", Name(a.account_type)},
          {"industry", Name(a.industry)},
          {"has_industry_system", HasIndustrySystem(a.industry)},
          {"leads_status_system_option", a.status_system == StatusSystem::kIndustry ? 2 : 1},
          {"push_url", a.push_url},
          {"push_algorithm", Name(a.push_algorithm)},
          {"wechat_appid", a.wechat_appid},
          {"agency_id", a.agency_id},
          {"agency_name", a.agency_name}};
}

boost::json::object CredentialJson(const Credential& c, bool with_secret, int offset) {
  boost::json::object o{{"token", c.token},
                        {"scope", Name(c.scope)},
                        {"account_id", c.account_id},
                        {"created_at", FormatDateTime(c.created_at, offset)},
                        {"revoked", c.revoked_at.has_value()}};
  if (c.revoked_at) o["revoked_at"] = FormatDateTime(*c.revoked_at, offset);
  if (with_secret) o["secret"] = c.secret;
  return o;
}

boost::json::object EventJson(const LeadEvent& e, int offset) {
  boost::system::error_code ec;
  auto detail = boost::json::parse(e.detail, ec);
  if (ec) detail = boost::json::object{};
  return {{"id", e.id}, {"at", FormatDateTime(e.at, offset)}, {"kind", e.kind}, {"detail", std::move(detail)}};
}

boost::json::object PushAttemptJson(const PushAttemptView& a, int offset) {
  boost::json::object o{{"at", FormatDateTime(a.at, offset)},
                        {"leads_id", a.leads_id},
                        {"delivery_id", a.delivery_id},
                        {"test", a.delivery_id == 0},
                        {"attempt", a.attempt},
                        {"url", a.url},
                        {"http_status", a.http_status},
                        {"latency_ms", a.latency_ms},
                        {"ok", a.error.empty()},
                        {"error", a.error},
                        {"response", a.response}};
  if (a.body_code) o["code"] = *a.body_code;
  else o["code"] = nullptr;
  return o;
}

boost::json::object DashboardJson(const DashboardData& d) {
  boost::json::array invalid;
  for (const auto& [tag, n] : d.invalid_by_tag) invalid.push_back(boost::json::object{{"follow_tag", tag}, {"count", n}});
  return {{"by_type", Days(d.by_type)},          {"by_source", Days(d.by_source)},
          {"funnel", Funnel(d.funnel)},          {"invalid_by_tag", std::move(invalid)},
          {"by_campaign", Groups(d.by_campaign)}, {"by_adgroup", Groups(d.by_adgroup)},
          {"by_ad", Groups(d.by_ad)}};
}

}  // namespace leads::console
