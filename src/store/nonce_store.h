// Nonces seen per token, kept for the signature window and shared by every
// instance on the store, so a replay is refused also after a restart.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"

namespace leads {

class NonceStore {
 public:
  virtual ~NonceStore() = default;
  // Records (token, nonce) seen at `now`. Returns false when it was already
  // recorded (a replay). Atomic across connections and processes.
  virtual StatusOr<bool> RecordNonce(const std::string& token, const std::string& nonce,
                                     int64_t now) = 0;
  // Forgets nonces recorded before `cutoff`.
  virtual Status PurgeNonces(int64_t cutoff) = 0;
};

}  // namespace leads
