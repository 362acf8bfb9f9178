// GET /api/mv1/leads/list (API.md §5.1), forwarding scope.
#pragma once

#include "http/router.h"
#include "store/lead_store.h"

#include "api/list_page_cache.h"

namespace leads::api {

// GET /api/mv1/leads/list. Pages are rendered once and served from `cache`
// while the account's leads generation is unchanged.
class ListHandler final : public http::Handler {
 public:
  ListHandler(LeadStore& store, ListPageCache& cache, int utc_offset)
      : store_(store), cache_(cache), offset_(utc_offset) {}
  http::Response Handle(const http::Request& req, const Principal* principal) override;

 private:
  LeadStore& store_;
  ListPageCache& cache_;
  int offset_;
};

}  // namespace leads::api
