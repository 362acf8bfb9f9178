#include "api/intake_handler.h"

#include <boost/json.hpp>

#include "api/params.h"
#include "http/envelope.h"

namespace leads::api {
namespace {
constexpr size_t kMaxBatch = 1000;
}

http::Response IntakeHandler::Handle(const http::Request& req, const Principal* principal) {
  auto run = [&]() -> StatusOr<std::vector<int64_t>> {
    LEADS_ASSIGN_OR_RETURN(auto body, ParseJsonBody(req));
    auto it = body.find("list");
    if (it == body.end() || it->value().is_null()) return Missing("", "list");
    if (!it->value().is_array()) return InvalidArgument(ErrorCode::kWrongType, "list: must be an array");
    const auto& arr = it->value().get_array();
    if (arr.empty() || arr.size() > kMaxBatch)
      return InvalidArgument(ErrorCode::kListSize, "list: must hold 1 to 1000 leads, got " + std::to_string(arr.size()));
    std::vector<IncomingLead> leads;
    leads.reserve(arr.size());
    for (size_t i = 0; i < arr.size(); ++i) {
      std::string where = "list[" + std::to_string(i) + "].";
      if (!arr[i].is_object()) return InvalidArgument(ErrorCode::kWrongType, "list[" + std::to_string(i) + "]: must be an object");
      LEADS_ASSIGN_OR_RETURN(Lead lead, LeadFromJson(arr[i].get_object(), where));
      leads.push_back({std::move(lead), where});
    }
    return service_.Ingest(principal->credential.account_id, std::move(leads));
  };
  auto ids = run();
  if (!ids.ok()) return http::ErrorResponse(ids.status());
  std::string data = "{\"imported\":" + std::to_string(ids->size()) + ",\"leads_ids\":[";
  for (size_t i = 0; i < ids->size(); ++i) {
    if (i) data += ',';
    data += std::to_string((*ids)[i]);
  }
  data += "]}";
  return http::OkResponse(data);
}

http::Response HealthHandler::Handle(const http::Request&, const Principal*) { return http::OkResponse("{\"status\":\"ok\"}"); }

}  // namespace leads::api
