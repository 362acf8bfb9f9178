// The App's observers: what records every request (metrics and the access
// log) and every store call (latency), and the /metrics sections built
// from them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "http/server.h"
#include "metrics/metrics.h"
#include "push/worker.h"
#include "server/logging.h"
#include "store/store.h"

namespace leads {

// Every request: into the request metrics, then the access log.
class RequestTap final : public http::RequestObserver {
 public:
  RequestTap(metrics::RequestMetrics& metrics, AccessLog& log) : metrics_(metrics), log_(log) {}
  void OnRequest(const http::RequestRecord& r) override {
    metrics_.Observe(r.route, r.code, r.status, r.micros, r.bytes);
    log_.OnRequest(r);
  }

 private:
  metrics::RequestMetrics& metrics_;
  AccessLog& log_;
};

// Every store call's duration.
class StoreLatency final : public StoreObserver {
 public:
  explicit StoreLatency(std::string backend) : histogram_({std::move(backend)}) {}
  void OnStoreCall(int64_t micros) override { histogram_.Observe(0, micros); }
  void Render(std::string& out) const;

 private:
  metrics::HistogramFamily histogram_;
};

// Registers the sections of a scrape: build info, requests, store
// latency, and (when `worker` is set) push counters and the backlog, which
// is counted in the store at scrape time.
void RegisterMetrics(metrics::Registry& registry, const metrics::RequestMetrics& requests,
                     const StoreLatency& store_latency, const push::WorkerMetrics* worker, Store& store,
                     const Clock& clock);

}  // namespace leads
