// Versioned schema migrations of the PostgreSQL backend, applied at start
// and by `leadsd migrate`. Instances starting together take turns (an
// advisory lock), so each migration runs once.
#pragma once

#include "common/status.h"
#include "store/postgres/connection.h"

namespace leads::postgres {

// Applies every migration not yet applied, each in its own transaction.
// Returns the number applied.
StatusOr<int> Migrate(Connection& c, int64_t now);

}  // namespace leads::postgres
