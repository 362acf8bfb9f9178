// Serves the built front end under /console/: files by path with their
// content types, index.html for every other path (the page routes itself),
// long-lived caching for the hashed assets under assets/ and none for
// index.html, and security headers (CSP, nosniff, no framing).
#pragma once

#include <string>

#include "http/router.h"

namespace leads::console {

// The directory to serve: `configured` when given, otherwise the first of
// <binary dir>/../share/leads/console and the build's web/dist that holds
// an index.html ("" when none does).
std::string ResolveConsoleDir(const std::string& configured);

class StaticFiles final : public http::Handler {
 public:
  explicit StaticFiles(std::string dir) : dir_(std::move(dir)) {}
  http::Response Handle(const http::Request& req, const Principal* principal) override;

 private:
  std::string dir_;
};

// Answers a redirect (308) to a fixed location (GET / -> /console/).
class RedirectHandler final : public http::Handler {
 public:
  explicit RedirectHandler(std::string to) : to_(std::move(to)) {}
  http::Response Handle(const http::Request& req, const Principal* principal) override;

 private:
  std::string to_;
};

// The content type of a file name by its extension.
std::string ContentTypeFor(std::string_view name);

}  // namespace leads::console
