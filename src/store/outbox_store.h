// The push outbox (API.md §5.5): one row per delivery of a lead to its
// account's push URL, written in the same transaction as the lead
// (LeadStore::InsertLeads), and a log of every attempt.
//
// Workers lease due rows for a while (lease_owner, lease_until). A lease
// that is not renewed expires, so the rows of a killed process are taken
// over by the next worker; several workers on one store share the work. A
// worker only changes a row's state while it still holds the lease.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "model/enum_table.h"

namespace leads {

#define LEADS_DELIVERY_STATE_LIST(X) X(kPending, "pending") X(kDelivered, "delivered") X(kFailed, "failed")
LEADS_DEFINE_ENUM(DeliveryState, LEADS_DELIVERY_STATE_LIST);

// A leased delivery, with the lead's stored document.
struct Delivery {
  int64_t delivery_id = 0;
  int64_t leads_id = 0;
  int64_t account_id = 0;
  int attempts = 0;    // attempts made so far (counted over the row's life)
  int retry_base = 0;  // `attempts` when the row was last requeued by hand
  int64_t created_at = 0;
  std::string doc;     // the lead's pull document (LeadStore)
};

struct LeaseRequest {
  std::string owner;
  int64_t now = 0;          // rows due at or before `now` whose lease expired
  int64_t lease_until = 0;  // the new lease's expiry
  size_t limit = 0;         // rows at most
  size_t per_account = 0;   // rows of one account at most
  std::vector<int64_t> exclude_accounts;  // accounts to skip (saturated)
};

// One attempt, as logged. delivery_id 0 is a test push (no outbox row).
struct PushAttempt {
  int64_t id = 0;  // assigned by the store
  int64_t delivery_id = 0;
  int64_t leads_id = 0;
  int64_t account_id = 0;
  int attempt = 0;
  int64_t at = 0;                    // epoch seconds, when it was sent
  std::string url;                   // scheme://host[:port]/path (no query, no user info)
  int http_status = 0;               // 0: no HTTP response
  std::optional<int64_t> body_code;  // `code` of the JSON response body
  int64_t latency_ms = 0;
  std::string error;                 // "" on success
  std::string response;              // the response body, truncated (~1 KiB)
};

// An attempt and what it means for its delivery.
struct AttemptOutcome {
  PushAttempt attempt;
  DeliveryState state = DeliveryState::kPending;  // pending: retry at next_attempt_at
  int64_t next_attempt_at = 0;
};

struct AttemptQuery {
  int64_t account_id = 0;
  std::optional<int64_t> leads_id;
  int64_t limit = -1;  // the newest `limit` attempts; -1: all
};

struct DeliveryCounts {
  int64_t pending = 0, delivered = 0, failed = 0;
  std::optional<int64_t> oldest_pending;  // created_at of the oldest pending row
};

class OutboxStore {
 public:
  virtual ~OutboxStore() = default;

  // Leases due rows: pending, next_attempt_at <= now, not leased or the
  // lease expired; oldest due first, at most `per_account` of one account.
  virtual StatusOr<std::vector<Delivery>> LeaseDue(const LeaseRequest& r) = 0;
  // Extends every lease `owner` holds to `lease_until` (a heartbeat).
  virtual Status RenewLeases(const std::string& owner, int64_t lease_until) = 0;
  // Logs each attempt and applies its outcome (delivered, failed, or
  // pending again at next_attempt_at; the lease is cleared), all in one
  // transaction. A row whose lease `owner` no longer holds keeps its state;
  // its attempt is still logged.
  virtual Status RecordAttempts(const std::string& owner, const std::vector<AttemptOutcome>& outcomes) = 0;
  // Hands leased rows back without an attempt, due at `next_attempt_at`.
  virtual Status Reschedule(const std::string& owner, const std::vector<int64_t>& delivery_ids,
                            int64_t next_attempt_at) = 0;
  // Clears every lease `owner` holds (graceful shutdown).
  virtual Status ReleaseLeases(const std::string& owner) = 0;
  // Logs an attempt that has no outbox row (a test push).
  virtual Status LogAttempt(const PushAttempt& a) = 0;
  // Calls `f` with each attempt of the query, oldest first.
  virtual Status ForEachAttempt(const AttemptQuery& q, const std::function<void(const PushAttempt&)>& f) = 0;
  // Forgets attempts logged before `cutoff` (epoch seconds).
  virtual Status PurgeAttempts(int64_t cutoff) = 0;

  // Manual redelivery of one lead, whatever its delivery's state: due at
  // `now` with a fresh retry schedule. Queues a delivery when the lead has
  // none (it arrived before the account had a push URL). NotFound when the
  // lead does not exist; InvalidArgument when its account has no push URL.
  // Returns the lead's account.
  virtual StatusOr<int64_t> RequeueLead(int64_t leads_id, int64_t now) = 0;
  // Requeues every failed delivery of the account; returns how many.
  virtual StatusOr<int64_t> RequeueFailed(int64_t account_id, int64_t now) = 0;
  virtual StatusOr<DeliveryCounts> CountDeliveries(int64_t account_id) = 0;
  // Pending deliveries of every account due at or before `now` (leased or
  // not): the push backlog /metrics shows.
  virtual StatusOr<int64_t> CountDue(int64_t now) = 0;
};

}  // namespace leads
