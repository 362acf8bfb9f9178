// Lead status systems (API.md §5.3, §7.5, §7.6, §7.9): which convert types
// and ineffect reasons an account may report, and what follow tag a report
// gives the lead.
#pragma once

#include <optional>

#include "model/enums.h"

namespace leads {

// True when `s` may be reported by an account on `system` in `industry`.
// The industry system of an account without an industry is the standard one.
bool ConvertAllowed(ConvertStatus s, StatusSystem system, Industry industry);
bool ReasonAllowed(IneffectReason r, StatusSystem system, Industry industry);

// The follow tag a report of `s` (with optional reason `r`) sets (§7.9).
FollowTag FollowTagFor(ConvertStatus s, std::optional<IneffectReason> r);

// True for an industry that has an industry status system.
inline bool HasIndustrySystem(Industry i) { return i != Industry::kNone; }

}  // namespace leads
