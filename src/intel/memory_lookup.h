// An in-memory IntelLookup: what the Tagger reads, kept in maps. Used by the
// score evaluation (generated data, no database), by tests of the Tagger,
// and for an import's own earlier batches (LayeredLookup).
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
  void Add(int64_t account_id, int64_t leads_id, int64_t create_time, const LeadIntelWrite& w);

  int64_t finds = 0, counter_reads = 0;  // queries made

 private:
  // account -> key -> rows / bucket counts
  std::unordered_map<int64_t, std::unordered_map<std::string, std::vector<LeadKeyHit>>> keys_;
  std::unordered_map<int64_t, std::unordered_map<std::string, std::map<int64_t, int64_t>>> counters_;
};

// What the Tagger reads during an import: the stored rows, and the rows of
// the import's earlier batches — written in its open transaction, so not
// yet visible to the store's readers — added with pending().Add.
class LayeredLookup final : public IntelLookup {
 public:
  explicit LayeredLookup(IntelLookup& stored) : stored_(stored) {}
  StatusOr<std::vector<LeadKeyHit>> FindLeadKeys(int64_t account_id, const std::vector<std::string>& keys,
                                                 int64_t from, int64_t to) override;
  StatusOr<std::vector<CounterHit>> ReadCounters(int64_t account_id, const std::vector<std::string>& keys,
                                                 int64_t from_bucket, int64_t to_bucket) override;
  MemoryLookup& pending() { return pending_; }

 private:
  IntelLookup& stored_;
  MemoryLookup pending_;
};

}  // namespace leads::intel
