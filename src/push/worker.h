// The push worker: delivers the outbox (API.md §5.5) at least once.
//
// One scheduler thread leases due deliveries from the store in bounded
// batches (never more than max_leased in memory, account_leased of one
// account), renews its leases while it holds them, and hands each delivery
// to the Sender when its endpoint has a free slot (endpoint_concurrency per
// endpoint, concurrency in all), taking accounts round-robin, so a receiver
// that hangs or fails only ever occupies its own endpoint's slots. Each
// answer is judged (push/verdict.h), logged, and the delivery marked
// delivered, rescheduled by the retry schedule (and Retry-After on
// 429/503, which also pauses the endpoint) or, after the last attempt,
// marked failed and kept.
//
// The account's push URL, algorithm and credential are read at send time
// (cached for at most a second), so changes apply to pending deliveries.
// A lead taken in by this process wakes the worker at once (Wake); leads
// written by other processes are found by polling.
//
// Stop() stops leasing, lets attempts in flight finish (bounded by the
// timeout), records them and hands every other lease back; a killed
// process's leases expire after lease_seconds and are taken over.
#pragma once

#include <memory>
#include <string>

#include "common/clock.h"
#include "metrics/metrics.h"
#include "push/push_options.h"
#include "push/sender.h"
#include "store/account_store.h"
#include "store/outbox_store.h"

namespace leads::push {

// What a worker counts for /metrics (set with Worker::SetMetrics).
struct WorkerMetrics {
  metrics::Counter attempts;          // every attempt, including those failed without a request
  metrics::Counter attempt_failures;  // attempts that did not deliver
  metrics::Counter delivered;         // deliveries that succeeded
  metrics::Counter gave_up;           // deliveries marked failed after their last attempt
  metrics::HistogramFamily latency{{""}};  // attempts that got an answer or timed out
};

class Worker {
 public:
  Worker(OutboxStore& outbox, AccountStore& accounts, CredentialStore& credentials, Sender& sender,
         const Clock& clock, Random& random, PushOptions options);
  ~Worker();  // Stop()
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Optional; before Start(). `m` outlives the worker.
  void SetMetrics(WorkerMetrics* m);
  void Start();
  // Leads were stored: look for due deliveries now. Thread-safe.
  void Wake();
  // Idempotent; see above.
  void Stop();
  // The lease owner this worker writes into the outbox.
  const std::string& owner() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace leads::push
