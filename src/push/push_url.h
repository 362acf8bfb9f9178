// An account's push URL, checked and reduced to what the worker needs: the
// endpoint (the unit of connection reuse and of concurrency limits) and a
// form safe to log (no user info, no query: either may carry a secret).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace leads::push {

struct PushUrl {
  std::string url;       // as configured (sent to)
  std::string scheme;    // "https" or "http"
  std::string host;      // lower-case; IPv6 in brackets
  uint16_t port = 0;     // explicit or the scheme's default
  std::string endpoint;  // "scheme://host:port"
  std::string display;   // "scheme://host[:port]/path"
};

// InvalidArgument (naming the problem, never echoing user info or query)
// when `url` is not an absolute http(s) URL with a host, or is plain http
// and `allow_http` is false.
StatusOr<PushUrl> ParsePushUrl(std::string_view url, bool allow_http);

}  // namespace leads::push
