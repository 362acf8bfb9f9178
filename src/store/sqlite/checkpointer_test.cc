// The background checkpoint: when a log counts as long, and that a long log
// is copied into the database by the Checkpointer's own thread.
#include "store/sqlite/checkpointer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>

namespace leads::sqlite {
namespace {

TEST(CheckpointPolicy, DueOnceTheLogHoldsThatManyFramesNotYetCopied) {
  CheckpointPolicy p(100);
  EXPECT_FALSE(p.Due("main", 99));
  EXPECT_TRUE(p.Due("main", 100));
  p.Copied("main", 100);
  // Copied frames stay in the log until a writer restarts it: they do not
  // make it long again (before, every commit asked for a checkpoint here).
  EXPECT_FALSE(p.Due("main", 101));
  EXPECT_FALSE(p.Due("main", 199));
  EXPECT_TRUE(p.Due("main", 200));
  // Each database of the connection has its own log.
  EXPECT_TRUE(p.Due("nonce_store", 150));
}

TEST(CheckpointPolicy, ARestartedLogCountsFromItsStart) {
  CheckpointPolicy p(100);
  p.Copied("main", 180);
  EXPECT_FALSE(p.Due("main", 3));  // shorter than what was copied: restarted
  EXPECT_FALSE(p.Due("main", 99));
  EXPECT_TRUE(p.Due("main", 100));  // all of it new, though fewer than 180
  // A restart seen only through a short log still counts when one large
  // commit then takes the log past what was copied before.
  p.Copied("main", 180);
  EXPECT_FALSE(p.Due("main", 2));
  EXPECT_TRUE(p.Due("main", 190));
}

// A database in a directory of its own (removed at the end) with one table,
// its writing connection and the writers' mutex, as a Pool has them.
class CheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int n = 0;
    dir_ = std::filesystem::temp_directory_path() / ("ckpt-test-" + std::to_string(getpid()) + "-" + std::to_string(++n));
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "t.db").string();
    writer_ = std::move(Connection::Open(path_, "normal")).value();
    ASSERT_TRUE(writer_->Exec("CREATE TABLE t(x BLOB)").ok());
  }
  void TearDown() override {
    writer_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::unique_ptr<Checkpointer> Start(int pages) {
    return std::make_unique<Checkpointer>(*writer_, writer_mu_, std::move(Connection::Open(path_, "normal")).value(),
                                          pages);
  }

  std::filesystem::path dir_;
  std::string path_;
  std::unique_ptr<Connection> writer_;
  std::mutex writer_mu_;
};

TEST_F(CheckpointerTest, CopiesALongLogIntoTheDatabase) {
  const auto before = std::filesystem::file_size(path_);
  auto ckpt = Start(16);
  for (int i = 0; i < 40; ++i) ASSERT_TRUE(writer_->Exec("INSERT INTO t VALUES(randomblob(3000))").ok());
  // Only a checkpoint writes pages into the database file itself.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::filesystem::file_size(path_) <= before && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_GT(std::filesystem::file_size(path_), before);
}

TEST_F(CheckpointerTest, KeepsTheLogBoundedUnderSteadyWrites) {
  // A commit every 100 µs, each under the writers' mutex as Pool::Writer
  // holds it: the log must keep restarting. (Before the second pass under
  // the mutex it never did: 3,000 commits left a log of over 3,000 frames.)
  auto ckpt = Start(32);
  for (int i = 0; i < 3000; ++i) {
    {
      std::lock_guard lock(writer_mu_);
      ASSERT_TRUE(writer_->Exec("INSERT INTO t VALUES(randomblob(100))").ok());
    }
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
  // The log file is reused from its start after a restart: its size is its
  // longest stretch. 4,096-byte pages plus a 24-byte header per frame.
  const auto frames = std::filesystem::file_size(path_ + "-wal") / (4096 + 24);
  EXPECT_LT(frames, 1000u);
}

}  // namespace
}  // namespace leads::sqlite
