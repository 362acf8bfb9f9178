#include "api/params.h"

#include <boost/json.hpp>
#include <boost/url/parse_query.hpp>
#include <charconv>

#include "common/encoding.h"
#include "common/time_format.h"

namespace leads::api {

StatusOr<QueryParams> ParseQuery(std::string_view raw) {
  QueryParams out;
  if (raw.empty()) return out;
  // Boost.URL 1.81's parse_query decodes the last value up to the end of
  // the underlying buffer, not of the view (Beast's target is followed by
  // " HTTP/1.1"), so parse an owned, terminated copy.
  const std::string owned(raw);
  auto parsed = boost::urls::parse_query(owned);
  if (!parsed) return InvalidArgument(ErrorCode::kInvalidValue, "query string is not valid percent-encoding");
  for (auto p : *parsed) {
    std::string key = p.key.decode();
    std::string value = p.has_value ? p.value.decode() : std::string();
    if (!IsValidUtf8(key) || !IsValidUtf8(value))
      return InvalidArgument(ErrorCode::kInvalidUtf8, "query parameter '" + key.substr(0, 64) + "' is not valid UTF-8");
    if (out.count(key)) return InvalidArgument(ErrorCode::kDuplicateParameter, key.substr(0, 64) + ": given more than once");
    out.emplace(std::move(key), std::move(value));
  }
  return out;
}

namespace {
std::optional<int64_t> ToInt(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  int64_t v;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}
}  // namespace

StatusOr<std::optional<int64_t>> QueryInt(const QueryParams& q, std::string_view name, int64_t min, int64_t max) {
  auto it = q.find(name);
  if (it == q.end() || it->second.empty()) return std::optional<int64_t>();
  auto v = ToInt(it->second);
  if (!v)
    return InvalidArgument(ErrorCode::kWrongType, std::string(name) + ": must be an integer, got '" +
                                                      it->second.substr(0, 40) + "'");
  if (*v < min || *v > max)
    return InvalidArgument(ErrorCode::kInvalidValue, std::string(name) + ": must be between " + std::to_string(min) +
                                                         " and " + std::to_string(max) + ", got " + std::to_string(*v));
  return v;
}

namespace {
// Whether `s` starts with `prefix` (lower case), ignoring ASCII case.
bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}
}  // namespace

StatusOr<boost::json::object> ParseJsonBody(const http::Request& req, boost::json::storage_ptr sp) {
  std::string_view ct = req.Header("Content-Type");
  if (StartsWithNoCase(ct, "multipart/") || StartsWithNoCase(ct, "application/x-www-form-urlencoded")) {
    std::string lower;
    for (char c : ct.substr(0, 64)) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    return InvalidArgument(ErrorCode::kUnsupportedMediaType,
                           "body: Content-Type " + lower.substr(0, lower.find(';')) +
                               " is not accepted; send a JSON object with Content-Type: application/json");
  }
  if (req.body.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return InvalidArgument(ErrorCode::kBodyNotJson, "body: empty; expected a JSON object");
  boost::system::error_code ec;
  boost::json::parse_options opts;
  opts.max_depth = 32;
  boost::json::value v = boost::json::parse(req.body, ec, std::move(sp), opts);  // also rejects invalid UTF-8
  if (ec) {
    if (!IsValidUtf8(req.body)) return InvalidArgument(ErrorCode::kInvalidUtf8, "body: not valid UTF-8");
    return InvalidArgument(ErrorCode::kBodyNotJson, "body: not valid JSON (" + ec.message() + ")");
  }
  if (!v.is_object()) return InvalidArgument(ErrorCode::kBodyNotObject, "body: must be a JSON object");
  return std::move(v.as_object());
}

StatusOr<int64_t> QueryTimeBound(const QueryParams& q, std::string_view name, bool end, int utc_offset) {
  auto it = q.find(name);
  if (it == q.end() || it->second.empty()) return Missing("", name);
  auto t = ParseRangeBound(it->second, end, utc_offset);
  if (!t)
    return InvalidArgument(ErrorCode::kInvalidTime, std::string(name) + ": must be yyyy-mm-dd or 10-digit epoch seconds, got '" +
                                                        it->second.substr(0, 40) + "'");
  return *t;
}

Status Missing(std::string_view where, std::string_view key) {
  return InvalidArgument(ErrorCode::kMissingParameter, std::string(where) + std::string(key) + ": required");
}

StatusOr<std::optional<int64_t>> JsonInt(const boost::json::object& obj, std::string_view key, std::string_view where) {
  auto it = obj.find(key);
  if (it == obj.end() || it->value().is_null()) return std::optional<int64_t>();
  const auto& v = it->value();
  if (v.is_int64()) return std::optional<int64_t>(v.get_int64());
  if (v.is_uint64()) {
    if (v.get_uint64() > static_cast<uint64_t>(INT64_MAX))
      return InvalidArgument(ErrorCode::kInvalidValue, std::string(where) + std::string(key) + ": out of range");
    return std::optional<int64_t>(static_cast<int64_t>(v.get_uint64()));
  }
  if (v.is_string()) {
    std::string_view s(v.get_string().data(), v.get_string().size());
    bool digits = !s.empty();
    for (char c : s) digits = digits && c >= '0' && c <= '9';
    if (auto n = digits ? ToInt(s) : std::nullopt) return std::optional<int64_t>(*n);
  }
  return InvalidArgument(ErrorCode::kWrongType, std::string(where) + std::string(key) + ": must be an integer");
}

StatusOr<std::optional<std::string_view>> JsonStringView(const boost::json::object& obj, std::string_view key,
                                                         std::string_view where, size_t max_bytes) {
  auto it = obj.find(key);
  if (it == obj.end() || it->value().is_null()) return std::optional<std::string_view>();
  if (!it->value().is_string())
    return InvalidArgument(ErrorCode::kWrongType, std::string(where) + std::string(key) + ": must be a string");
  const auto& s = it->value().get_string();
  if (s.size() > max_bytes)
    return InvalidArgument(ErrorCode::kInvalidValue, std::string(where) + std::string(key) + ": longer than " +
                                                         std::to_string(max_bytes) + " bytes");
  return std::optional<std::string_view>(std::string_view(s.data(), s.size()));
}

StatusOr<std::optional<std::string>> JsonString(const boost::json::object& obj, std::string_view key,
                                                std::string_view where, size_t max_bytes) {
  LEADS_ASSIGN_OR_RETURN(auto s, JsonStringView(obj, key, where, max_bytes));
  if (!s) return std::optional<std::string>();
  return std::optional<std::string>(std::string(*s));
}

}  // namespace leads::api
