// Lead intelligence as the rest of the server uses it: tags and scores a
// batch at intake (before it is stored, so leads_tags and
// leads_potential_score are in the first pull and push), explains a lead's
// tags, re-tags a time range after the rules change, fits an account's score
// model from its reported outcomes, and keeps the per-account rules.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "intel/rules.h"
#include "intel/score.h"
#include "intel/tagger.h"
#include "store/console_store.h"
#include "store/intel_store.h"
#include "store/lead_store.h"

namespace leads::intel {

struct AccountIntel {
  Rules rules;
  ScoreModel model;
};

struct RetagSummary {
  int64_t scanned = 0, changed = 0;
};

// From a stored lead: the reason codes its tags stand for (one
// representative per tag) and N of 重复N条 — what a score needs.
void CodesFromTags(const Lead& lead, std::vector<ReasonCode>& codes, int64_t& duplicates);
// Whether a follow tag is a reported outcome: 1 valid, 0 invalid, -1 none.
int OutcomeOf(std::string_view follow_tag);

class IntelService {
 public:
  IntelService(IntelStore& intel, LeadStore& leads, ConsoleStore& console, const Clock& clock)
      : intel_(intel), leads_(leads), console_(console), clock_(clock) {}

  // The account's rules and model (cached for a few seconds: a change by
  // another process is seen within that time).
  StatusOr<AccountIntel> Load(int64_t account_id);
  // Merges `json` onto the account's rules and stores them; returns them.
  StatusOr<Rules> SetRules(int64_t account_id, std::string_view json);

  // Intake: sets leads_tags and leads_potential_score of every lead and
  // what the store writes beside it (NewLead::intel). create_time must be set.
  // `lookup` (default: the store) is where earlier leads' keys are found; an
  // import passes its own (LeadImport::keys).
  Status TagNewLeads(int64_t account_id, std::vector<NewLead>& batch, IntelLookup* lookup = nullptr);

  // Re-tags and re-scores the account's leads with create_time in [from, to]
  // under the current rules and model; also indexes leads stored before
  // tagging existed. A changed lead gets an "intel" history event.
  StatusOr<RetagSummary> Retag(int64_t account_id, int64_t from, int64_t to);

  // Fits the account's model from leads with reported outcomes (a fifth held
  // out for the AUC, then refitted on all) and stores it; kTooFewOutcomes
  // when there are too few.
  StatusOr<ScoreModel> Fit(int64_t account_id);

  // The lead's tags, reasons, duplicates (earlier leads), features and score
  // as JSON text. NotFound (kLeadNotFound) for another account's lead.
  StatusOr<std::string> Explain(int64_t account_id, int64_t leads_id, int utc_offset);

 private:
  IntelStore& intel_;
  LeadStore& leads_;
  ConsoleStore& console_;
  const Clock& clock_;
  std::mutex mu_;
  struct Cached {
    AccountIntel value;
    int64_t loaded_us = 0;
  };
  std::unordered_map<int64_t, Cached> cache_;
};

}  // namespace leads::intel
