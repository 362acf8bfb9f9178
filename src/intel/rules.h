// An account's tagging rules and windows: a typed struct with one JSON
// parse/print. Stored per account (intel_rules); absent fields keep their
// defaults, so `leadsd intel rules set` may give only what changes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "model/enum_table.h"

namespace leads {
// Why a lead was tagged. Each reason belongs to one tag: duplicate to
// 重复N条, phone_* to 疑似空号, the others to 可疑数据.
#define LEADS_REASON_CODE_LIST(X)                                                              \
  X(kDuplicate, "duplicate") X(kPhoneFormat, "phone_format") X(kPhoneRepeat, "phone_repeat")    \
  X(kPhoneSequence, "phone_sequence") X(kPhonePlaceholder, "phone_placeholder")                \
  X(kClickBurst, "click_burst") X(kPageBurst, "page_burst") X(kNameMash, "name_mash")            \
  X(kAnswerMash, "answer_mash") X(kFastSubmit, "fast_submit")
LEADS_DEFINE_ENUM(ReasonCode, LEADS_REASON_CODE_LIST);
}  // namespace leads

namespace leads::intel {


inline constexpr std::string_view kTagEmptyNumber = "疑似空号";
inline constexpr std::string_view kTagSuspicious = "可疑数据";
// "重复N条"
std::string DuplicateTag(int64_t n);
// True for the tags this module writes (so a retag can replace them).
bool IsIntelTag(std::string_view tag);
std::string_view TagOf(ReasonCode c);

struct Rules {
  // false: no tags, no score, no index rows for this account's new leads.
  bool enabled = true;
  // Duplicates: same normalised phone / WeChat / QQ / e-mail within the window.
  int64_t duplicate_window_days = 30;
  // 疑似空号: a run of this many equal digits, an ascending or descending run
  // of this many digits, or a placeholder number (built-in list + these).
  // (8: the whole subscriber part of a mobile; real numbers with 7 equal
  // digits, e.g. 138 1000 0000, exist.)
  int64_t phone_repeat_run = 8;
  int64_t phone_sequence_run = 8;
  std::vector<std::string> placeholder_numbers;
  // 可疑数据: this many leads of one click_id within the window.
  int64_t click_burst_count = 3;
  int64_t click_burst_seconds = 600;
  // 可疑数据: a page's leads in the last 20 minutes reach page_burst_min and
  // page_burst_factor times its average 20 minutes over the last 7 days.
  int64_t page_burst_min = 30;
  double page_burst_factor = 5.0;
  // 可疑数据: a form filled faster than min_fill_ms + fill_ms_per_char per
  // character typed (needs bundle.form_fill_ms from the page).
  int64_t min_fill_ms = 1000;
  int64_t fill_ms_per_char = 40;
  // Reason codes switched off for this account.
  std::vector<ReasonCode> disabled;
  // ROI: revenue per converted lead when the spend file has no revenue.
  double value_per_conversion = 0;

  bool Enabled(ReasonCode c) const;
};

// Parses a JSON object onto `base` (fields absent keep base's values).
// Errors name the field: unknown 2106, wrong type 2103, out of range 2104.
StatusOr<Rules> ParseRules(std::string_view json, const Rules& base = Rules{});
std::string PrintRules(const Rules& r);

}  // namespace leads::intel
