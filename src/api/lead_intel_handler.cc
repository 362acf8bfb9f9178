#include "api/lead_intel_handler.h"

#include "api/params.h"
#include "http/envelope.h"

namespace leads::api {

http::Response LeadIntelHandler::Handle(const http::Request& req, const Principal* principal) {
  auto run = [&]() -> StatusOr<std::string> {
    LEADS_ASSIGN_OR_RETURN(QueryParams q, ParseQuery(req.query));
    LEADS_ASSIGN_OR_RETURN(auto id, QueryInt(q, "leads_id", 1, INT64_MAX));
    if (!id) return Missing("", "leads_id");
    return intel_.Explain(principal->credential.account_id, *id, offset_);
  };
  auto data = run();
  if (!data.ok()) return http::ErrorResponse(data.status());
  return http::OkResponse(*data);
}

}  // namespace leads::api
