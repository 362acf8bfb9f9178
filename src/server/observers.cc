#include "server/observers.h"

#include <spdlog/spdlog.h>

namespace leads {

void StoreLatency::Render(std::string& out) const {
  metrics::Registry::Family(out, "leadsd_store_call_duration_seconds", "histogram",
                            "Store calls: time from asking for a pooled connection to giving it back.");
  histogram_.Render(out, "leadsd_store_call_duration_seconds", "backend");
}

void RegisterMetrics(metrics::Registry& registry, const metrics::RequestMetrics& requests,
                     const StoreLatency& store_latency, const push::WorkerMetrics* worker, Store& store,
                     const Clock& clock) {
  const std::string backend = store.Backend();
  registry.Add([backend](std::string& out) {
    metrics::Registry::Family(out, "leadsd_build_info", "gauge", "Always 1; labels say the version and the store.");
    metrics::Registry::Sample(out, "leadsd_build_info",
                              "version=\"" LEADS_VERSION "\",backend=\"" + metrics::EscapeLabel(backend) + "\"", 1);
  });
  registry.Add([&requests](std::string& out) { requests.Render(out); });
  registry.Add([&store_latency](std::string& out) { store_latency.Render(out); });
  if (!worker) return;
  registry.Add([worker, &store, &clock](std::string& out) {
    using metrics::Registry;
    Registry::Family(out, "leadsd_push_attempts_total", "counter", "Push attempts made by this instance.");
    Registry::Sample(out, "leadsd_push_attempts_total", "", static_cast<double>(worker->attempts.Value()));
    Registry::Family(out, "leadsd_push_attempt_failures_total", "counter",
                     "Push attempts that did not deliver (retried later, or given up).");
    Registry::Sample(out, "leadsd_push_attempt_failures_total", "",
                     static_cast<double>(worker->attempt_failures.Value()));
    Registry::Family(out, "leadsd_push_delivered_total", "counter", "Deliveries this instance completed.");
    Registry::Sample(out, "leadsd_push_delivered_total", "", static_cast<double>(worker->delivered.Value()));
    Registry::Family(out, "leadsd_push_failed_total", "counter",
                     "Deliveries given up after their last attempt (leadsd push retry requeues them).");
    Registry::Sample(out, "leadsd_push_failed_total", "", static_cast<double>(worker->gave_up.Value()));
    Registry::Family(out, "leadsd_push_attempt_duration_seconds", "histogram",
                     "Push attempts that were sent: connect to last byte.");
    worker->latency.Render(out, "leadsd_push_attempt_duration_seconds", "");
    auto due = store.CountDue(clock.NowSeconds());
    if (due.ok()) {
      Registry::Family(out, "leadsd_push_backlog", "gauge",
                       "Pending deliveries due now, of every instance on this store (leased or not).");
      Registry::Sample(out, "leadsd_push_backlog", "", static_cast<double>(*due));
    } else {
      spdlog::warn("metrics: counting the push backlog failed: {}", due.status().message());
    }
  });
}

}  // namespace leads
