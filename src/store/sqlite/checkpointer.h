// Background checkpoints for the writing connection.
//
// SQLite's automatic checkpoint copies the write-ahead log into the database
// inside the commit that crosses its threshold — in the writer's turn, so
// every other writer waits for it (16% of intake's CPU, docs/PERFORMANCE.md).
// A Checkpointer takes that over: the commit only notes that the log is
// long, and a thread of its own runs a PASSIVE checkpoint (which waits for
// no reader and no writer) on a connection of its own.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "store/sqlite/db.h"

namespace leads::sqlite {

class Checkpointer {
 public:
  // From now on `writer`'s commits ask for a checkpoint, done with `own`,
  // once a database's log holds `pages` pages.
  Checkpointer(Connection& writer, std::unique_ptr<Connection> own, int pages);
  // Stops the thread (a checkpoint under way finishes first).
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

 private:
  static int OnCommit(void* self, sqlite3*, const char* db, int pages);
  void Run();

  std::unique_ptr<Connection> own_;
  const int pages_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::set<std::string> due_;  // "main", "nonce_store"
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace leads::sqlite
