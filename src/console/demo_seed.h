// Demo activity for `leadsd demo`: owners, follow-up states, touch states
// and tags on part of the demo leads, made through the console's own
// follow-up path (so the history and all_follow_records show them), so the
// leads table, filters and dashboard have something to show.
#pragma once

#include <cstdint>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "store/store.h"

namespace leads::console {

Status SeedDemoActivity(Store& store, Random& random, const Clock& clock, int64_t account_id,
                        const std::vector<int64_t>& leads_ids, int utc_offset);

}  // namespace leads::console
