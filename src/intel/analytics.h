// ROI analytics (issue 6, our extension): leads of a time range counted by
// day, campaign, ad group, ad, source or type — valid and converted as the
// advertiser reported them (API.md §7.9 follow tags), our tags — and, with
// spend imported per campaign and day, cost per lead, cost per converted
// lead and ROI (revenue / spend; revenue from the spend file, else converted
// leads × the account's value_per_conversion).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "intel/intel_service.h"
#include "model/enum_table.h"
#include "store/intel_store.h"

namespace leads {
#define LEADS_ANALYTICS_DIMENSION_LIST(X) \
  X(kDay, "day") X(kCampaign, "campaign") X(kAdgroup, "adgroup") X(kAd, "ad") X(kSource, "source") X(kType, "type")
LEADS_DEFINE_ENUM(AnalyticsDimension, LEADS_ANALYTICS_DIMENSION_LIST);
}  // namespace leads

namespace leads::intel {

using Dimension = AnalyticsDimension;


struct AnalyticsQuery {
  int64_t account_id = 0;
  int64_t start = 0, end = 0;  // leads_create_time, inclusive epoch seconds
  Dimension group_by = Dimension::kDay;
  int utc_offset = 8 * 3600;
};

// Days since 1970-01-01 in the zone of `utc_offset`.
int64_t DayNumber(int64_t epoch, int utc_offset);

class Analytics {
 public:
  Analytics(IntelStore& store, IntelService& intel) : store_(store), intel_(intel) {}
  // The report as JSON text: {"group_by", "rows": [...], "total": {...}}.
  StatusOr<std::string> Run(const AnalyticsQuery& q);

 private:
  IntelStore& store_;
  IntelService& intel_;
};

// Spend file: a header naming date, campaign_id, spend and optionally
// revenue (any order; yuan with up to 2 decimals; date yyyy-mm-dd), one row
// per campaign and day. Errors (kSpendCsvInvalid) name the line and column.
StatusOr<std::vector<SpendRow>> ParseSpendCsv(std::string_view text, int utc_offset);

}  // namespace leads::intel
