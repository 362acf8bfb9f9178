// POST /api/mv1/leads/set_leads_status_system (API.md §5.3), report scope.
#pragma once

#include "http/router.h"
#include "store/account_store.h"

namespace leads::api {

class StatusSystemHandler final : public http::Handler {
 public:
  explicit StatusSystemHandler(AccountStore& accounts) : accounts_(accounts) {}
  http::Response Handle(const http::Request& req, const Principal* principal) override;

 private:
  AccountStore& accounts_;
};

}  // namespace leads::api
