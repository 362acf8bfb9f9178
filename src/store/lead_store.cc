#include "store/lead_store.h"

namespace leads {

StatusOr<std::vector<int64_t>> LeadStore::InsertLeads(int64_t account_id, std::vector<NewLead>& batch, int64_t now) {
  LEADS_ASSIGN_OR_RETURN(auto import, BeginImport(account_id, now));
  LEADS_ASSIGN_OR_RETURN(auto ids, import->Insert(batch));
  LEADS_RETURN_IF_ERROR(import->Commit());
  return ids;
}

}  // namespace leads
