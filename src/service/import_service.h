// `leadsd leads import`: a lead file into an account, all or nothing.
//
// The file is read in batches: a reader thread parses and checks batch n+1
// while the calling thread tags and inserts batch n into one open import
// (LeadStore::BeginImport). Memory holds a few batches rather than the
// file, both cores work, and a bad line anywhere stores nothing.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/clock.h"
#include "common/status.h"
#include "intel/intel_service.h"
#include "service/intake_service.h"
#include "service/lead_file.h"
#include "store/account_store.h"
#include "store/lead_store.h"

namespace leads {

class ImportService {
 public:
  // Without `intel` leads are stored untagged.
  ImportService(AccountStore& accounts, LeadStore& leads, const IntakeService& intake, const Clock& clock,
                intel::IntelService* intel = nullptr, size_t batch = 5000)
      : accounts_(accounts), leads_(leads), intake_(intake), clock_(clock), intel_(intel), batch_(batch) {}

  // Stores every lead `reader` yields, or none; returns how many.
  StatusOr<int64_t> Import(int64_t account_id, LeadFileReader& reader);

 private:
  AccountStore& accounts_;
  LeadStore& leads_;
  const IntakeService& intake_;
  const Clock& clock_;
  intel::IntelService* intel_;
  const size_t batch_;
};

}  // namespace leads
