// The store: every persistent thing the server keeps, behind one handle.
// Backends: sqlite (embedded default) and postgres. Chosen by URL: "sqlite:PATH", "postgresql://…".
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "store/account_store.h"
#include "store/console_store.h"
#include "store/intel_store.h"
#include "store/lead_store.h"
#include "store/nonce_store.h"
#include "store/outbox_store.h"

namespace leads {

// Told, for every store call, how long it held (and waited for) a pooled
// connection: /metrics' store latency. Called on the caller's thread; must be
// cheap and thread-safe.
class StoreObserver {
 public:
  virtual ~StoreObserver() = default;
  virtual void OnStoreCall(int64_t micros) = 0;
};

class Store : public AccountStore, public CredentialStore, public NonceStore, public LeadStore,
              public ConsoleStore,
              public OutboxStore,
              public IntelStore {
 public:
  ~Store() override = default;
  // A short name of the backend, for logs ("sqlite").
  virtual std::string Backend() const = 0;
  // Optional; set before the store is shared between threads.
  virtual void SetObserver(StoreObserver* observer) = 0;
};

struct StoreOptions {
  // "normal" (survives a process crash) or "full" (also a power loss).
  std::string sync = "normal";
  // Connections at most; 0: 2 × cores + 2 (at least 4). A PostgreSQL URL's
  // own pool_size parameter wins over it.
  size_t pool_size = 0;
};

// Opens (creating and migrating when needed) the store at `url`.
StatusOr<std::unique_ptr<Store>> OpenStore(const std::string& url, const StoreOptions& options = {});

}  // namespace leads
