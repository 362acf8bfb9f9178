#include "store/sqlite/checkpointer.h"

namespace leads::sqlite {

bool CheckpointPolicy::Due(const std::string& db, int pages) {
  int& copied = copied_[db];
  if (copied > pages) copied = 0;  // a log shorter than what was copied of it was restarted
  return pages - copied >= pages_;
}

Checkpointer::Checkpointer(Connection& writer, std::mutex& writer_mu, std::unique_ptr<Connection> own, int pages)
    : writer_mu_(writer_mu), own_(std::move(own)), policy_(pages), thread_([this] { Run(); }) {
  sqlite3_wal_hook(writer.raw(), &Checkpointer::OnCommit, this);  // replaces the automatic checkpoint
}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

int Checkpointer::OnCommit(void* p, sqlite3*, const char* db, int pages) {
  auto* self = static_cast<Checkpointer*>(p);
  {
    std::lock_guard lock(self->mu_);
    if (!self->policy_.Due(db, pages)) return SQLITE_OK;
    self->due_.insert(db);
  }
  self->cv_.notify_one();
  return SQLITE_OK;
}

void Checkpointer::Run() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return stop_ || !due_.empty(); });
    if (stop_) return;
    std::set<std::string> due;
    due.swap(due_);
    lock.unlock();
    // A failure (e.g. another process checkpointing) is retried at the next
    // long commit; the log stays valid meanwhile.
    std::map<std::string, int> copied;
    for (const auto& db : due) {
      if (Copy(db) < 0) continue;
      // The frames committed meanwhile, with the writers held off: then all
      // of the log is copied when the next writer begins, and it restarts it.
      std::lock_guard writers(writer_mu_);
      if (int done = Copy(db); done >= 0) copied[db] = done;
    }
    lock.lock();
    for (auto& [db, done] : copied) policy_.Copied(db, done);
  }
}

int Checkpointer::Copy(const std::string& db) {
  int log = 0, done = 0;
  if (sqlite3_wal_checkpoint_v2(own_->raw(), db.c_str(), SQLITE_CHECKPOINT_PASSIVE, &log, &done) != SQLITE_OK)
    return -1;
  return done;
}

}  // namespace leads::sqlite
