#include "api/metrics_handler.h"

#include "common/encoding.h"
#include "http/envelope.h"

namespace leads::api {

http::Response MetricsHandler::Handle(const http::Request& req, const Principal*) {
  if (!token_.empty()) {
    std::string_view auth = req.Header("Authorization");
    constexpr std::string_view kBearer = "Bearer ";
    bool ok = auth.size() > kBearer.size() && auth.substr(0, kBearer.size()) == kBearer &&
              ConstantTimeEquals(std::string(auth.substr(kBearer.size())), token_);
    if (!ok) {
      http::Response r = http::ErrorResponse(
          Unauthenticated(ErrorCode::kMetricsUnauthorized, "metrics: Authorization: Bearer token missing or wrong"));
      r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"leadsd metrics\"");
      return r;
    }
  }
  http::Response r;
  r.body = registry_.Render();
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

}  // namespace leads::api
