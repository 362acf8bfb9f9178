// Maps method + path to a handler and its auth policy. Dispatch runs the
// authenticator before the handler (a failure never reaches the handler),
// answers unknown paths with 404 and wrong methods with 405 (both in the
// envelope), and turns any escaped exception into a 1100 envelope.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/authenticator.h"
#include "auth/rate_limiter.h"
#include "http/message.h"

namespace leads::http {

class Handler {
 public:
  virtual ~Handler() = default;
  // `principal` is null on routes without auth.
  virtual Response Handle(const Request& req, const Principal* principal) = 0;
};

// What Dispatch learnt about a request, for metrics and the access log.
struct DispatchInfo {
  size_t route = 0;        // index into RouteLabels(); RouteLabels().size(): no route matched
  int64_t account_id = 0;  // the verified token's account (0: none)
};

class Router {
 public:
  // `limiter` (optional) is applied to signed routes after authentication.
  explicit Router(Authenticator* auth, RateLimiter* limiter = nullptr) : auth_(auth), limiter_(limiter) {}

  // `scope` empty: no signature needed. `prefix` true: matches path prefixes.
  void Add(std::string method, std::string path, std::optional<Scope> scope,
           std::shared_ptr<Handler> handler, bool prefix = false);

  Response Dispatch(const Request& req, DispatchInfo* info = nullptr) const;

  // One label per distinct route path (prefix routes end in '/'), in the
  // order added: fixed at start, never a client's path (metrics labels).
  const std::vector<std::string>& RouteLabels() const { return labels_; }

 private:
  struct Route {
    std::string method, path;
    std::optional<Scope> scope;
    std::shared_ptr<Handler> handler;
    bool prefix;
    size_t label;
  };
  Authenticator* auth_;
  RateLimiter* limiter_;
  std::vector<Route> routes_;
  std::vector<std::string> labels_;
};

}  // namespace leads::http
