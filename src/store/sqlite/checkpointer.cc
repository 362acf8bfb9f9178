#include "store/sqlite/checkpointer.h"

namespace leads::sqlite {

Checkpointer::Checkpointer(Connection& writer, std::unique_ptr<Connection> own, int pages)
    : own_(std::move(own)), pages_(pages), thread_([this] { Run(); }) {
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
  if (pages >= self->pages_) {
    {
      std::lock_guard lock(self->mu_);
      self->due_.insert(db);
    }
    self->cv_.notify_one();
  }
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
    for (const auto& db : due)
      (void)sqlite3_wal_checkpoint_v2(own_->raw(), db.c_str(), SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    lock.lock();
  }
}

}  // namespace leads::sqlite
