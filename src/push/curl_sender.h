// The HTTPS sender: libcurl's multi interface on one thread of its own.
//
// - Certificates and host names are verified against the system CA store,
//   plus an optional extra CA file (PEM) trusted beside it.
// - Connections are kept alive and reused per endpoint (curl's connection
//   cache in the multi handle); redirects are not followed.
// - Plain http:// is refused unless allowed; environment proxies are ignored
//   (an explicit proxy can be given).
// - Every request has its own timeout for the whole exchange.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "common/status.h"
#include "push/sender.h"

namespace leads::push {

struct CurlSenderOptions {
  std::string ca_file;               // extra trusted CA certificates (PEM); "" none
  bool allow_http = false;
  std::string proxy;                 // "" : direct
  size_t max_connections = 64;       // open connections in all
  size_t max_host_connections = 4;   // open connections to one host
};

class CurlSender final : public Sender {
 public:
  // InvalidArgument when the CA file cannot be read or holds no certificate.
  static StatusOr<std::unique_ptr<CurlSender>> Create(const CurlSenderOptions& options);
  ~CurlSender() override;

  void Send(PushRequest request, Callback done) override;

  // Stops taking requests (they complete at once with an error), waits up
  // to `grace` for the ones in flight, then aborts the rest (their
  // callbacks run with an error). Idempotent.
  void Shutdown(std::chrono::milliseconds grace);

  struct Impl;

 private:
  explicit CurlSender(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace leads::push
