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

// Builds a success envelope around data written in place (no copy of a
// large data document): append the data JSON, then Finish().
class EnvelopeWriter {
 public:
  explicit EnvelopeWriter(size_t data_bytes);
  EnvelopeWriter& operator+=(std::string_view s) {
    out_.append(s);
    return *this;
  }
  Response Finish() &&;

 private:
  std::string out_;
};

// Just the envelope text.
std::string Envelope(int code, std::string_view message, std::string_view data_json);

}  // namespace leads::http
