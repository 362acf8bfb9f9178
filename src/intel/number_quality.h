// 疑似空号: reasons a phone number cannot be a working number — not a mainland
// mobile or landline (foreign numbers with + or 00 are not suspect for being
// foreign), a long run of one digit, a long ascending or descending run, or a
// known placeholder (built-in list + the account's).
#pragma once

#include <string>
#include <vector>

#include "intel/contact.h"
#include "intel/rules.h"

namespace leads::intel {

struct Reason {
  ReasonCode code;
  std::string detail;  // English, names the value and the rule
};

// Longest run of one repeated digit / of consecutive ascending or
// descending digits (e.g. 345678 or 987654) in `digits`.
int LongestRepeatRun(std::string_view digits);
int LongestSequenceRun(std::string_view digits);

// Appends the number's reasons to `out` (nothing for an absent number).
void CheckNumber(const Phone& phone, const Rules& rules, std::vector<Reason>& out);

}  // namespace leads::intel
