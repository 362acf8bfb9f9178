#include "store/postgres/pool.h"

namespace leads::postgres {

StatusOr<std::unique_ptr<Pool>> Pool::Open(const std::string& conninfo, size_t size) {
  std::unique_ptr<Pool> p(new Pool(conninfo, size == 0 ? 1 : size));
  LEADS_ASSIGN_OR_RETURN(auto c, Connection::Open(conninfo));
  p->free_.push_back(std::move(c));
  return p;
}

StatusOr<Pool::Lease> Pool::Get() {
  auto t0 = observer_ ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point();
  std::unique_ptr<Connection> c;
  {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, std::chrono::seconds(10), [&] { return available_ > 0; }))
      return Unavailable(ErrorCode::kStoreUnavailable, "PostgreSQL: every pooled connection is busy");
    --available_;
    if (!free_.empty()) {
      c = std::move(free_.back());
      free_.pop_back();
    }
  }
  if (c && !c->ProbeIdle()) c.reset();  // lost meanwhile (e.g. a server restart)
  if (!c) {
    auto opened = Connection::Open(conninfo_);
    if (!opened.ok()) {
      Return(nullptr);
      return opened.status();
    }
    c = std::move(opened).value();
  }
  return Lease(this, std::move(c), t0);
}

void Pool::Return(std::unique_ptr<Connection> c, std::chrono::steady_clock::time_point t0) {
  if (observer_ && t0 != std::chrono::steady_clock::time_point())
    observer_->OnStoreCall(
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count());
  // A connection left in a transaction (or in a failed one) is rolled back;
  // one that is lost is dropped and reopened on a later lease.
  if (c && c->healthy() && !c->idle()) (void)c->Run("ROLLBACK");
  if (c && (!c->healthy() || !c->idle())) c.reset();
  {
    std::lock_guard lock(mu_);
    if (c) free_.push_back(std::move(c));
    ++available_;
  }
  cv_.notify_one();
}

}  // namespace leads::postgres
