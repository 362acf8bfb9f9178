#include "store/sqlite/db.h"

#include "store/sqlite/checkpointer.h"

#include <chrono>
#include <thread>

namespace leads::sqlite {

StatusOr<std::unique_ptr<Connection>> Connection::Open(const std::string& path, const std::string& sync) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Unavailable(ErrorCode::kStoreUnavailable, "cannot open SQLite database '" + path + "': " + msg);
  }
  std::unique_ptr<Connection> c(new Connection(db));
  // SQLite's own busy_timeout sleeps 1, 2, 5, 10 … 100 ms between tries,
  // which stalls every writer behind a lock held for microseconds. Retry
  // with a short, growing back-off instead (25 µs … 2 ms), up to 10 s.
  sqlite3_busy_handler(db, &Connection::OnBusy, nullptr);
  sqlite3_extended_result_codes(db, 1);
  // A checkpoint every kCheckpointPages (10,000) WAL pages (40 MB) instead
  // of SQLite's 1,000 (the pool's writer leaves it to a Checkpointer):
  // a page rewritten by many commits (index tails, count buckets) is copied
  // into the database once per checkpoint, and the copying no longer costs
  // every few intake batches (-18% CPU per lead, docs/PERFORMANCE.md).
  std::string pragmas = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint=" +
                        std::to_string(kCheckpointPages) + "; PRAGMA synchronous=" +
                        std::string(sync == "full" ? "FULL" : "NORMAL") + ";";
  LEADS_RETURN_IF_ERROR(c->Exec(pragmas));
  {
    LEADS_ASSIGN_OR_RETURN(auto attach, c->Prepare("ATTACH DATABASE ?1 AS nonce_store"));
    LEADS_RETURN_IF_ERROR(attach.Bind(1, path + "-nonces").Run());
  }
  LEADS_RETURN_IF_ERROR(c->Exec(
      "PRAGMA nonce_store.journal_mode=WAL; PRAGMA nonce_store.synchronous=" +
      std::string(sync == "full" ? "FULL" : "NORMAL") +
      "; CREATE TABLE IF NOT EXISTS nonce_store.nonces(token TEXT NOT NULL, nonce TEXT NOT NULL,"
      " seen_at INTEGER NOT NULL, PRIMARY KEY(token, nonce)) WITHOUT ROWID;"
      " CREATE INDEX IF NOT EXISTS nonce_store.nonces_by_time ON nonces(seen_at);"));
  return c;
}

int Connection::OnBusy(void*, int attempt) {
  // attempt counts from 0; total wait is bounded at roughly 10 s.
  static constexpr int kMaxAttempts = 5000 + 12;
  if (attempt >= kMaxAttempts) return 0;
  int micros = attempt < 6 ? 25 << attempt : 2000;  // 25, 50 … 800, then 2000
  sqlite3_sleep(0);
  std::this_thread::sleep_for(std::chrono::microseconds(micros));
  return 1;
}

Connection::~Connection() {
  for (auto& [k, s] : cache_) sqlite3_finalize(s);
  sqlite3_close(db_);
}

Status Connection::Error(std::string_view what) const {
  int rc = sqlite3_errcode(db_) & 0xff;
  std::string msg = std::string(what) + ": " + sqlite3_errmsg(db_);
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED || rc == SQLITE_IOERR || rc == SQLITE_FULL ||
      rc == SQLITE_CANTOPEN)
    return Unavailable(ErrorCode::kStoreUnavailable, msg);
  return Internal(ErrorCode::kInternal, msg);
}

Status Connection::Exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    Status st = Error("exec");
    sqlite3_free(err);
    return st;
  }
  return Status::Ok();
}

StatusOr<Stmt> Connection::Prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return Stmt(this, it->second);
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK)
    return Error("prepare");
  cache_.emplace(sql, s);
  return Stmt(this, s);
}

Stmt::~Stmt() {
  if (s_) {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
}

Stmt& Stmt::Bind(int i, int64_t v) {
  sqlite3_bind_int64(s_, i, v);
  return *this;
}

Stmt& Stmt::Bind(int i, std::string_view v) {
  sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

Stmt& Stmt::BindNull(int i) {
  sqlite3_bind_null(s_, i);
  return *this;
}

StatusOr<bool> Stmt::Step() {
  int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return conn_->Error("step");
}

Status Stmt::Run() {
  for (;;) {
    auto r = Step();
    if (!r.ok()) return r.status();
    if (!*r) return Status::Ok();
  }
}

Status Transaction::Commit() {
  Status s = c_.Exec("COMMIT");
  if (s.ok()) open_ = false;
  return s;
}

Transaction::~Transaction() {
  if (open_) (void)c_.Exec("ROLLBACK");
}

StatusOr<std::unique_ptr<Pool>> Pool::Open(const std::string& path, const std::string& sync, size_t size,
                                           int64_t writer_cache_kib) {
  auto pool = std::make_unique<Pool>();
  for (size_t i = 0; i < size; ++i) {
    LEADS_ASSIGN_OR_RETURN(auto c, Connection::Open(path, sync));
    pool->free_.push_back(std::move(c));
  }
  LEADS_ASSIGN_OR_RETURN(pool->writer_, Connection::Open(path, sync));
  LEADS_RETURN_IF_ERROR(pool->writer_->Exec("PRAGMA cache_size=-" + std::to_string(writer_cache_kib)));
  LEADS_ASSIGN_OR_RETURN(auto own, Connection::Open(path, sync));
  pool->checkpointer_ =
      std::make_unique<Checkpointer>(*pool->writer_, pool->write_mu_, std::move(own), kCheckpointPages);
  return pool;
}

Pool::~Pool() = default;

Pool::Lease Pool::Writer() {
  auto t0 = observer_ ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point();
  return Lease(this, writer_.get(), std::unique_lock(write_mu_), t0);
}

Pool::Lease Pool::Get() {
  auto t0 = observer_ ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point();
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return !free_.empty(); });
  auto c = std::move(free_.back());
  free_.pop_back();
  return Lease(this, std::move(c), t0);
}

void Pool::Observe(std::chrono::steady_clock::time_point t0) {
  if (observer_ && t0 != std::chrono::steady_clock::time_point())
    observer_->OnStoreCall(
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count());
}

void Pool::Return(std::unique_ptr<Connection> c, std::chrono::steady_clock::time_point t0) {
  Observe(t0);
  {
    std::lock_guard lock(mu_);
    free_.push_back(std::move(c));
  }
  cv_.notify_one();
}

}  // namespace leads::sqlite
