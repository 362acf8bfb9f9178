// GET /api/mv1/leads/list (API.md §5.1), forwarding scope.
#pragma once

#include "http/router.h"
#include "store/lead_store.h"

namespace leads::api {

class ListHandler final : public http::Handler {
 public:
  ListHandler(LeadStore& store, int utc_offset) : store_(store), offset_(utc_offset) {}
  http::Response Handle(const http::Request& req, const Principal* principal) override;

 private:
  LeadStore& store_;
  int offset_;
};

}  // namespace leads::api
