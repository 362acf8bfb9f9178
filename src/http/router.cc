#include "http/router.h"

#include <spdlog/spdlog.h>

#include "http/envelope.h"

namespace leads::http {

void Router::Add(std::string method, std::string path, std::optional<Scope> scope,
                 std::shared_ptr<Handler> handler, bool prefix) {
  size_t label = 0;
  while (label < labels_.size() && labels_[label] != path) ++label;
  if (label == labels_.size()) labels_.push_back(path);
  routes_.push_back({std::move(method), std::move(path), scope, std::move(handler), prefix, label});
}

Response Router::Dispatch(const Request& req, DispatchInfo* info) const {
  DispatchInfo ignored;
  if (!info) info = &ignored;
  info->route = labels_.size();
  std::string_view path = req.path;
  // Tolerate a trailing slash ("/api/mv1/leads/list/").
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  const Route* match = nullptr;
  bool path_known = false;
  for (const auto& r : routes_) {
    bool hit = r.prefix ? path.starts_with(r.path) : path == r.path;
    if (!hit) continue;
    path_known = true;
    if (r.method == req.method || (r.method == "GET" && req.method == "HEAD")) {
      match = &r;
      break;
    }
  }
  if (!match) {
    // A known path with a wrong method keeps its route label.
    for (const auto& r : routes_)
      if (r.prefix ? path.starts_with(r.path) : path == r.path) {
        info->route = r.label;
        break;
      }
    if (path_known)
      return ErrorResponse(InvalidArgument(ErrorCode::kMethodNotAllowed,
                                           "method " + std::string(req.method) + " not allowed for " + std::string(path)));
    return ErrorResponse(NotFound(ErrorCode::kUnknownPath, "no interface at " + std::string(path.substr(0, 200))));
  }
  info->route = match->label;
  try {
    if (!match->scope) return match->handler->Handle(req, nullptr);
    auto principal = auth_->Authenticate(req.Header("X-Signature"), req.Header("X-Signature-Algorithm"), *match->scope);
    if (!principal.ok()) return ErrorResponse(principal.status());
    info->account_id = principal->credential.account_id;
    if (limiter_) {
      if (int64_t wait = limiter_->Acquire(principal->credential.token, principal->credential.account_id)) {
        Response r = ErrorResponse(Unavailable(ErrorCode::kRateLimited,
                                               "too many requests for this token; retry in " + std::to_string(wait) +
                                                   " s"));
        r.headers.emplace_back("Retry-After", std::to_string(wait));
        return r;
      }
    }
    return match->handler->Handle(req, &*principal);
  } catch (const std::exception& e) {
    spdlog::error("request {} {}: unhandled exception: {}", req.request_id, std::string(path), e.what());
    return ErrorResponse(Internal(ErrorCode::kInternal, "internal error (request " + req.request_id + ")"));
  }
}

}  // namespace leads::http
