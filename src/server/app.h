// The one place that wires configuration into objects: store, clock,
// authenticator, services, handlers, router, HTTP server, and background
// maintenance. Only main() and tests' harnesses build an App.
#pragma once

#include <memory>
#include <string>

#include "auth/authenticator.h"
#include "auth/rate_limiter.h"
#include "common/clock.h"
#include "console/console_options.h"
#include "http/server.h"
#include "push/push_options.h"
#include "server/logging.h"
#include "store/store.h"

namespace leads {

struct AppConfig {
  std::string db_url = "sqlite:./leads.db";
  std::string listen = "127.0.0.1:8080";
  AuthOptions auth;
  http::ServerOptions http;
  StoreOptions store;
  int utc_offset = 8 * 3600;
  // Rendered list pages kept for reuse (see api/list_page_cache.h); 0 = off.
  size_t list_cache_mb = 32;
  push::PushOptions push;
  console::ConsoleOptions console;
  LogOptions log;
  RateLimitOptions rate_limits;
  // /metrics: on its own listener (HOST:PORT; "" none) and, when a bearer
  // token is set, also on the main listener; the token is required
  // wherever it is set.
  std::string metrics_listen;
  std::string metrics_token;
};

class App {
 public:
  explicit App(AppConfig config);
  ~App();

  // Opens the store and binds the listener.
  Status Start();
  // The URL the server listens on (after Start).
  std::string Url() const;
  // The metrics listener's URL ("" without --metrics-listen).
  std::string MetricsUrl() const;
  // Serves until SIGTERM/SIGINT or Shutdown().
  void Run();
  void Shutdown();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Splits "HOST:PORT"; InvalidArgument naming `flag` otherwise.
Status ParseListen(const std::string& listen, std::string* host, uint16_t* port, const std::string& flag = "--listen");

}  // namespace leads
