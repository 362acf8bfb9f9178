// Realistic generated leads (Chinese names, mainland phone numbers, the
// document's field shapes) for the demo command, tests and benchmarks.
#pragma once

#include <cstdint>
#include <vector>

#include "common/clock.h"
#include "service/intake_service.h"

namespace leads {

// `n` leads with leads_create_time spread over the `days` days before
// `now` (epoch seconds), in the zone `utc_offset`.
std::vector<IncomingLead> GenerateLeads(Random& random, size_t n, int64_t now, int days, int utc_offset);

}  // namespace leads
