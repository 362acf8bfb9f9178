#include "push/verdict.h"

#include <curl/curl.h>

#include <boost/json.hpp>
#include <charconv>

#include "common/encoding.h"

namespace leads::push {
namespace {

constexpr int64_t kMaxRetryAfter = 86400;

// Length of the valid UTF-8 character starting at s[i], 0 when invalid.
size_t Utf8Len(std::string_view s, size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  return IsValidUtf8(s.substr(i, n)) ? n : 0;
}

std::string Clip(std::string_view s, size_t max) { return TruncateUtf8(s, max); }

}  // namespace

std::string TruncateUtf8(std::string_view s, size_t max) {
  std::string out;
  out.reserve(std::min(s.size(), max));
  for (size_t i = 0; i < s.size();) {
    size_t n = Utf8Len(s, i);
    if (n == 0) {
      if (out.size() + 1 > max) break;
      out.push_back('?');
      ++i;
      continue;
    }
    if (out.size() + n > max) break;
    out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

std::optional<int64_t> ParseRetryAfter(std::string_view v, int64_t now_epoch) {
  if (v.empty()) return std::nullopt;
  int64_t secs = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), secs);
  if (ec == std::errc() && p == v.data() + v.size()) {
    if (secs < 0) return std::nullopt;
    return std::min(secs, kMaxRetryAfter);
  }
  std::string text(v);
  time_t t = curl_getdate(text.c_str(), nullptr);
  if (t < 0) return std::nullopt;
  return std::clamp<int64_t>(static_cast<int64_t>(t) - now_epoch, 0, kMaxRetryAfter);
}

Verdict Judge(const PushResponse& r, int64_t now_epoch) {
  Verdict v;
  if (r.http_status == 429 || r.http_status == 503) v.retry_after = ParseRetryAfter(r.retry_after, now_epoch);
  if (!r.error.empty()) {
    v.error = Clip(r.error, 300);
    return v;
  }
  // Read `code` whatever the status, for the log.
  boost::system::error_code ec;
  boost::json::value body;
  if (!r.body_truncated) body = boost::json::parse(r.body, ec);
  const boost::json::object* obj = !r.body_truncated && !ec && body.is_object() ? &body.get_object() : nullptr;
  std::string message;
  if (obj) {
    if (auto* c = obj->if_contains("code")) {
      if (c->is_int64()) v.body_code = c->get_int64();
      else if (c->is_uint64() && c->get_uint64() <= INT64_MAX) v.body_code = static_cast<int64_t>(c->get_uint64());
      else if (c->is_double() && c->get_double() == static_cast<double>(static_cast<int64_t>(c->get_double())))
        v.body_code = static_cast<int64_t>(c->get_double());
    }
    for (const char* key : {"message", "msg"})
      if (auto* m = obj->if_contains(key); m && m->is_string() && message.empty())
        message = Clip(std::string_view(m->get_string().data(), m->get_string().size()), 200);
  }
  if (r.http_status < 200 || r.http_status > 299) {
    v.error = "HTTP " + std::to_string(r.http_status);
    if (v.retry_after) v.error += " (Retry-After " + std::to_string(*v.retry_after) + " s)";
    return v;
  }
  if (r.body_truncated) {
    v.error = "HTTP " + std::to_string(r.http_status) + " but the body is longer than 64 KiB";
    return v;
  }
  if (!obj) {
    v.error = "HTTP " + std::to_string(r.http_status) + " but the body is not a JSON object";
    return v;
  }
  if (!v.body_code) {
    v.error = "HTTP " + std::to_string(r.http_status) + " but the body has no integer \"code\"";
    return v;
  }
  if (*v.body_code != 0) {
    v.error = "code " + std::to_string(*v.body_code) + (message.empty() ? "" : ": " + message);
    return v;
  }
  v.delivered = true;
  return v;
}

}  // namespace leads::push
