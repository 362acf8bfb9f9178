// POST /api/mv1/leads/report_personal_wechat (API.md §5.4), report scope;
// an agency token may report for the accounts it was granted.
#pragma once

#include "auth/authenticator.h"
#include "common/clock.h"
#include "http/router.h"
#include "store/lead_store.h"

namespace leads::api {

class PersonalWechatHandler final : public http::Handler {
 public:
  PersonalWechatHandler(LeadStore& store, Authenticator& auth, const Clock& clock, int utc_offset)
      : store_(store), auth_(auth), clock_(clock), offset_(utc_offset) {}
  http::Response Handle(const http::Request& req, const Principal* principal) override;

 private:
  LeadStore& store_;
  Authenticator& auth_;
  const Clock& clock_;
  int offset_;
};

}  // namespace leads::api
