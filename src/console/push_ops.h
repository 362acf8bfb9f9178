// What the console asks of push (API settings page): a test push, the
// delivery log, redelivery of one lead, and delivery counts. The server
// wires the push module's implementation (push_bridge.h); without it every
// call answers kPushUnavailable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace leads::console {

struct PushAttemptView {
  int64_t at = 0;
  int64_t leads_id = 0;
  int64_t delivery_id = 0;  // 0: a test push
  int attempt = 0;
  std::string url;  // without query or user info
  int http_status = 0;
  std::optional<int64_t> body_code;
  int64_t latency_ms = 0;
  std::string error;  // "" : delivered
  std::string response;
};

struct PushCountsView {
  int64_t pending = 0, delivered = 0, failed = 0;
};

class PushOps {
 public:
  virtual ~PushOps() = default;
  virtual bool available() const = 0;
  // Sends a sample lead, marked as a test, to the account's push URL now.
  virtual StatusOr<PushAttemptView> SendTest(int64_t account_id) = 0;
  // The newest `limit` attempts of the account (of one lead when given), newest first.
  virtual StatusOr<std::vector<PushAttemptView>> Log(int64_t account_id, std::optional<int64_t> leads_id,
                                                     int64_t limit) = 0;
  // Queues the lead (one of the account's) for delivery now.
  virtual Status Redeliver(int64_t account_id, int64_t leads_id) = 0;
  virtual StatusOr<PushCountsView> Counts(int64_t account_id) = 0;
};

// Push not built in or not enabled: every call answers kPushUnavailable.
class NoPush final : public PushOps {
 public:
  bool available() const override { return false; }
  StatusOr<PushAttemptView> SendTest(int64_t) override { return Unavailable(); }
  StatusOr<std::vector<PushAttemptView>> Log(int64_t, std::optional<int64_t>, int64_t) override { return Unavailable(); }
  Status Redeliver(int64_t, int64_t) override { return Unavailable(); }
  StatusOr<PushCountsView> Counts(int64_t) override { return Unavailable(); }

 private:
  static Status Unavailable() {
    return Status(Reason::kUnavailable, Code(ErrorCode::kPushUnavailable),
                  "push is not available on this server (started with push disabled)");
  }
};

}  // namespace leads::console
