#include "console/static_files.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "http/envelope.h"

#ifndef LEADS_WEB_DIST
#define LEADS_WEB_DIST ""
#endif

namespace leads::console {
namespace {

namespace fs = std::filesystem;

constexpr char kCsp[] =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'";

bool HasIndex(const std::string& dir) {
  std::error_code ec;
  return !dir.empty() && fs::is_regular_file(fs::path(dir) / "index.html", ec);
}

std::optional<std::string> ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void SecurityHeaders(http::Response& r) {
  r.headers.emplace_back("Content-Security-Policy", kCsp);
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  r.headers.emplace_back("Referrer-Policy", "same-origin");
}

// A safe relative path: no "..", no empty or hidden segments, no backslashes.
bool SafeRelative(std::string_view rel) {
  if (rel.find('\\') != std::string_view::npos || rel.find('\0') != std::string_view::npos) return false;
  size_t start = 0;
  while (start <= rel.size()) {
    size_t end = rel.find('/', start);
    if (end == std::string_view::npos) end = rel.size();
    std::string_view seg = rel.substr(start, end - start);
    if (seg.empty() || seg[0] == '.') return false;
    start = end + 1;
  }
  return true;
}

}  // namespace

std::string ContentTypeFor(std::string_view name) {
  auto ends = [&](std::string_view ext) { return name.ends_with(ext); };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json") || ends(".map")) return "application/json; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".jpg") || ends(".jpeg")) return "image/jpeg";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".woff2")) return "font/woff2";
  if (ends(".woff")) return "font/woff";
  if (ends(".txt")) return "text/plain; charset=utf-8";
  if (ends(".webmanifest")) return "application/manifest+json";
  return "application/octet-stream";
}

std::string ResolveConsoleDir(const std::string& configured) {
  if (!configured.empty()) return configured;
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n > 0) {
    fs::path exe(std::string(buf, static_cast<size_t>(n)));
    std::string installed = (exe.parent_path().parent_path() / "share" / "leads" / "console").string();
    if (HasIndex(installed)) return installed;
  }
  if (HasIndex(LEADS_WEB_DIST)) return LEADS_WEB_DIST;
  return "";
}

http::Response RedirectHandler::Handle(const http::Request&, const Principal*) {
  http::Response r;
  r.status = 308;
  r.content_type = "text/plain; charset=utf-8";
  r.body = "see " + to_ + "\n";
  r.headers.emplace_back("Location", to_);
  return r;
}

http::Response StaticFiles::Handle(const http::Request& req, const Principal*) {
  std::string_view path = req.path;
  if (path != "/console" && !path.starts_with("/console/"))
    return http::ErrorResponse(NotFound(ErrorCode::kUnknownPath, "no interface at " + std::string(path.substr(0, 200))));
  http::Response r;
  SecurityHeaders(r);
  if (path == "/console") {
    r.status = 308;
    r.content_type = "text/plain; charset=utf-8";
    r.body = "see /console/\n";
    r.headers.emplace_back("Location", "/console/");
    return r;
  }
  if (!HasIndex(dir_)) {
    r.status = 503;
    r.content_type = "text/plain; charset=utf-8";
    r.body = "The console's front end is not built. Run scripts/build-web.sh, or start leadsd with --console-dir DIR.\n";
    return r;
  }
  std::string_view rel = path.substr(9);  // after "/console/"
  std::string file = "index.html";
  bool asset = rel.starts_with("assets/");
  if (!rel.empty() && SafeRelative(rel)) {
    std::error_code ec;
    fs::path p = fs::path(dir_) / std::string(rel);
    if (fs::is_regular_file(p, ec)) file = std::string(rel);
    else if (asset || rel.find('.') != std::string_view::npos) file.clear();  // a missing file, not a page
  } else if (!rel.empty()) {
    file.clear();
  }
  if (file.empty()) {
    r.status = 404;
    r.content_type = "text/plain; charset=utf-8";
    r.body = "not found\n";
    return r;
  }
  auto body = ReadFile(fs::path(dir_) / file);
  if (!body) {
    r.status = 404;
    r.content_type = "text/plain; charset=utf-8";
    r.body = "not found\n";
    return r;
  }
  r.body = std::move(*body);
  r.content_type = ContentTypeFor(file);
  r.headers.emplace_back("Cache-Control", asset ? "public, max-age=31536000, immutable" : "no-cache");
  return r;
}

}  // namespace leads::console
