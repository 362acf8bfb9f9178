// An in-memory IntelLookup: what the Tagger reads, kept in maps. Used by the
// score evaluation (generated data, no database) and by tests of the Tagger.
#pragma once

#include <map>
#include <unordered_map>
#include <string>
#include <vector>

#include "intel/tagger.h"
#include "store/intel_store.h"

namespace leads::intel {

class MemoryLookup final : public IntelLookup {
 public:
  StatusOr<std::vector<LeadKeyHit>> FindLeadKeys(int64_t account_id, const std::vector<std::string>& keys,
                                                 int64_t from, int64_t to) override;
  StatusOr<std::vector<CounterHit>> ReadCounters(int64_t account_id, const std::vector<std::string>& keys,
                                                 int64_t from_bucket, int64_t to_bucket) override;
  // Records a stored lead's keys and page counter, as InsertLeads does.
  void Add(int64_t account_id, int64_t leads_id, int64_t create_time, const TagResult& r);

  int64_t finds = 0, counter_reads = 0;  // queries made

 private:
  // account -> key -> rows / bucket counts
  std::unordered_map<int64_t, std::unordered_map<std::string, std::vector<LeadKeyHit>>> keys_;
  std::unordered_map<int64_t, std::unordered_map<std::string, std::map<int64_t, int64_t>>> counters_;
};

}  // namespace leads::intel
