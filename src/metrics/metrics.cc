#include "metrics/metrics.h"

#include <array>
#include <cstdio>

#include "common/error_codes.h"

namespace leads::metrics {

ShardSlot NextShardSlot() {
  static std::atomic<size_t> next{0};
  size_t n = next.fetch_add(1, std::memory_order_relaxed);
  return {n % kShards, n < kShards};
}

ShardedCells::ShardedCells(size_t n) : n_(n) {
  shards_.reserve(kShards);
  for (size_t i = 0; i < kShards; ++i) {
    // At least a cache line per shard, so small cell sets do not share one.
    size_t cells = std::max<size_t>(n, 64 / sizeof(std::atomic<uint64_t>));
    auto p = std::make_unique<std::atomic<uint64_t>[]>(cells + 8);
    for (size_t c = 0; c < cells + 8; ++c) p[c].store(0, std::memory_order_relaxed);
    shards_.push_back(std::move(p));
  }
}

uint64_t ShardedCells::Sum(size_t cell) const {
  uint64_t s = 0;
  for (const auto& sh : shards_) s += sh[cell].load(std::memory_order_relaxed);
  return s;
}

const std::vector<int64_t>& DefaultLatencyBoundsMicros() {
  static const std::vector<int64_t> kBounds = {100,    250,    500,     1000,    2500,    5000,   10000,
                                               25000,  50000,  100000,  250000,  500000,  1000000, 2500000,
                                               5000000, 10000000};
  return kBounds;
}

namespace {

std::string Seconds(int64_t micros) {
  char buf[32];
  snprintf(buf, sizeof buf, "%g", static_cast<double>(micros) / 1e6);
  return buf;
}

std::string Number(double v) {
  char buf[32];
  snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

constexpr int kStatuses[] = {200, 204, 301, 302, 304, 308, 400, 401, 403, 404, 405, 413, 429, 431, 500, 503};
constexpr size_t kNumStatuses = std::size(kStatuses) + 1;  // + other
constexpr size_t kNumCodes = kErrorCodeTable.size() + 1;     // + other

}  // namespace

std::string EscapeLabel(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

HistogramFamily::HistogramFamily(std::vector<std::string> label_values, std::vector<int64_t> bounds_us)
    : labels_(std::move(label_values)),
      bounds_(std::move(bounds_us)),
      stride_(bounds_.size() + 2),
      cells_(labels_.size() * stride_) {}

void HistogramFamily::Observe(size_t series, int64_t micros) {
  if (series >= labels_.size()) return;
  size_t b = 0;
  while (b < bounds_.size() && micros > bounds_[b]) ++b;
  size_t base = series * stride_;
  ShardSlot slot = ThisThreadShard();
  auto* cells = cells_.Local(slot);
  ShardedCells::Add(cells, slot, base + b, 1);  // non-cumulative here; cumulated when rendered
  ShardedCells::Add(cells, slot, base + bounds_.size() + 1, static_cast<uint64_t>(micros < 0 ? 0 : micros));
}

void HistogramFamily::Render(std::string& out, std::string_view name, std::string_view label) const {
  for (size_t s = 0; s < labels_.size(); ++s) {
    size_t base = s * stride_;
    uint64_t cumulative = 0;
    // An empty label name: a single series without labels.
    std::string lv = label.empty() ? std::string() : std::string(label) + "=\"" + EscapeLabel(labels_[s]) + "\"";
    std::string braced = lv.empty() ? std::string() : "{" + lv + "}";
    for (size_t b = 0; b <= bounds_.size(); ++b) {
      cumulative += cells_.Sum(base + b);
      std::string le = b < bounds_.size() ? Seconds(bounds_[b]) : "+Inf";
      out += std::string(name) + "_bucket{" + lv + (lv.empty() ? "" : ",") + "le=\"" + le + "\"} " +
             std::to_string(cumulative) + "\n";
    }
    out += std::string(name) + "_sum" + braced + " " +
           Number(static_cast<double>(cells_.Sum(base + bounds_.size() + 1)) / 1e6) + "\n";
    out += std::string(name) + "_count" + braced + " " + std::to_string(cumulative) + "\n";
  }
}

RequestMetrics::RequestMetrics(std::vector<std::string> routes)
    : routes_([&] {
        routes.push_back("unmatched");
        return std::move(routes);
      }()),
      stride_(kNumCodes + kNumStatuses + 1),
      cells_(routes_.size() * stride_),
      latency_(routes_) {}

size_t RequestMetrics::CodeIndex(int code) {
  // Codes are below 2200: a table built once instead of a scan per request.
  static const auto kIndex = [] {
    std::array<uint8_t, 2200> t;
    t.fill(static_cast<uint8_t>(kErrorCodeTable.size()));
    for (size_t i = 0; i < kErrorCodeTable.size(); ++i) t[kErrorCodeTable[i].code] = static_cast<uint8_t>(i);
    return t;
  }();
  static_assert(kErrorCodeTable.size() < 255);
  return code >= 0 && code < static_cast<int>(kIndex.size()) ? kIndex[code] : kErrorCodeTable.size();
}

size_t RequestMetrics::StatusIndex(int status) {
  for (size_t i = 0; i < std::size(kStatuses); ++i)
    if (kStatuses[i] == status) return i;
  return std::size(kStatuses);
}

void RequestMetrics::Observe(size_t route, int code, int http_status, int64_t micros, size_t bytes) {
  if (route >= routes_.size()) route = unmatched();
  size_t base = route * stride_;
  ShardSlot slot = ThisThreadShard();
  auto* cells = cells_.Local(slot);
  ShardedCells::Add(cells, slot, base + CodeIndex(code), 1);
  ShardedCells::Add(cells, slot, base + kNumCodes + StatusIndex(http_status), 1);
  ShardedCells::Add(cells, slot, base + kNumCodes + kNumStatuses, bytes);
  latency_.Observe(route, micros);
}

uint64_t RequestMetrics::Requests(size_t route, int code) const {
  return cells_.Sum(route * stride_ + CodeIndex(code));
}

void RequestMetrics::Render(std::string& out) const {
  Registry::Family(out, "leadsd_requests_total", "counter",
                   "Requests answered, by route and envelope code (code=\"other\": a code outside the table).");
  for (size_t r = 0; r < routes_.size(); ++r)
    for (size_t c = 0; c < kNumCodes; ++c) {
      uint64_t v = cells_.Sum(r * stride_ + c);
      if (!v) continue;
      std::string code = c < kErrorCodeTable.size() ? std::to_string(kErrorCodeTable[c].code) : "other";
      out += "leadsd_requests_total{route=\"" + EscapeLabel(routes_[r]) + "\",code=\"" + code + "\"} " +
             std::to_string(v) + "\n";
    }
  Registry::Family(out, "leadsd_http_responses_total", "counter", "Responses by route and HTTP status.");
  for (size_t r = 0; r < routes_.size(); ++r)
    for (size_t s = 0; s < kNumStatuses; ++s) {
      uint64_t v = cells_.Sum(r * stride_ + kNumCodes + s);
      if (!v) continue;
      std::string status = s < std::size(kStatuses) ? std::to_string(kStatuses[s]) : "other";
      out += "leadsd_http_responses_total{route=\"" + EscapeLabel(routes_[r]) + "\",status=\"" + status + "\"} " +
             std::to_string(v) + "\n";
    }
  Registry::Family(out, "leadsd_response_bytes_total", "counter",
                   "Response body bytes by route (before gzip).");
  for (size_t r = 0; r < routes_.size(); ++r)
    out += "leadsd_response_bytes_total{route=\"" + EscapeLabel(routes_[r]) + "\"} " +
           std::to_string(cells_.Sum(r * stride_ + kNumCodes + kNumStatuses)) + "\n";
  Registry::Family(out, "leadsd_request_duration_seconds", "histogram",
                   "Time from a request read whole to its response handed to the socket, by route.");
  latency_.Render(out, "leadsd_request_duration_seconds", "route");
}

void Registry::Family(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

void Registry::Sample(std::string& out, std::string_view name, std::string_view labels, double value) {
  out += name;
  if (!labels.empty()) {
    out += '{';
    out += labels;
    out += '}';
  }
  out += ' ';
  out += Number(value);
  out += '\n';
}

std::string Registry::Render() const {
  std::string out;
  out.reserve(16 << 10);
  for (const auto& s : sections_) s(out);
  return out;
}

}  // namespace leads::metrics
