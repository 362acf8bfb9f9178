// Metrics in the Prometheus text exposition format (version 0.0.4).
//
// The hot path (every request) only touches memory of the calling thread's
// shard: each of the first kShards threads that record anything gets a
// shard of its own, where an add is a relaxed load and store (no lock, no
// locked instruction, no shared cache line); later threads share shards
// with atomic adds. Each shard's cells live in their own allocation. A
// scrape sums the shards. Label values are fixed when an object is built (route patterns,
// the error-code table, a short list of HTTP statuses) — never a value a
// client sent — so a scrape holds counts only, never lead data, and the
// number of series is bounded.
//
// Objects are created by the App and handed to what records into them; the
// Registry only renders what was registered with it.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace leads::metrics {

inline constexpr size_t kShards = 32;

struct ShardSlot {
  size_t index;    // in [0, kShards)
  bool exclusive;  // no other thread writes this shard
};
ShardSlot NextShardSlot();
// This thread's shard.
inline ShardSlot ThisThreadShard() {
  thread_local const ShardSlot slot = NextShardSlot();
  return slot;
}

// `n` atomic cells per shard, each shard in its own allocation.
class ShardedCells {
 public:
  explicit ShardedCells(size_t n);
  // This thread's cells; add to them with Add(cells, slot, i, v).
  std::atomic<uint64_t>* Local(ShardSlot slot) { return shards_[slot.index].get(); }
  static void Add(std::atomic<uint64_t>* cells, ShardSlot slot, size_t cell, uint64_t v) {
    if (slot.exclusive)
      cells[cell].store(cells[cell].load(std::memory_order_relaxed) + v, std::memory_order_relaxed);
    else
      cells[cell].fetch_add(v, std::memory_order_relaxed);
  }
  void Add(size_t cell, uint64_t v) {
    ShardSlot slot = ThisThreadShard();
    Add(Local(slot), slot, cell, v);
  }
  uint64_t Sum(size_t cell) const;
  size_t size() const { return n_; }

 private:
  size_t n_;
  std::vector<std::unique_ptr<std::atomic<uint64_t>[]>> shards_;
};

// A monotonically increasing count.
class Counter {
 public:
  Counter() : cells_(1) {}
  void Add(uint64_t n = 1) { cells_.Add(0, n); }
  uint64_t Value() const { return cells_.Sum(0); }

 private:
  ShardedCells cells_;
};

// Latency buckets in microseconds, as Prometheus `le` bounds in seconds.
const std::vector<int64_t>& DefaultLatencyBoundsMicros();

// A family of histograms (latencies in microseconds, exposed in seconds),
// one per label value given at construction.
class HistogramFamily {
 public:
  HistogramFamily(std::vector<std::string> label_values, std::vector<int64_t> bounds_us = DefaultLatencyBoundsMicros());
  void Observe(size_t series, int64_t micros);
  // Appends the series as `name{label="value",le="…"}` lines (an empty
  // `label`: one series, `name{le="…"}`).
  void Render(std::string& out, std::string_view name, std::string_view label) const;
  size_t series() const { return labels_.size(); }

 private:
  std::vector<std::string> labels_;
  std::vector<int64_t> bounds_;
  size_t stride_;  // bounds + 1 (+Inf) + sum
  ShardedCells cells_;
};

// Requests by route: counts by envelope code and by HTTP status, latency
// histograms, response bytes. Route 0..n-1 are the router's routes; the
// last one ("unmatched") collects every request no route matched.
class RequestMetrics {
 public:
  explicit RequestMetrics(std::vector<std::string> routes);
  void Observe(size_t route, int code, int http_status, int64_t micros, size_t bytes);
  void Render(std::string& out) const;
  size_t unmatched() const { return routes_.size() - 1; }
  // Test seams: what a scrape would show.
  uint64_t Requests(size_t route, int code) const;

 private:
  static size_t CodeIndex(int code);
  static size_t StatusIndex(int status);
  std::vector<std::string> routes_;
  size_t stride_;
  ShardedCells cells_;  // per route: codes, statuses, bytes
  HistogramFamily latency_;
};

// What a scrape shows: the sections registered, in order. A section
// appends complete metric families (# HELP, # TYPE, samples).
class Registry {
 public:
  using Section = std::function<void(std::string& out)>;
  void Add(Section s) { sections_.push_back(std::move(s)); }
  std::string Render() const;

  // Helpers for sections.
  static void Family(std::string& out, std::string_view name, std::string_view type, std::string_view help);
  static void Sample(std::string& out, std::string_view name, std::string_view labels, double value);

 private:
  std::vector<Section> sections_;
};

// Escapes a label value (\\, \", \n).
std::string EscapeLabel(std::string_view v);

}  // namespace leads::metrics
