#include "http/envelope.h"

#include "common/encoding.h"

namespace leads::http {

std::string Envelope(int code, std::string_view message, std::string_view data_json) {
  std::string out;
  out.reserve(64 + message.size() * 2 + data_json.size());
  out += "{\"code\":";
  out += std::to_string(code);
  out += ",\"message\":";
  AppendJsonString(out, message);
  out += ",\"msg\":";
  AppendJsonString(out, message);
  if (!data_json.empty()) {
    out += ",\"data\":";
    out += data_json;
  }
  out += '}';
  return out;
}

Response OkResponse(std::string_view data_json, std::string_view message) {
  Response r;
  r.body = Envelope(0, message, data_json);
  return r;
}

namespace {
constexpr std::string_view kOkPrefix = R"({"code":0,"message":"success","msg":"success","data":)";
}

EnvelopeWriter::EnvelopeWriter(size_t data_bytes) {
  out_.reserve(kOkPrefix.size() + data_bytes + 1);
  out_.append(kOkPrefix);
}

Response EnvelopeWriter::Finish() && {
  out_.push_back('}');
  Response r;
  r.body = std::move(out_);
  return r;
}

Response ErrorResponse(const Status& status) {
  Response r;
  int code = status.code() != 0 ? status.code() : Code(ErrorCode::kInternal);
  r.status = HttpStatusFor(code);
  r.code = code;
  r.body = Envelope(code, status.message(), "");
  return r;
}

}  // namespace leads::http
