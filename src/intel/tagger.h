// The Tagger: given leads of one account, the account's rules and the
// lookups it needs (IntelLookup: one query for keys, one for counters, per
// batch), returns each lead's tags, reasons and score features. Pure apart
// from those reads; no clock (times come from the leads).
//
// Duplicates: a lead matches the account's earlier leads (create_time in
// [t - window, t]; at intake every stored lead counts as earlier than a new
// one with the same time, in a retag ties go by leads_id) that share its
// normalised phone, WeChat id, QQ or e-mail; leads of the same batch count
// too (the batch is taken in create_time order). N = matches + 1; the tag
// is 重复N条 when N >= 2.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "intel/contact.h"
#include "intel/number_quality.h"
#include "intel/rules.h"
#include "model/lead.h"
#include "store/intel_store.h"

namespace leads::intel {

struct TagInput {
  const Lead* lead = nullptr;
  int64_t create_time = 0;
  // Set in a retag (the lead is stored): its own rows are not matches and
  // leads of the same call are found through the store, not the batch.
  std::optional<int64_t> leads_id;
};

struct TagResult {
  Phone phone;
  std::vector<Reason> reasons;
  int64_t duplicates = 0;              // N including this lead (0: none)
  std::vector<std::string> tags;       // ours, in a fixed order
  std::vector<std::string> keys;       // contact and click keys to index
  std::string counter_key;             // the page's counter ("" without page_id)
  int64_t bucket = 0;
};

// 10-minute buckets of the page counters.
inline constexpr int64_t kBucketSeconds = 600;

// The lead's contact keys (phone, WeChat, QQ, e-mail) and click key.
std::vector<std::string> LeadKeys(const Lead& lead, Phone* phone = nullptr);

class Tagger {
 public:
  explicit Tagger(IntelLookup& lookup) : lookup_(lookup) {}
  StatusOr<std::vector<TagResult>> Tag(int64_t account_id, const Rules& rules, const std::vector<TagInput>& in);

 private:
  IntelLookup& lookup_;
};

// The reasons as stored and returned: [{"code","tag","detail"}...] plus the
// duplicate count; and back.
std::string ReasonsJson(const TagResult& r, const Rules& rules);
// leads_tags with our tags replaced by `ours` (others kept, in order).
std::string MergeTags(std::string_view existing, const std::vector<std::string>& ours);

}  // namespace leads::intel
