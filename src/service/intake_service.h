// Lead intake: fills what the platform assigns (account fields, entry time,
// defaults), validates, and stores a batch all-or-nothing. Used by
// `leadsd leads import` and by the HTTP intake endpoint.
#pragma once

#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "intel/intel_service.h"
#include "model/lead.h"
#include "store/account_store.h"
#include "store/lead_store.h"

namespace leads {

// A lead as read from a file or a request, with where it came from
// ("line 7: ", "list[3].") for error messages.
struct IncomingLead {
  Lead lead;
  std::string where;
};

class IntakeService {
 public:
  // `intel` (optional) tags and scores every batch before it is stored.
  IntakeService(AccountStore& accounts, LeadStore& leads, const Clock& clock, int utc_offset,
                intel::IntelService* intel = nullptr)
      : accounts_(accounts), leads_(leads), clock_(clock), offset_(utc_offset), intel_(intel) {}

  // Stores every lead or none; returns the assigned leads_ids in order.
  // A supplied leads_id is ignored (the platform assigns it); a supplied
  // account_id must be the target account; a supplied leads_create_time is
  // kept (an import of original leads), otherwise it is the entry time;
  // leads_action_time defaults to leads_create_time.
  StatusOr<std::vector<int64_t>> Ingest(int64_t account_id, std::vector<IncomingLead> leads);

  // Ingest's first step, without storing: fills and checks the leads of a
  // batch for `account` as of `now`.
  StatusOr<std::vector<NewLead>> Prepare(const Account& account, std::vector<IncomingLead> leads, int64_t now) const;

 private:
  AccountStore& accounts_;
  LeadStore& leads_;
  const Clock& clock_;
  int offset_;
  intel::IntelService* intel_;
};

}  // namespace leads
