// Lead intelligence's part of the store (issue 6): the lead_keys index
// (normalised contacts and click ids, for duplicates and bursts), per-page
// lead counters in 10-minute buckets (page bursts), each tagged lead's
// reasons, the accounts' rules and fitted score models, and spend.
//
// The keys, counters and reasons of a new lead are written by InsertLeads
// in the lead's own transaction (NewLead::intel).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace leads {

// A stored lead key within a time range.
struct LeadKeyHit {
  std::string key;
  int64_t create_time = 0;
  int64_t leads_id = 0;
};

struct CounterHit {
  std::string key;
  int64_t bucket = 0;  // create_time / 600
  int64_t n = 0;
};

// What InsertLeads writes beside a new lead.
struct LeadIntelWrite {
  std::vector<std::string> keys;  // lead_keys rows
  std::string counter_key;        // "" or the page's counter key
  int64_t bucket = 0;
  std::string reasons;            // "" (no row) or the reasons as JSON text
};

// The reads the Tagger needs, one query each per batch.
class IntelLookup {
 public:
  virtual ~IntelLookup() = default;
  // Rows of lead_keys of the account with one of `keys` and create_time in [from, to].
  virtual StatusOr<std::vector<LeadKeyHit>> FindLeadKeys(int64_t account_id, const std::vector<std::string>& keys,
                                                         int64_t from, int64_t to) = 0;
  // Counter buckets of `keys` in [from_bucket, to_bucket].
  virtual StatusOr<std::vector<CounterHit>> ReadCounters(int64_t account_id, const std::vector<std::string>& keys,
                                                         int64_t from_bucket, int64_t to_bucket) = 0;
};

struct SpendRow {
  int64_t day = 0;  // days since 1970-01-01 in the deployment's zone
  std::string campaign_id;
  int64_t spend_fen = 0;  // money in fen (0.01 yuan)
  std::optional<int64_t> revenue_fen;
};

// One lead as analytics and model fitting read it (indexed columns only).
struct LeadFacts {
  int64_t leads_id = 0;
  int64_t create_time = 0;
  std::string leads_type, leads_source, follow_tag, campaign_id, adgroup_id, ad_id, tags;
};

class IntelStore : public IntelLookup {
 public:
  // The account's rules and model as JSON text; "" when never set.
  virtual StatusOr<std::string> GetIntelRules(int64_t account_id) = 0;
  virtual Status PutIntelRules(int64_t account_id, const std::string& rules, int64_t now) = 0;
  virtual StatusOr<std::string> GetScoreModel(int64_t account_id) = 0;
  virtual Status PutScoreModel(int64_t account_id, const std::string& model, int64_t now) = 0;

  // The reasons stored for a lead ("" when it has none).
  virtual StatusOr<std::string> GetLeadReasons(int64_t account_id, int64_t leads_id) = 0;
  // A retag: adds the lead's keys (existing ones stay) and, unless nullopt,
  // replaces (or, with "", removes) its reasons, in one transaction.
  virtual Status SaveLeadIntel(int64_t account_id, int64_t leads_id, int64_t create_time,
                               const std::vector<std::string>& keys, const std::optional<std::string>& reasons) = 0;

  // Leads of the account with create_time in [from, to], in (create_time,
  // leads_id) order, after the cursor, at most `limit`: (leads_id, create_time, doc).
  struct StoredLead {
    int64_t leads_id = 0, create_time = 0;
    std::string doc;
  };
  virtual StatusOr<std::vector<StoredLead>> LeadsForRetag(int64_t account_id, int64_t from, int64_t to,
                                                          int64_t after_time, int64_t after_id, int64_t limit) = 0;

  // Calls `f` for each lead of the account with create_time in [from, to].
  virtual Status ScanLeadFacts(int64_t account_id, int64_t from, int64_t to,
                               const std::function<void(const LeadFacts&)>& f) = 0;
  // Replaces the spend of each (day, campaign) in `rows`, all or nothing.
  virtual Status PutSpend(int64_t account_id, const std::vector<SpendRow>& rows, int64_t now) = 0;
  virtual StatusOr<std::vector<SpendRow>> ListSpend(int64_t account_id, int64_t from_day, int64_t to_day) = 0;
};

}  // namespace leads
