#include "service/report_service.h"

#include <boost/json.hpp>

#include "common/time_format.h"
#include "model/status_system.h"

namespace leads {

std::string AppendFollowRecord(const std::string& records_json, const std::string& time, const std::string& kind,
                               const std::vector<std::pair<std::string, std::string>>& fields) {
  boost::json::array records;
  if (!records_json.empty()) {
    boost::system::error_code ec;
    auto v = boost::json::parse(records_json, ec);
    if (!ec && v.is_array()) {
      records = std::move(v.as_array());
    } else {
      // Free text from intake: keep it as the first record.
      records.push_back(boost::json::object{{"time", ""}, {"type", "imported"}, {"content", records_json}});
    }
  }
  boost::json::object rec{{"time", time}, {"type", kind}};
  for (const auto& [k, v] : fields)
    if (!v.empty()) rec[k] = v;
  if (!records.empty() && records.back().is_object()) {
    auto last = records.back().as_object();
    last.erase("time");
    auto cmp = rec;
    cmp.erase("time");
    if (last == cmp) return records_json;  // the same state again: harmless, no new record
  }
  records.push_back(std::move(rec));
  return boost::json::serialize(records);
}

Status ReportService::Apply(int64_t account_id, const std::vector<ReportItem>& items) {
  LEADS_ASSIGN_OR_RETURN(Account account, accounts_.GetAccount(account_id));
  for (size_t i = 0; i < items.size(); ++i) {
    const auto& it = items[i];
    auto where = [i] { return "list[" + std::to_string(i) + "]."; };
    if (it.convert_type && !ConvertAllowed(*it.convert_type, account.status_system, account.industry))
      return InvalidArgument(ErrorCode::kConvertTypeNotAllowed,
                             where() + "leads_convert_type: " + std::string(Name(*it.convert_type)) +
                                 " is not allowed by the account's " +
                                 (account.status_system == StatusSystem::kIndustry && HasIndustrySystem(account.industry)
                                      ? std::string(Name(account.industry)) + " industry"
                                      : std::string("standard")) +
                                 " status system");
    if (it.ineffect_reason && !ReasonAllowed(*it.ineffect_reason, account.status_system, account.industry))
      return InvalidArgument(ErrorCode::kReasonNotAllowed,
                             where() + "leads_ineffect_reason: " + std::string(Name(*it.ineffect_reason)) +
                                 " is not allowed by the account's status system");
  }
  std::vector<LeadReport> reports;
  reports.reserve(items.size());
  for (const auto& it : items) {
    LeadReport r;
    r.leads_id = it.leads_id;
    if (it.convert_type) r.convert_type = Name(*it.convert_type);
    if (it.ineffect_reason) r.ineffect_reason = Name(*it.ineffect_reason);
    if (it.intention_score) r.intention_score = Name(*it.intention_score);
    r.outer_convert_type = it.outer_convert_type;
    r.outer_ineffect_reason = it.outer_ineffect_reason;
    reports.push_back(std::move(r));
  }
  const int64_t now = clock_.NowSeconds();
  std::string when;  // formatted once, when a lead is written (a repeated report writes none)
  return leads_.ApplyReports(
      account_id, reports,
      [&](const LeadReport& r, Lead& lead) {
        size_t idx = static_cast<size_t>(&r - reports.data());
        const ReportItem& item = items[idx];
        if (when.empty()) when = FormatDateTime(now, offset_);
        if (item.convert_type)
          lead.Set(Field::kLeadsFollowTag, std::string(Name(FollowTagFor(*item.convert_type, item.ineffect_reason))));
        lead.Set(Field::kAllFollowRecords,
                 AppendFollowRecord(lead.Get(Field::kAllFollowRecords), when, "report",
                                    {{"leads_convert_type", std::string(r.convert_type)},
                                     {"leads_ineffect_reason", std::string(r.ineffect_reason)},
                                     {"leads_intention_score", std::string(r.intention_score)},
                                     {"outerLeadsConvertType", std::string(r.outer_convert_type)},
                                     {"outerLeadsIneffectReason", std::string(r.outer_ineffect_reason)}}));
        return Status::Ok();
      },
      now);
}

}  // namespace leads
