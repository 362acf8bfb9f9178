// Background checkpoints for the writing connection.
//
// SQLite's automatic checkpoint copies the write-ahead log into the database
// inside the commit that crosses its threshold — in the writer's turn, so
// every other writer waits for it (16% of intake's CPU, docs/PERFORMANCE.md).
// A Checkpointer takes that over: the commit only notes that the log is
// long, and a thread of its own runs a PASSIVE checkpoint (which waits for
// no reader and no writer) on a connection of its own.
//
// A log is long when it holds `pages` frames not yet copied. The frame count
// SQLite reports after each commit is of the whole log, copied or not, and
// it only falls when a writer restarts the log. So the frames already copied
// are remembered per database; counting the whole log instead asked for a
// checkpoint (two fdatasyncs) after every commit until the restart.
//
// A writer restarts the log only if, when its transaction began, every frame
// had been copied. Under steady writes (a nonce per request) a commit always
// lands while a checkpoint runs, so the log would never restart and would
// grow without end, with its index mapped in memory. So each checkpoint ends
// with a second pass holding the writers' mutex: it copies the few frames
// committed during the first, and the next writer starts the log afresh.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "store/sqlite/db.h"

namespace leads::sqlite {

// When a log is long: it holds `pages` frames not yet copied. Not
// thread-safe (the Checkpointer guards it).
class CheckpointPolicy {
 public:
  explicit CheckpointPolicy(int pages) : pages_(pages) {}
  // A commit left `pages` frames (copied or not) in `db`'s log: true when a
  // checkpoint of `db` is due.
  bool Due(const std::string& db, int pages);
  // A checkpoint of `db` copied the first `frames` frames of its log.
  void Copied(const std::string& db, int frames) { copied_[db] = frames; }

 private:
  const int pages_;
  std::map<std::string, int> copied_;  // per database, of its current log
};

class Checkpointer {
 public:
  // From now on `writer`'s commits ask for a checkpoint, done with `own`,
  // once a database's log holds `pages` pages not yet copied. `writer_mu` is
  // held by whoever writes through `writer` (Pool::Writer); never while
  // waiting for this object.
  Checkpointer(Connection& writer, std::mutex& writer_mu, std::unique_ptr<Connection> own, int pages);
  // Stops the thread (a checkpoint under way finishes first).
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

 private:
  static int OnCommit(void* self, sqlite3*, const char* db, int pages);
  void Run();

  // A PASSIVE checkpoint of `db`; the frames it copied, or -1.
  int Copy(const std::string& db);

  std::mutex& writer_mu_;
  std::unique_ptr<Connection> own_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::set<std::string> due_;  // "main", "nonce_store"
  CheckpointPolicy policy_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace leads::sqlite
