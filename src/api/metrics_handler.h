// GET /metrics: the Prometheus text exposition (metrics/metrics.h). When a
// bearer token is configured the request must carry
// `Authorization: Bearer TOKEN` (compared in constant time); otherwise 401
// with code 2014. Where it is served is the App's decision (--metrics-listen,
// or the main listener only with a token).
#pragma once

#include <string>

#include "http/router.h"
#include "metrics/metrics.h"

namespace leads::api {

class MetricsHandler final : public http::Handler {
 public:
  MetricsHandler(const metrics::Registry& registry, std::string bearer_token)
      : registry_(registry), token_(std::move(bearer_token)) {}
  http::Response Handle(const http::Request& req, const Principal* principal) override;

 private:
  const metrics::Registry& registry_;
  std::string token_;
};

}  // namespace leads::api
