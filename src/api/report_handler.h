// POST /api/mv1/leads/report (API.md §5.2), report scope.
#pragma once

#include "http/router.h"
#include "service/report_service.h"

namespace leads::api {

class ReportHandler final : public http::Handler {
 public:
  explicit ReportHandler(ReportService& service) : service_(service) {}
  http::Response Handle(const http::Request& req, const Principal* principal) override;

 private:
  ReportService& service_;
};

}  // namespace leads::api
