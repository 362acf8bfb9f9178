#include "api/list_handler.h"

#include "api/params.h"
#include "common/time_format.h"
#include "http/envelope.h"

namespace leads::api {
namespace {

constexpr int64_t kMaxPageSize = 200;
// Deep pages beyond this should use search_after_leads_id (keyset paging).
constexpr int64_t kMaxPage = 1000000;


StatusOr<ListQuery> ReadQuery(const http::Request& req, int64_t account_id, int offset) {
  LEADS_ASSIGN_OR_RETURN(QueryParams q, ParseQuery(req.query));
  ListQuery lq;
  lq.account_id = account_id;
  LEADS_ASSIGN_OR_RETURN(lq.start, QueryTimeBound(q, "start_time", false, offset));
  LEADS_ASSIGN_OR_RETURN(lq.end, QueryTimeBound(q, "end_time", true, offset));
  if (lq.start > lq.end)
    return InvalidArgument(ErrorCode::kTimeRangeReversed, "start_time: is after end_time");
  LEADS_ASSIGN_OR_RETURN(auto tt, QueryInt(q, "time_type", 0, 1));
  lq.time_type = tt.value_or(0) == 1 ? TimeType::kCreate : TimeType::kAction;
  LEADS_ASSIGN_OR_RETURN(auto page, QueryInt(q, "page", 1, kMaxPage));
  lq.page = page.value_or(1);
  LEADS_ASSIGN_OR_RETURN(auto size, QueryInt(q, "page_size", 1, kMaxPageSize));
  lq.page_size = size.value_or(50);
  LEADS_ASSIGN_OR_RETURN(auto after, QueryInt(q, "search_after_leads_id", 1, INT64_MAX));
  lq.search_after = after;
  return lq;
}

// Every parameter that shapes the page, in a fixed order.
std::string CacheKey(const ListQuery& q) {
  std::string key;
  for (int64_t v : {q.account_id, int64_t{q.time_type == TimeType::kCreate}, q.start, q.end, q.page, q.page_size,
                    q.search_after.value_or(0)}) {
    key += std::to_string(v);
    key += ',';
  }
  return key;
}

}  // namespace

http::Response ListHandler::Handle(const http::Request& req, const Principal* principal) {
  auto q = ReadQuery(req, principal->credential.account_id, offset_);
  if (!q.ok()) return http::ErrorResponse(q.status());
  // Read before the page: see list_page_cache.h for why this order is safe.
  auto generation = store_.LeadsGeneration(q->account_id);
  if (!generation.ok()) return http::ErrorResponse(generation.status());
  const std::string key = CacheKey(*q);
  if (auto body = cache_.Find(key, *generation)) {
    http::Response hit;
    hit.body = *body;
    return hit;
  }
  auto page = store_.ListLeads(*q);
  if (!page.ok()) return http::ErrorResponse(page.status());
  http::EnvelopeWriter data(page->docs.size() + 160);
  data += "{\"page_info\":{\"page\":";
  data += std::to_string(q->page);
  data += ",\"page_size\":";
  data += std::to_string(q->page_size);
  data += ",\"total_number\":";
  data += std::to_string(page->total);
  data += ",\"total_page\":";
  data += std::to_string((page->total + q->page_size - 1) / q->page_size);
  data += "},\"list\":[";
  data += page->docs;
  data += "]}";
  http::Response response = std::move(data).Finish();
  cache_.Put(key, *generation, std::make_shared<const std::string>(response.body));
  return response;
}

}  // namespace leads::api
