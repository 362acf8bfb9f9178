#include <thread>

#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace leads {

StatusOr<std::unique_ptr<Store>> OpenStore(const std::string& url, const StoreOptions& options) {
  if (url.starts_with("sqlite:")) {
    std::string path = url.substr(7);
    if (path.empty()) return InvalidArgument(ErrorCode::kInvalidValue, "--db: sqlite URL needs a path (sqlite:PATH)");
    size_t n = std::max<size_t>(4, std::thread::hardware_concurrency() * 2 + 2);
    LEADS_ASSIGN_OR_RETURN(auto s, sqlite::SqliteStore::Open(path, options, n));
    return std::unique_ptr<Store>(std::move(s));
  }
  return InvalidArgument(ErrorCode::kInvalidValue,
                         "--db: unsupported store URL '" + url + "' (expected sqlite:PATH)");
}

}  // namespace leads
