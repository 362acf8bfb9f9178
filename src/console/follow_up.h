// Follow-up from the console: change a lead's follow tag or touch tag,
// assign an owner, add a follow record. Each change re-renders the lead's
// document (later pulls show leads_follow_tag, owner_name and
// all_follow_records), appends a follow record, and adds one history event
// naming who did it.
#pragma once

#include <optional>
#include <string>

#include "common/clock.h"
#include "common/status.h"
#include "model/lead.h"
#include "store/console_store.h"

namespace leads::console {

struct FollowUpChange {
  std::optional<std::string> follow_tag;  // a LEADS_FOLLOW_TAG_ value
  std::optional<std::string> touch_tag;   // a LEADS_TOUCH_TAG_ value
  std::optional<std::string> owner_name;  // "" unassigns
  std::string record;                     // a note; "" for none
};

class FollowUpService {
 public:
  FollowUpService(ConsoleStore& store, const Clock& clock, int utc_offset)
      : store_(store), clock_(clock), offset_(utc_offset) {}

  // Validates (errors name the field) and applies in one transaction.
  // Assigning an owner to an unassigned lead (LEADS_FOLLOW_TAG_DEFAULT)
  // also moves it to LEADS_FOLLOW_TAG_ASSIGNED unless a tag is given.
  StatusOr<Lead> Apply(int64_t account_id, int64_t leads_id, const FollowUpChange& change, const std::string& actor);

 private:
  ConsoleStore& store_;
  const Clock& clock_;
  int offset_;
};

}  // namespace leads::console
