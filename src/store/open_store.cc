#include <thread>

#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace leads {
namespace {

// Removes a `pool_size=N` query parameter (ours, not libpq's) from a
// PostgreSQL URL; returns N or 0 when absent.
size_t TakePoolSize(std::string& url) {
  size_t q = url.find('?');
  if (q == std::string::npos) return 0;
  std::string query = url.substr(q + 1), kept;
  size_t n = 0;
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    std::string kv = query.substr(start, end - start);
    if (kv.starts_with("pool_size=")) n = static_cast<size_t>(std::strtoul(kv.c_str() + 10, nullptr, 10));
    else if (!kv.empty()) kept += (kept.empty() ? "" : "&") + kv;
    start = end + 1;
  }
  url = url.substr(0, q) + (kept.empty() ? "" : "?" + kept);
  return n;
}

}  // namespace

StatusOr<std::unique_ptr<Store>> OpenStore(const std::string& url, const StoreOptions& options) {
  size_t n = options.pool_size ? options.pool_size : std::max<size_t>(4, std::thread::hardware_concurrency() * 2 + 2);
  if (url.starts_with("sqlite:")) {
    std::string path = url.substr(7);
    if (path.empty()) return InvalidArgument(ErrorCode::kInvalidValue, "--db: sqlite URL needs a path (sqlite:PATH)");
    LEADS_ASSIGN_OR_RETURN(auto s, sqlite::SqliteStore::Open(path, options, n));
    return std::unique_ptr<Store>(std::move(s));
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    std::string conninfo = url;
    if (size_t pool = TakePoolSize(conninfo)) n = pool;
    LEADS_ASSIGN_OR_RETURN(auto s, postgres::PostgresStore::Open(conninfo, n));
    return std::unique_ptr<Store>(std::move(s));
  }
  return InvalidArgument(ErrorCode::kInvalidValue, "--db: unsupported store URL '" + url +
                                                       "' (expected sqlite:PATH or postgresql://…)");
}

}  // namespace leads
