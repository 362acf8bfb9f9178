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
#include "http/message.h"

namespace leads::http {

class Handler {
 public:
  virtual ~Handler() = default;
  // `principal` is null on routes without auth.
  virtual Response Handle(const Request& req, const Principal* principal) = 0;
};

class Router {
 public:
  explicit Router(Authenticator* auth) : auth_(auth) {}

  // `scope` empty: no signature needed. `prefix` true: matches path prefixes.
  void Add(std::string method, std::string path, std::optional<Scope> scope,
           std::shared_ptr<Handler> handler, bool prefix = false);

  Response Dispatch(const Request& req) const;

 private:
  struct Route {
    std::string method, path;
    std::optional<Scope> scope;
    std::shared_ptr<Handler> handler;
    bool prefix;
  };
  Authenticator* auth_;
  std::vector<Route> routes_;
};

}  // namespace leads::http
