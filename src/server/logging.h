// leadsd's logs on standard error (journald under systemd): the error log
// (spdlog's default logger) and the access log (logger "access", one line
// per request), either as text (a timestamp, the level, then logfmt
// `key=value` fields for access lines) or as JSON Lines (one object per line:
// time, level, msg — and for access lines the request's fields).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "http/server.h"
#include "model/enum_table.h"

namespace spdlog {
class logger;
}

namespace leads {

#define LEADS_LOG_FORMAT_LIST(X) X(kText, "text") X(kJson, "json")
LEADS_DEFINE_ENUM(LogFormat, LEADS_LOG_FORMAT_LIST);

#define LEADS_LOG_LEVEL_LIST(X) \
  X(kTrace, "trace") X(kDebug, "debug") X(kInfo, "info") X(kWarn, "warn") X(kError, "error") X(kOff, "off")
LEADS_DEFINE_ENUM(LogLevel, LEADS_LOG_LEVEL_LIST);

struct LogOptions {
  LogFormat format = LogFormat::kText;
  LogLevel level = LogLevel::kInfo;  // of the error log; access lines are info (warn for 1100-range codes)
  bool access_log = false;      // one line per request
};

// Installs the default (error) logger and returns the access logger, both
// on stderr. Call once, before threads start.
std::shared_ptr<spdlog::logger> ConfigureLogging(const LogOptions& options);

// The access log line's fields (without time and level): logfmt for text,
// `"key":value,…` members for JSON. Never the query string or a body.
std::string AccessFields(const http::RequestRecord& r, LogFormat format);

// Writes each request to the access log (when enabled) and into metrics.
class AccessLog final : public http::RequestObserver {
 public:
  AccessLog(LogFormat format, std::shared_ptr<spdlog::logger> logger) : format_(format), logger_(std::move(logger)) {}
  void OnRequest(const http::RequestRecord& r) override;

 private:
  LogFormat format_;
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace leads
