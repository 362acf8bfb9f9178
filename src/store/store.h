// The store: every persistent thing the server keeps, behind one handle.
// Backends: sqlite (embedded default). Chosen by URL: "sqlite:PATH".
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "store/account_store.h"
#include "store/console_store.h"
#include "store/lead_store.h"
#include "store/nonce_store.h"
#include "store/outbox_store.h"

namespace leads {

class Store : public AccountStore, public CredentialStore, public NonceStore, public LeadStore,
              public ConsoleStore,
              public OutboxStore {
 public:
  ~Store() override = default;
  // A short name of the backend, for logs ("sqlite").
  virtual std::string Backend() const = 0;
};

struct StoreOptions {
  // "normal" (survives a process crash) or "full" (also a power loss).
  std::string sync = "normal";
};

// Opens (creating and migrating when needed) the store at `url`.
StatusOr<std::unique_ptr<Store>> OpenStore(const std::string& url, const StoreOptions& options = {});

}  // namespace leads
