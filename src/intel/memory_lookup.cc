#include "intel/memory_lookup.h"

namespace leads::intel {

StatusOr<std::vector<LeadKeyHit>> MemoryLookup::FindLeadKeys(int64_t account_id, const std::vector<std::string>& keys,
                                                             int64_t from, int64_t to) {
  ++finds;
  std::vector<LeadKeyHit> out;
  auto acc = keys_.find(account_id);
  if (acc == keys_.end()) return out;
  for (const auto& k : keys) {
    auto it = acc->second.find(k);
    if (it == acc->second.end()) continue;
    for (const auto& h : it->second)
      if (h.create_time >= from && h.create_time <= to) out.push_back(h);
  }
  return out;
}

StatusOr<std::vector<CounterHit>> MemoryLookup::ReadCounters(int64_t account_id, const std::vector<std::string>& keys,
                                                             int64_t from_bucket, int64_t to_bucket) {
  ++counter_reads;
  std::vector<CounterHit> out;
  auto acc = counters_.find(account_id);
  if (acc == counters_.end()) return out;
  for (const auto& k : keys) {
    auto it = acc->second.find(k);
    if (it == acc->second.end()) continue;
    for (auto b = it->second.lower_bound(from_bucket); b != it->second.end() && b->first <= to_bucket; ++b)
      out.push_back({k, b->first, b->second});
  }
  return out;
}

void MemoryLookup::Add(int64_t account_id, int64_t leads_id, int64_t create_time, const TagResult& r) {
  auto& keys = keys_[account_id];
  for (const auto& k : r.keys) keys[k].push_back({k, create_time, leads_id});
  if (!r.counter_key.empty()) ++counters_[account_id][r.counter_key][r.bucket];
}

}  // namespace leads::intel
