// Reading request parameters into typed values, each failure a 21xx code
// whose message names the parameter.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "common/status.h"
#include "http/message.h"

namespace leads::api {

// Decoded query parameters; a name given twice is an error.
using QueryParams = std::map<std::string, std::string, std::less<>>;
StatusOr<QueryParams> ParseQuery(std::string_view raw);

// An optional integer query parameter within [min, max].
StatusOr<std::optional<int64_t>> QueryInt(const QueryParams& q, std::string_view name, int64_t min, int64_t max);
// Reads the required range bound `name` (yyyy-mm-dd or 10-digit epoch
// seconds, API.md §5.1) as epoch seconds: a date's first second, or with
// `end` its last, in the zone `utc_offset` seconds east of UTC.
StatusOr<int64_t> QueryTimeBound(const QueryParams& q, std::string_view name, bool end, int utc_offset);

// The body as a JSON object. Multipart and form bodies, invalid UTF-8,
// malformed JSON and non-objects each get their own code. `sp` is where the
// object's memory comes from (e.g. a monotonic_resource on the caller's
// stack, which must then outlive the object); the heap by default.
StatusOr<boost::json::object> ParseJsonBody(const http::Request& req, boost::json::storage_ptr sp = {});

// Reads `key` of `obj` as an integer: a JSON integer or a string of
// decimal digits (clients send both). `where` prefixes the field name in
// messages (e.g. "list[3]."). nullopt when absent or null.
StatusOr<std::optional<int64_t>> JsonInt(const boost::json::object& obj, std::string_view key,
                                         std::string_view where = "");
// Reads `key` as a string (numbers are not accepted). nullopt when absent
// or null. Longer than `max_bytes` is an error.
StatusOr<std::optional<std::string>> JsonString(const boost::json::object& obj, std::string_view key,
                                                std::string_view where = "", size_t max_bytes = 4096);
// The same, as a view into `obj` (no copy).
StatusOr<std::optional<std::string_view>> JsonStringView(const boost::json::object& obj, std::string_view key,
                                                         std::string_view where = "", size_t max_bytes = 4096);

// Helpers for required fields.
Status Missing(std::string_view where, std::string_view key);

}  // namespace leads::api
