// Leads: intake, the list query, report updates, and personal-WeChat reports.
//
// A lead is stored in the form it is read in: its pull JSON document beside
// the indexed columns queries filter and sort on, so a list page is a
// concatenation of stored documents.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "model/lead.h"
#include "store/intel_store.h"

namespace leads {

// A lead to insert. The store assigns leads_id (into the lead) and renders
// and stores its document.
struct NewLead {
  Lead lead;
  int64_t create_time = 0;  // epoch seconds
  int64_t action_time = 0;
  LeadIntelWrite intel;  // keys, counter and reasons written with the lead (issue 6)
};

enum class TimeType { kAction = 0, kCreate = 1 };

struct ListQuery {
  int64_t account_id = 0;
  TimeType time_type = TimeType::kAction;
  int64_t start = 0;  // inclusive, epoch seconds
  int64_t end = 0;    // inclusive
  int64_t page = 1;
  int64_t page_size = 50;
  std::optional<int64_t> search_after;  // a leads_id of the account
};

struct ListPage {
  int64_t total = 0;  // every lead in the range
  size_t count = 0;   // leads on this page
  std::string docs;   // their pull JSON documents, in order, comma-separated
};

// A report's effect on one lead, computed by the caller: views of the
// caller's strings (enum names, the request's items), valid for the call.
// Absent is "" (never a null view: SQLite would bind NULL).
struct LeadReport {
  int64_t leads_id = 0;
  std::string_view convert_type = "", ineffect_reason = "", intention_score = "", outer_convert_type = "",
                   outer_ineffect_reason = "";
};

struct PersonalWechatReport {
  std::string uuid;
  int64_t account_id = 0;
  std::string doc;  // the report as JSON, as received (normalised)
  int64_t received_at = 0;
};

// An open import (LeadStore::BeginImport): batches inserted as InsertLeads
// inserts them, in one transaction — all stored at Commit, none if the
// import is destroyed before. A batch's leads_ids are assigned as it is
// inserted, so callers can refer to them in later batches.
class LeadImport {
 public:
  virtual ~LeadImport() = default;
  virtual StatusOr<std::vector<int64_t>> Insert(std::vector<NewLead>& batch) = 0;
  virtual Status Commit() = 0;
  // The keys and counters the Tagger reads, as this import's transaction
  // sees them: the stored ones and those of the batches inserted so far.
  virtual IntelLookup& keys() = 0;
};

class LeadStore {
 public:
  virtual ~LeadStore() = default;

  // Opens an import into the account (NotFound, kInvalidValue, when it does
  // not exist). It holds the store's write lock (SQLite) or a connection
  // (PostgreSQL) until committed or destroyed: other writers wait.
  virtual StatusOr<std::unique_ptr<LeadImport>> BeginImport(int64_t account_id, int64_t now) = 0;

  // Inserts every lead of `batch` or none. Assigns leads_id (unique in the
  // deployment, below 2^53) and writes it into each lead; when the account
  // has a push URL also queues one push per lead in the same transaction.
  // (An import of one batch.)
  virtual StatusOr<std::vector<int64_t>> InsertLeads(int64_t account_id, std::vector<NewLead>& batch,
                                                     int64_t now);

  // Order: create_time desc, leads_id desc. NotFound (kCursorNotFound) when
  // search_after is not a lead of the account.
  virtual StatusOr<ListPage> ListLeads(const ListQuery& q) = 0;

  // A number that changes whenever any lead of the account changes (insert,
  // report, console edit, re-tag — kept by the schema's triggers, and by
  // the import's commit for inserts), including writes by other processes
  // and instances. Equal values mean the account's leads are unchanged; 0 for an
  // account never written.
  virtual StatusOr<int64_t> LeadsGeneration(int64_t account_id) = 0;

  // Reads one lead of the account; NotFound when absent.
  virtual StatusOr<Lead> GetLead(int64_t account_id, int64_t leads_id) = 0;

  // Applies every report or none, in one transaction. `mutate` is called
  // with each report and its lead, and may change the lead (the store
  // re-renders its document). An unknown leads_id fails the whole batch
  // with kLeadNotFound naming the item's index.
  virtual Status ApplyReports(int64_t account_id, const std::vector<LeadReport>& reports,
                              const std::function<Status(const LeadReport&, Lead&)>& mutate,
                              int64_t now) = 0;

  // AlreadyExists (kDuplicateUuid) when the uuid was reported before.
  virtual Status InsertPersonalWechat(const PersonalWechatReport& r) = 0;
  virtual StatusOr<std::vector<PersonalWechatReport>> ListPersonalWechat(int64_t account_id) = 0;
};

}  // namespace leads
