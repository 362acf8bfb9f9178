#include "intel/number_quality.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace leads::intel {
namespace {

// Numbers seen in forms that nobody answers: carriers' sample numbers,
// keyboard rows, "all ones".
constexpr std::array<std::string_view, 14> kPlaceholders = {
    "13800138000", "13800000000", "13000000000", "13888888888", "18888888888", "13900000000",
    "13912345678", "12345678901", "13123456789", "15000000000", "18000000000", "17000000000",
    "19999999999", "13333333333"};

}  // namespace

int LongestRepeatRun(std::string_view d) {
  int best = 0, run = 0;
  for (size_t i = 0; i < d.size(); ++i) {
    run = (i > 0 && d[i] == d[i - 1]) ? run + 1 : 1;
    best = std::max(best, run);
  }
  return best;
}

int LongestSequenceRun(std::string_view d) {
  int best = d.empty() ? 0 : 1, up = 1, down = 1;
  for (size_t i = 1; i < d.size(); ++i) {
    up = d[i] == d[i - 1] + 1 ? up + 1 : 1;
    down = d[i] == d[i - 1] - 1 ? down + 1 : 1;
    best = std::max({best, up, down});
  }
  return best;
}

void CheckNumber(const Phone& p, const Rules& rules, std::vector<Reason>& out) {
  if (p.kind == PhoneKind::kNone) return;
  if (p.kind == PhoneKind::kInvalid && rules.Enabled(ReasonCode::kPhoneFormat))
    out.push_back({ReasonCode::kPhoneFormat,
                   "phone '" + p.digits + "' is not a mainland mobile (11 digits, 1[3-9]…), a landline with area code, "
                   "a 400/800 number or an international number with +/00"});
  if (p.kind == PhoneKind::kInvalid && p.digits.find_first_not_of("0123456789") != std::string::npos) return;
  const std::string& d = p.digits;
  if (rules.Enabled(ReasonCode::kPhoneRepeat)) {
    if (int run = LongestRepeatRun(d); run >= rules.phone_repeat_run)
      out.push_back({ReasonCode::kPhoneRepeat, "phone '" + d + "' has " + std::to_string(run) +
                                                   " equal digits in a row (rule: " +
                                                   std::to_string(rules.phone_repeat_run) + ")"});
  }
  if (rules.Enabled(ReasonCode::kPhoneSequence)) {
    if (int run = LongestSequenceRun(d); run >= rules.phone_sequence_run)
      out.push_back({ReasonCode::kPhoneSequence, "phone '" + d + "' has " + std::to_string(run) +
                                                     " ascending or descending digits in a row (rule: " +
                                                     std::to_string(rules.phone_sequence_run) + ")"});
  }
  if (rules.Enabled(ReasonCode::kPhonePlaceholder)) {
    const bool builtin = std::find(kPlaceholders.begin(), kPlaceholders.end(), d) != kPlaceholders.end();
    bool custom = false;
    for (const auto& n : rules.placeholder_numbers)
      if (NormalizePhone(n).digits == d) custom = true;
    if (builtin || custom)
      out.push_back({ReasonCode::kPhonePlaceholder,
                     "phone '" + d + "' is a known placeholder number" + (custom ? " (account list)" : "")});
  }
}

}  // namespace leads::intel
