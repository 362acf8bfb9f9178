// The HTTP/1.1 server (Boost.Beast): keep-alive, one worker thread per
// core, a deadline on every read and write, body and header limits, a bound
// on open connections, gzip for large bodies, and a graceful shutdown on
// SIGTERM/SIGINT (idle connections close, in-flight requests finish).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "http/router.h"

namespace leads::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;            // 0: any free port
  unsigned threads = 0;            // 0: one per core
  size_t body_limit = 1 << 20;     // bytes
  size_t header_limit = 16 << 10;  // bytes, request line included
  std::chrono::milliseconds read_timeout{15000};   // a whole request
  std::chrono::milliseconds idle_timeout{60000};   // between keep-alive requests
  std::chrono::milliseconds write_timeout{15000};
  std::chrono::milliseconds drain_timeout{10000};  // graceful shutdown bound
  size_t max_connections = 10000;
  size_t gzip_min_bytes = 1024;
  bool handle_signals = true;
};

// One answered request, as metrics and the access log see it. The views
// live only during OnRequest.
struct RequestRecord {
  std::string_view request_id;  // echoed in X-Request-Id
  std::string_view method;
  std::string_view path;        // without the query
  std::string_view remote;      // peer address
  size_t route = 0;             // Router::RouteLabels() index; its size(): no route
  int status = 0;               // HTTP status
  int code = 0;                 // envelope code
  int64_t micros = 0;           // request read whole → response handed to the socket
  size_t bytes = 0;             // response body, before gzip
  int64_t account_id = 0;       // 0: not known
};

// Told about every answered request, on the worker thread that answered
// it: must be cheap and thread-safe.
class RequestObserver {
 public:
  virtual ~RequestObserver() = default;
  virtual void OnRequest(const RequestRecord& r) = 0;
};

class Server {
 public:
  // `observer` (optional) is told about every request answered.
  Server(ServerOptions options, const Router& router, RequestObserver* observer = nullptr);
  ~Server();

  // Binds and listens. After it, port() is the bound port.
  Status Listen();
  uint16_t port() const;

  // Serves until Shutdown() (or a signal) and every connection has ended.
  void Run();

  // Thread-safe; idempotent. Stops accepting, closes idle connections and
  // lets in-flight requests finish, bounded by drain_timeout.
  void Shutdown();

  struct Impl;  // defined in server.cc, the only file that sees Beast

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace leads::http
