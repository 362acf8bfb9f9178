// Versioned schema migrations of the SQLite backend.
#pragma once

#include "common/status.h"
#include "store/sqlite/db.h"

namespace leads::sqlite {

// Applies every migration not yet applied, each in its own transaction.
// Returns the number applied.
StatusOr<int> Migrate(Connection& c, int64_t now);

}  // namespace leads::sqlite
