// A small HTTPS/1.1 server for `leadsctl receive --cert --key` (Beast +
// asio::ssl; the only leadsctl translation unit that sees Beast): TLS
// handshake and every read/write under a deadline, keep-alive, a body
// limit, stops on SIGINT/SIGTERM. Requests go to one handler function.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "http/message.h"

namespace leads::ctl {

struct TlsServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  std::string cert_file;  // PEM certificate chain
  std::string key_file;   // PEM private key
  size_t body_limit = 1 << 20;
  std::chrono::milliseconds timeout{15000};
  unsigned threads = 2;
};

using RequestHandler = std::function<http::Response(const http::Request&)>;

class TlsServer {
 public:
  TlsServer(TlsServerOptions options, RequestHandler handler);
  ~TlsServer();
  // Loads the certificate and key, binds and listens.
  Status Listen();
  uint16_t port() const;
  // Serves until SIGINT/SIGTERM or Shutdown().
  void Run();
  void Shutdown();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace leads::ctl
