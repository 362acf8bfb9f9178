// How the push worker and its sender run (`leadsd serve --push-...`).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "push/retry_schedule.h"

namespace leads::push {

struct PushOptions {
  bool enabled = true;
  RetrySchedule schedule = RetrySchedule::Default();
  std::chrono::milliseconds timeout{5000};  // one attempt, connect to last byte
  size_t concurrency = 64;                  // attempts in flight, in all
  size_t endpoint_concurrency = 4;          // ... to one endpoint (scheme, host, port)
  size_t max_leased = 2048;                 // deliveries held in memory, in all
  size_t account_leased = 256;              // ... of one account
  std::chrono::milliseconds poll{250};      // look for due deliveries at least this often
  int64_t lease_seconds = 60;               // a lease not renewed expires after this
  bool allow_http = false;                  // plain http:// push URLs
  std::string ca_file;                      // extra trusted CA (PEM)
  std::string proxy;                        // "" : direct
  int64_t log_retention_days = 30;          // attempt log; 0 keeps it forever
  std::string owner;                        // lease owner; "" : host:pid:random
};

// "5" or "1.5" (seconds), "1500ms", "2s": a positive duration up to an hour.
StatusOr<std::chrono::milliseconds> ParseDuration(std::string_view text, std::string_view flag);

}  // namespace leads::push
