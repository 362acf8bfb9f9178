// A bounded pool of PostgreSQL connections shared by the server's threads.
// A connection found dead (lost, or closed by a server restart) is
// replaced on the next lease, so the pool reconnects by itself; while the
// server is unreachable a lease fails fast with Unavailable.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/postgres/connection.h"
#include "store/store.h"

namespace leads::postgres {

class Pool {
 public:
  // Opens one connection (to fail early on a wrong URL); the others are
  // opened when first needed.
  static StatusOr<std::unique_ptr<Pool>> Open(const std::string& conninfo, size_t size);

  class Lease {
   public:
    Lease(Pool* p, std::unique_ptr<Connection> c, std::chrono::steady_clock::time_point t0 = {})
        : pool_(p), c_(std::move(c)), t0_(t0) {}
    Lease(Lease&& o) noexcept : pool_(o.pool_), c_(std::move(o.c_)), t0_(o.t0_) { o.pool_ = nullptr; }
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (pool_) pool_->Return(std::move(c_), t0_);
    }
    Connection& operator*() { return *c_; }
    Connection* operator->() { return c_.get(); }

   private:
    Pool* pool_;
    std::unique_ptr<Connection> c_;
    std::chrono::steady_clock::time_point t0_;  // when the lease was asked for
  };

  // A healthy connection, waiting up to the lease timeout for a free one.
  StatusOr<Lease> Get();
  size_t size() const { return size_; }
  // Told how long each lease (waiting included) lasted.
  void set_observer(StoreObserver* o) { observer_ = o; }

 private:
  Pool(std::string conninfo, size_t size) : conninfo_(std::move(conninfo)), size_(size), available_(size) {}
  void Return(std::unique_ptr<Connection> c, std::chrono::steady_clock::time_point t0 = {});
  StoreObserver* observer_ = nullptr;

  const std::string conninfo_;
  const size_t size_;
  std::mutex mu_;
  std::condition_variable cv_;
  size_t available_;  // leases that may still be handed out
  std::vector<std::unique_ptr<Connection>> free_;
};

}  // namespace leads::postgres
