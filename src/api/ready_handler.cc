#include "api/ready_handler.h"

#include "http/envelope.h"

namespace leads::api {

http::Response ReadyHandler::Handle(const http::Request&, const Principal*) {
  // Account 0 never exists: NotFound proves the store answered.
  auto probe = store_.GetAccount(0);
  if (probe.ok() || probe.status().reason() == Reason::kNotFound) return http::OkResponse("{\"status\":\"ready\"}");
  http::Response r = http::ErrorResponse(probe.status());
  r.status = 503;
  return r;
}

}  // namespace leads::api
