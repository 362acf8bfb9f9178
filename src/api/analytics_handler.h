// GET /api/ext/v1/analytics?start_time=…&end_time=…&group_by=day|campaign|adgroup|ad|source|type
// — our extension (issue 6), signed with the forwarding pair. Times as in
// /leads/list (yyyy-mm-dd, whole days, or epoch seconds) on leads_create_time,
// at most 366 days. Counts, valid and conversion rates, our tags, and with
// imported spend cost per lead, cost per converted lead and ROI.
#pragma once

#include "http/router.h"
#include "intel/analytics.h"

namespace leads::api {

class AnalyticsHandler final : public http::Handler {
 public:
  AnalyticsHandler(intel::Analytics& analytics, int utc_offset) : analytics_(analytics), offset_(utc_offset) {}
  http::Response Handle(const http::Request& req, const Principal* principal) override;

 private:
  intel::Analytics& analytics_;
  int offset_;
};

}  // namespace leads::api
