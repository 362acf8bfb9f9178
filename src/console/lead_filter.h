// The console's lead filter, read from query parameters (shared by the
// leads table and the CSV export):
//   q            a name prefix, a phone prefix or a leads_id
//   time_type    create (entry time, default) | action (submission time)
//   start, end   yyyy-mm-dd (end: the whole day) or yyyy-mm-dd HH:MM:SS
//   leads_type, leads_source, follow_tag, touch_tag   enum values, comma-separated
//   owner_name   an owner; "~" means none assigned
//   campaign_id, adgroup_id, ad_id, tag
//   sort         create_desc (default) | create_asc | action_desc | action_asc
//   cursor       the `next` cursor of the previous page
//   page_size    1-200 (default 50)
#pragma once

#include <string>

#include "api/params.h"
#include "common/status.h"
#include "store/console_store.h"

namespace leads::console {

StatusOr<LeadSearch> ReadLeadFilter(const api::QueryParams& q, int64_t account_id, int utc_offset);

// The cursor as text ("time.create_time.leads_id") and back.
std::string CursorText(const LeadCursor& c);
StatusOr<LeadCursor> ParseCursor(std::string_view text);

}  // namespace leads::console
