// A request and a response as handlers see them, free of Beast types so
// that only the server's translation unit includes Beast.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace leads::http {

struct Request {
  std::string_view method;  // "GET", "POST", ...
  std::string_view path;    // without the query
  std::string_view query;   // raw, without '?'
  std::string_view body;
  std::string_view remote;  // peer address
  std::string request_id;   // echoed in X-Request-Id
  std::vector<std::pair<std::string_view, std::string_view>> headers;

  // The first header named `name` (case-insensitive), or "".
  std::string_view Header(std::string_view name) const;
};

struct Response {
  int status = 200;
  int code = 0;  // the envelope's code (metrics and the access log)
  std::string body;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace leads::http
