// GET /api/ext/v1/leads/intel?leads_id=N — our extension (issue 6), signed
// with the forwarding pair: why a lead carries its tags (重复N条, 疑似空号,
// 可疑数据), the earlier leads it duplicates, its score's features.
#pragma once

#include "http/router.h"
#include "intel/intel_service.h"

namespace leads::api {

class LeadIntelHandler final : public http::Handler {
 public:
  LeadIntelHandler(intel::IntelService& intel, int utc_offset) : intel_(intel), offset_(utc_offset) {}
  http::Response Handle(const http::Request& req, const Principal* principal) override;

 private:
  intel::IntelService& intel_;
  int offset_;
};

}  // namespace leads::api
