#include "api/report_handler.h"

#include <boost/json.hpp>

#include "api/params.h"
#include "http/envelope.h"

namespace leads::api {
namespace {

constexpr size_t kMaxItems = 50;

template <typename E, typename ParseFn>
StatusOr<std::optional<E>> EnumField(const boost::json::object& o, std::string_view key, const std::string& where,
                                     ParseFn parse) {
  LEADS_ASSIGN_OR_RETURN(auto s, JsonStringView(o, key, where, 128));
  if (!s || s->empty()) return std::optional<E>();
  auto v = parse(*s);
  if (!v)
    return InvalidArgument(ErrorCode::kUnknownEnum,
                           where + std::string(key) + ": unknown value '" + std::string(s->substr(0, 80)) + "'");
  return std::optional<E>(*v);
}

StatusOr<std::vector<ReportItem>> ReadItems(const boost::json::object& body) {
  auto it = body.find("list");
  if (it == body.end() || it->value().is_null()) return Missing("", "list");
  if (!it->value().is_array()) return InvalidArgument(ErrorCode::kWrongType, "list: must be an array");
  const auto& arr = it->value().get_array();
  if (arr.empty() || arr.size() > kMaxItems)
    return InvalidArgument(ErrorCode::kListSize, "list: must hold 1 to 50 items, got " + std::to_string(arr.size()));
  std::vector<ReportItem> items;
  items.reserve(arr.size());
  for (size_t i = 0; i < arr.size(); ++i) {
    std::string where = "list[" + std::to_string(i) + "].";
    if (!arr[i].is_object()) return InvalidArgument(ErrorCode::kWrongType, "list[" + std::to_string(i) + "]: must be an object");
    const auto& o = arr[i].get_object();
    ReportItem item;
    LEADS_ASSIGN_OR_RETURN(auto id, JsonInt(o, "leads_id", where));
    if (!id) return Missing(where, "leads_id");
    if (*id <= 0) return InvalidArgument(ErrorCode::kInvalidValue, where + "leads_id: must be positive");
    item.leads_id = *id;
    LEADS_ASSIGN_OR_RETURN(item.convert_type,
                           EnumField<ConvertStatus>(o, "leads_convert_type", where, Parse<ConvertStatus>));
    LEADS_ASSIGN_OR_RETURN(item.ineffect_reason,
                           EnumField<IneffectReason>(o, "leads_ineffect_reason", where, ParseIneffectReason));
    LEADS_ASSIGN_OR_RETURN(item.intention_score,
                           EnumField<IntentionScore>(o, "leads_intention_score", where, Parse<IntentionScore>));
    LEADS_ASSIGN_OR_RETURN(auto outer, JsonString(o, "outerLeadsConvertType", where, 256));
    LEADS_ASSIGN_OR_RETURN(auto outer_reason, JsonString(o, "outerLeadsIneffectReason", where, 1024));
    item.outer_convert_type = outer.value_or("");
    item.outer_ineffect_reason = outer_reason.value_or("");
    if (item.ineffect_reason && !item.convert_type)
      return InvalidArgument(ErrorCode::kReasonWithoutConvertType,
                             where + "leads_ineffect_reason: given without leads_convert_type");
    if (!item.convert_type && !item.intention_score && item.outer_convert_type.empty())
      return InvalidArgument(ErrorCode::kMissingParameter,
                             where + "leads_convert_type: one of leads_convert_type, leads_intention_score, "
                                     "outerLeadsConvertType is required");
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace

http::Response ReportHandler::Handle(const http::Request& req, const Principal* principal) {
  // The parsed body lives in one block on this stack (50 items take ~20 KB;
  // a larger body continues on the heap): no allocation per object or string.
  alignas(std::max_align_t) unsigned char buffer[32 * 1024];
  boost::json::monotonic_resource memory(buffer, sizeof buffer);
  auto body = ParseJsonBody(req, &memory);
  if (!body.ok()) return http::ErrorResponse(body.status());
  auto items = ReadItems(*body);
  if (!items.ok()) return http::ErrorResponse(items.status());
  Status s = service_.Apply(principal->credential.account_id, *items);
  if (!s.ok()) return http::ErrorResponse(s);
  return http::OkResponse("{\"count\":" + std::to_string(items->size()) + "}");
}

}  // namespace leads::api
