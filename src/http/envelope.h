// The response envelope (API.md §4): {"code","message","msg","data"}.
// ErrorResponse is the one place a failed Status becomes a response.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "http/message.h"

namespace leads::http {

// A success envelope; `data_json` is already-serialised JSON ("" = absent).
Response OkResponse(std::string_view data_json, std::string_view message = "success");

// The envelope for a failure: its code, its message (also as "msg"), and
// the HTTP status the code's table row names (200 for business errors).
Response ErrorResponse(const Status& status);

// Just the envelope text.
std::string Envelope(int code, std::string_view message, std::string_view data_json);

}  // namespace leads::http
