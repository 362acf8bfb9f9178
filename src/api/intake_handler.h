// POST /intake/v1/leads — our extension, outside /api/mv1/: leads enter
// with the push field set (§6), signed like the platform API with an
// intake-scope token, for the token's account. Body {"list": [lead, ...]}
// (1..1000 leads, all-or-nothing). Answers data {"imported": n, "leads_ids": [...]}.
#pragma once

#include "http/router.h"
#include "service/intake_service.h"

namespace leads::api {

class IntakeHandler final : public http::Handler {
 public:
  explicit IntakeHandler(IntakeService& service) : service_(service) {}
  http::Response Handle(const http::Request& req, const Principal* principal) override;

 private:
  IntakeService& service_;
};

// GET /healthz: the process is up.
class HealthHandler final : public http::Handler {
 public:
  http::Response Handle(const http::Request& req, const Principal* principal) override;
};

}  // namespace leads::api
