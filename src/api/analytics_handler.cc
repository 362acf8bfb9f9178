#include "api/analytics_handler.h"

#include "api/params.h"
#include "common/time_format.h"
#include "http/envelope.h"

namespace leads::api {
namespace {

constexpr int64_t kMaxRangeSeconds = 366 * 86400;


}  // namespace

http::Response AnalyticsHandler::Handle(const http::Request& req, const Principal* principal) {
  auto run = [&]() -> StatusOr<std::string> {
    LEADS_ASSIGN_OR_RETURN(QueryParams q, ParseQuery(req.query));
    intel::AnalyticsQuery aq;
    aq.account_id = principal->credential.account_id;
    aq.utc_offset = offset_;
    LEADS_ASSIGN_OR_RETURN(aq.start, QueryTimeBound(q, "start_time", false, offset_));
    LEADS_ASSIGN_OR_RETURN(aq.end, QueryTimeBound(q, "end_time", true, offset_));
    if (aq.start > aq.end) return InvalidArgument(ErrorCode::kTimeRangeReversed, "start_time: is after end_time");
    if (aq.end - aq.start >= kMaxRangeSeconds)
      return InvalidArgument(ErrorCode::kInvalidValue, "end_time: the range may span at most 366 days");
    if (auto it = q.find("group_by"); it != q.end()) {
      auto d = Parse<intel::Dimension>(it->second);
      if (!d)
        return InvalidArgument(ErrorCode::kUnknownEnum, "group_by: '" + it->second.substr(0, 40) +
                                                            "' is not one of day, campaign, adgroup, ad, source, type");
      aq.group_by = *d;
    }
    for (const auto& [k, v] : q)
      if (k != "start_time" && k != "end_time" && k != "group_by")
        return InvalidArgument(ErrorCode::kUnknownField, k.substr(0, 40) + ": unknown parameter");
    return analytics_.Run(aq);
  };
  auto data = run();
  if (!data.ok()) return http::ErrorResponse(data.status());
  return http::OkResponse(*data);
}

}  // namespace leads::api
