// Applies conversion reports to leads (API.md §5.2, §7.9): validates every
// item against the account's status system first, then applies all of them
// or none, updating the follow tag and appending to the follow records.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "model/enums.h"
#include "store/account_store.h"
#include "store/lead_store.h"

namespace leads {

struct ReportItem {
  int64_t leads_id = 0;
  std::optional<ConvertStatus> convert_type;
  std::optional<IneffectReason> ineffect_reason;
  std::optional<IntentionScore> intention_score;
  std::string outer_convert_type;
  std::string outer_ineffect_reason;
};

class ReportService {
 public:
  ReportService(AccountStore& accounts, LeadStore& leads, const Clock& clock, int utc_offset)
      : accounts_(accounts), leads_(leads), clock_(clock), offset_(utc_offset) {}

  // Errors name the first bad item as "list[i].field".
  Status Apply(int64_t account_id, const std::vector<ReportItem>& items);

 private:
  AccountStore& accounts_;
  LeadStore& leads_;
  const Clock& clock_;
  int offset_;
};

// Appends a follow record (one JSON object) to the JSON array text held in
// all_follow_records, unless it repeats the last record's content. Returns
// the new text.
std::string AppendFollowRecord(const std::string& records_json, const std::string& time,
                               const std::string& kind, const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace leads
