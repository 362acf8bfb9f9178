// A thin RAII layer over the SQLite C API: a connection with a cache of
// prepared statements, a statement cursor, a transaction guard, and a pool
// of connections shared by the server's threads.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/status.h"
#include "store/store.h"

namespace leads::sqlite {

class Stmt;
class Checkpointer;

// WAL pages after which the log is copied into the database.
inline constexpr int kCheckpointPages = 10000;

class Connection {
 public:
  // Opens `path` (creating it), WAL mode, foreign keys, busy timeout, with
  // the nonce database `path`-nonces attached as `nonce_store` (see
  // statements.h: a nonce written per request must not invalidate the page
  // caches of the connections reading leads).
  static StatusOr<std::unique_ptr<Connection>> Open(const std::string& path, const std::string& sync);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs statements without results.
  Status Exec(std::string_view sql);
  // A cached prepared statement, reset and unbound. `sql` must be a
  // statement constant (its address is the cache key).
  StatusOr<Stmt> Prepare(const char* sql);
  int64_t Changes() const { return sqlite3_changes64(db_); }
  sqlite3* raw() { return db_; }
  // Status for the last error, as kStoreUnavailable (busy/locked/IO) or kInternal.
  Status Error(std::string_view what) const;

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  static int OnBusy(void*, int attempt);
  sqlite3* db_;
  std::unordered_map<const char*, sqlite3_stmt*> cache_;
};

// A cursor over one prepared statement; resets it when destroyed.
class Stmt {
 public:
  Stmt(Connection* c, sqlite3_stmt* s) : conn_(c), s_(s) {}
  Stmt(Stmt&& o) noexcept : conn_(o.conn_), s_(o.s_) { o.s_ = nullptr; }
  Stmt(const Stmt&) = delete;
  ~Stmt();

  Stmt& Bind(int i, int64_t v);
  Stmt& Bind(int i, std::string_view v);
  Stmt& BindNull(int i);
  // Steps once: true with a row, false when done; Status on error.
  StatusOr<bool> Step();
  // Steps to completion (for writes).
  Status Run();

  int64_t Int(int col) const { return sqlite3_column_int64(s_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  std::string_view Text(int col) const {
    const char* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
    return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(s_, col))) : std::string_view();
  }

 private:
  Connection* conn_;
  sqlite3_stmt* s_;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back when not committed.
class Transaction {
 public:
  explicit Transaction(Connection& c) : c_(c) {}
  Status Begin() { return Track(c_.Exec("BEGIN IMMEDIATE")); }
  Status Commit();
  ~Transaction();

 private:
  Status Track(Status s) {
    open_ = s.ok();
    return s;
  }
  Connection& c_;
  bool open_ = false;
};

// A fixed set of reading connections, and one writing connection.
class Pool {
 public:
  // `size` reading connections; the writer's page cache holds up to
  // `writer_cache_kib` (dirty pages of a large transaction stay in memory
  // instead of spilling into the WAL and being written again, and the hot
  // index pages of every insert stay cached between transactions).
  static StatusOr<std::unique_ptr<Pool>> Open(const std::string& path, const std::string& sync, size_t size,
                                              int64_t writer_cache_kib = kWriterCacheKib);
  static constexpr int64_t kWriterCacheKib = 64 * 1024;
  ~Pool();

  class Lease {
   public:
    Lease(Pool* p, std::unique_ptr<Connection> c, std::chrono::steady_clock::time_point t0 = {})
        : pool_(p), c_(std::move(c)), t0_(t0) {}
    // The writer: not returned to the pool; the lock is held until the
    // lease ends.
    Lease(Pool* p, Connection* writer, std::unique_lock<std::mutex> lock,
          std::chrono::steady_clock::time_point t0 = {})
        : pool_(p), writer_(writer), write_(std::move(lock)), t0_(t0) {}
    Lease(Lease&& o) noexcept
        : pool_(o.pool_), c_(std::move(o.c_)), writer_(std::exchange(o.writer_, nullptr)), write_(std::move(o.write_)),
          t0_(o.t0_) {}
    ~Lease() {
      if (c_) pool_->Return(std::move(c_), t0_);
      else if (writer_) pool_->Observe(t0_);
    }
    Connection& operator*() { return c_ ? *c_ : *writer_; }
    Connection* operator->() { return c_ ? c_.get() : writer_; }

   private:
    Pool* pool_ = nullptr;
    std::unique_ptr<Connection> c_;
    Connection* writer_ = nullptr;
    std::unique_lock<std::mutex> write_;
    std::chrono::steady_clock::time_point t0_;  // when the lease was asked for
  };

  // A connection for reads.
  Lease Get();
  // The connection for writes: one writer at a time in this process, so
  // writers queue on a mutex instead of spinning on SQLite's lock (other
  // processes still meet the busy handler).
  Lease Writer();
  // Told how long each lease (waiting included) lasted.
  void set_observer(StoreObserver* o) { observer_ = o; }

 private:
  void Return(std::unique_ptr<Connection> c, std::chrono::steady_clock::time_point t0);
  // Tells the observer how long a lease asked for at `t0` lasted.
  void Observe(std::chrono::steady_clock::time_point t0);
  StoreObserver* observer_ = nullptr;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> free_;
  std::mutex write_mu_;
  std::unique_ptr<Connection> writer_;
  std::unique_ptr<Checkpointer> checkpointer_;  // of writer_'s commits; stopped first
};

}  // namespace leads::sqlite
