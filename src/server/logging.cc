#include "server/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <ctime>

#include "common/encoding.h"

namespace leads {
namespace {

spdlog::level::level_enum SpdLevel(LogLevel l) {
  switch (l) {
    case LogLevel::kTrace: return spdlog::level::trace;
    case LogLevel::kDebug: return spdlog::level::debug;
    case LogLevel::kInfo: return spdlog::level::info;
    case LogLevel::kWarn: return spdlog::level::warn;
    case LogLevel::kError: return spdlog::level::err;
    case LogLevel::kOff: return spdlog::level::off;
  }
  return spdlog::level::info;
}

// {"time":"…Z","level":"info",<fields>} where <fields> is the payload as a
// JSON string member "msg" — or, for the access logger, the payload itself
// (already `"key":value,…` members).
class JsonFormatter final : public spdlog::formatter {
 public:
  explicit JsonFormatter(bool raw_fields) : raw_(raw_fields) {}
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    auto t = msg.time.time_since_epoch();
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(t);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t - secs).count();
    std::time_t tt = secs.count();
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char head[96];
    int n = snprintf(head, sizeof head, "{\"time\":\"%04d-%02d-%02dT%02d:%02d:%02d.%03dZ\",\"level\":\"%s\",",
                     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                     static_cast<int>(ms), LevelName(msg.level));
    std::string line(head, static_cast<size_t>(n));
    std::string_view payload(msg.payload.data(), msg.payload.size());
    if (raw_) {
      line += payload;
    } else {
      line += "\"msg\":";
      AppendJsonString(line, payload);
    }
    line += "}\n";
    dest.append(line.data(), line.data() + line.size());
  }
  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonFormatter>(raw_); }

 private:
  static const char* LevelName(spdlog::level::level_enum l) {
    switch (l) {
      case spdlog::level::trace: return "trace";
      case spdlog::level::debug: return "debug";
      case spdlog::level::info: return "info";
      case spdlog::level::warn: return "warn";
      case spdlog::level::err: return "error";
      case spdlog::level::critical: return "critical";
      default: return "off";
    }
  }
  bool raw_;
};

// logfmt value: bare when safe, else quoted with \" and \\ escaped.
void AppendLogfmt(std::string& out, std::string_view key, std::string_view v) {
  out += key;
  out += '=';
  bool bare = !v.empty();
  for (char c : v) bare = bare && c > 32 && c < 127 && c != '"' && c != '=' && c != '\\';
  if (bare) {
    out += v;
  } else {
    out += '"';
    for (char c : v) {
      if (c == '"' || c == '\\') out += '\\';
      if (static_cast<unsigned char>(c) < 32) {
        out += ' ';
        continue;
      }
      out += c;
    }
    out += '"';
  }
  out += ' ';
}

}  // namespace

std::shared_ptr<spdlog::logger> ConfigureLogging(const LogOptions& o) {
  // A sink each: spdlog keeps the format in the sink (both sinks write
  // stderr under spdlog's one console mutex, so lines never interleave).
  auto main_sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  auto access_sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  auto main = std::make_shared<spdlog::logger>("leadsd", main_sink);
  auto access = std::make_shared<spdlog::logger>("access", access_sink);
  if (o.format == LogFormat::kJson) {
    // Colours would put escape codes into the JSON.
    main_sink->set_color_mode(spdlog::color_mode::never);
    access_sink->set_color_mode(spdlog::color_mode::never);
    main->set_formatter(std::make_unique<JsonFormatter>(false));
    access->set_formatter(std::make_unique<JsonFormatter>(true));
  } else {
    main->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
    access->set_pattern("%Y-%m-%dT%H:%M:%S.%e %l access %v");
  }
  main->set_level(SpdLevel(o.level));
  access->set_level(o.access_log ? spdlog::level::info : spdlog::level::off);
  spdlog::set_default_logger(main);
  spdlog::drop("access");
  spdlog::register_logger(access);
  return access;
}

std::string AccessFields(const http::RequestRecord& r, LogFormat format) {
  char latency[32];
  snprintf(latency, sizeof latency, "%.3f", static_cast<double>(r.micros) / 1000.0);
  std::string out;
  out.reserve(256);
  if (format == LogFormat::kJson) {
    out += "\"type\":\"access\",\"request_id\":";
    AppendJsonString(out, r.request_id);
    out += ",\"method\":";
    AppendJsonString(out, r.method);
    out += ",\"path\":";
    AppendJsonString(out, r.path.substr(0, 512));
    out += ",\"status\":" + std::to_string(r.status) + ",\"code\":" + std::to_string(r.code) +
           ",\"latency_ms\":" + latency + ",\"bytes\":" + std::to_string(r.bytes);
    if (r.account_id) out += ",\"account_id\":" + std::to_string(r.account_id);
    out += ",\"remote\":";
    AppendJsonString(out, r.remote);
    return out;
  }
  AppendLogfmt(out, "request_id", r.request_id);
  AppendLogfmt(out, "method", r.method.empty() ? "-" : r.method);
  AppendLogfmt(out, "path", r.path.empty() ? "-" : r.path.substr(0, 512));
  AppendLogfmt(out, "status", std::to_string(r.status));
  AppendLogfmt(out, "code", std::to_string(r.code));
  AppendLogfmt(out, "latency_ms", latency);
  AppendLogfmt(out, "bytes", std::to_string(r.bytes));
  if (r.account_id) AppendLogfmt(out, "account_id", std::to_string(r.account_id));
  AppendLogfmt(out, "remote", r.remote.empty() ? "-" : r.remote);
  out.pop_back();
  return out;
}

void AccessLog::OnRequest(const http::RequestRecord& r) {
  const bool server_error = r.code >= 1100 && r.code < 1200;
  const auto level = server_error ? spdlog::level::warn : spdlog::level::info;
  if (!logger_ || !logger_->should_log(level)) return;
  logger_->log(level, "{}", AccessFields(r, format_));
}

}  // namespace leads
