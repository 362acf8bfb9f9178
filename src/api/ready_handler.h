// GET /readyz: the store answers (a load balancer's readiness probe; /healthz
// only says the process is up). 200 {"status":"ready"} when a read reaches
// the store; 503 with the store's code (1101) in the envelope otherwise.
#pragma once

#include "http/router.h"
#include "store/account_store.h"

namespace leads::api {

class ReadyHandler final : public http::Handler {
 public:
  explicit ReadyHandler(AccountStore& store) : store_(store) {}
  http::Response Handle(const http::Request& req, const Principal* principal) override;

 private:
  AccountStore& store_;
};

}  // namespace leads::api
