// What recording a request in the metrics costs (docs/PERFORMANCE.md,
// "Metrics overhead"): RequestMetrics::Observe from 1, 2 and 8 threads, next
// to the same counts behind one mutex (what the design avoids).
#include <benchmark/benchmark.h>

#include <mutex>
#include <vector>

#include "metrics/metrics.h"

namespace {

leads::metrics::RequestMetrics* Metrics() {
  static auto* m = new leads::metrics::RequestMetrics({"/api/mv1/leads/list", "/api/mv1/leads/report", "/healthz"});
  return m;
}

void BM_RequestMetricsObserve(benchmark::State& state) {
  auto* m = Metrics();
  int64_t us = 100 + state.thread_index();
  for (auto _ : state) m->Observe(0, 0, 200, us++ % 5000, 48000);
}
BENCHMARK(BM_RequestMetricsObserve)->Threads(1)->Threads(2)->Threads(8)->UseRealTime();

struct Locked {
  std::mutex mu;
  std::vector<uint64_t> cells = std::vector<uint64_t>(4096);
};

void BM_MutexObserve(benchmark::State& state) {
  static Locked l;
  int64_t us = 100 + state.thread_index();
  for (auto _ : state) {
    std::lock_guard lock(l.mu);
    l.cells[0]++;
    l.cells[100]++;
    l.cells[200] += 48000;
    l.cells[300 + (us++ % 5000) / 500]++;
    l.cells[400] += us;
  }
}
BENCHMARK(BM_MutexObserve)->Threads(1)->Threads(2)->Threads(8)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
