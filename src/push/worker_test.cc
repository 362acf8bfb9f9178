// The worker against a real SQLite store and a scripted in-process Sender
// (the transport is not under test here; push_test.cc runs the real one):
// concurrency bounds, isolation, the memory bound, Retry-After, Stop.
#include "push/worker.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <time.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "store/sqlite/sqlite_store.h"

namespace leads::push {
namespace {

using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;

std::string HostOf(const std::string& url) {
  size_t b = url.find("://") + 3;
  return url.substr(b, url.find('/', b) - b);
}

// Answers each request after a delay chosen by `script` (nullopt: hang
// until Shutdown). Records concurrency per host.
class ScriptedSender final : public Sender {
 public:
  struct Reply {
    int status = 200;
    std::string body = R"({"code":0})";
    std::string retry_after;
    std::chrono::milliseconds delay{1};
  };
  using Script = std::function<std::optional<Reply>(const PushRequest&)>;

  explicit ScriptedSender(Script s) : script_(std::move(s)), thread_([this] { Loop(); }) {}
  ~ScriptedSender() override { Shutdown(); }

  void Send(PushRequest req, Callback done) override {
    auto reply = script_(req);
    std::lock_guard lock(mu_);
    const std::string host = HostOf(req.url);
    int& n = in_flight_[host];
    ++n;
    max_in_flight_[host] = std::max(max_in_flight_[host], n);
    ++sent_[host];
    log_.push_back({host, Steady::now()});
    if (!reply) {
      hung_.push_back({host, std::move(done)});
      return;
    }
    queue_.emplace(Steady::now() + reply->delay, Item{host, *reply, std::move(done)});
    cv_.notify_one();
  }

  void Shutdown() {
    {
      std::lock_guard lock(mu_);
      if (stop_) return;
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
    for (auto& [host, done] : hung_) {
      PushResponse r;
      r.error = "aborted";
      done(r);
    }
    hung_.clear();
  }

  int MaxInFlight(const std::string& host) {
    std::lock_guard lock(mu_);
    return max_in_flight_[host];
  }
  int Sent(const std::string& host) {
    std::lock_guard lock(mu_);
    return sent_[host];
  }
  std::vector<std::pair<std::string, Steady::time_point>> Log() {
    std::lock_guard lock(mu_);
    return log_;
  }

 private:
  struct Item {
    std::string host;
    Reply reply;
    Callback done;
  };
  void Loop() {
    std::unique_lock lock(mu_);
    while (!stop_) {
      if (queue_.empty()) {
        cv_.wait(lock);
        continue;
      }
      auto it = queue_.begin();
      if (it->first > Steady::now()) {
        cv_.wait_until(lock, it->first);
        continue;
      }
      Item item = std::move(it->second);
      queue_.erase(it);
      --in_flight_[item.host];
      lock.unlock();
      PushResponse r;
      r.http_status = item.reply.status;
      r.body = item.reply.body;
      r.retry_after = item.reply.retry_after;
      item.done(std::move(r));
      lock.lock();
    }
  }

  Script script_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::multimap<Steady::time_point, Item> queue_;
  std::vector<std::pair<std::string, Callback>> hung_;
  std::map<std::string, int> in_flight_, max_in_flight_, sent_;
  std::vector<std::pair<std::string, Steady::time_point>> log_;
  std::thread thread_;
};

ScriptedSender::Reply Delayed(std::chrono::milliseconds d) {
  ScriptedSender::Reply r;
  r.delay = d;
  return r;
}

class WorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int n = 0;
    dir_ = std::filesystem::temp_directory_path() / ("worker-test-" + std::to_string(getpid()) + "-" + std::to_string(++n));
    std::filesystem::create_directories(dir_);
    store_ = std::move(sqlite::SqliteStore::Open((dir_ / "t.db").string(), {}, 4)).value();
    options_.schedule = *RetrySchedule::Parse("0,0,0,0,0");
    options_.poll = 50ms;
    options_.timeout = 1000ms;
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void AddAccount(int64_t id, const std::string& host) {
    Account a;
    a.account_id = id;
    a.push_url = "https://" + host + "/push";
    ASSERT_TRUE(store_->CreateAccount(a).ok());
    ASSERT_TRUE(store_->AddCredential({"tok" + std::to_string(id), "secret", id, Scope::kForwarding, 1, std::nullopt}).ok());
  }
  void Insert(int64_t account, int n) {
    std::vector<NewLead> batch(static_cast<size_t>(n));
    for (auto& nl : batch) {
      nl.lead.Set(Field::kAccountId, std::to_string(account));
      nl.create_time = nl.action_time = clock_.NowSeconds();
    }
    ASSERT_TRUE(store_->InsertLeads(account, batch, clock_.NowSeconds()).ok());
  }
  int64_t Delivered(int64_t account) { return store_->CountDeliveries(account)->delivered; }
  int64_t Leased() {
    static constexpr char kLeased[] = "SELECT COUNT(*) FROM outbox WHERE lease_owner IS NOT NULL";
    auto c = store_->pool().Get();
    auto st = c->Prepare(kLeased);
    (void)st->Step();
    return st->Int(0);
  }
  bool WaitFor(const std::function<bool()>& f, std::chrono::milliseconds t) {
    auto end = Steady::now() + t;
    while (Steady::now() < end) {
      if (f()) return true;
      std::this_thread::sleep_for(10ms);
    }
    return f();
  }

  std::filesystem::path dir_;
  std::unique_ptr<sqlite::SqliteStore> store_;
  SystemClock clock_;
  SystemRandom random_;
  PushOptions options_;
};

TEST_F(WorkerTest, DeliversEverythingWithinTheConcurrencyBounds) {
  AddAccount(1, "a.example");
  AddAccount(2, "a.example");  // same endpoint
  AddAccount(3, "c.example");
  Insert(1, 150);
  Insert(2, 150);
  Insert(3, 100);
  options_.endpoint_concurrency = 3;
  options_.concurrency = 5;
  ScriptedSender sender([](const PushRequest&) { return Delayed(2ms); });
  Worker w(*store_, *store_, *store_, sender, clock_, random_, options_);
  w.Start();
  ASSERT_TRUE(WaitFor([&] { return Delivered(1) == 150 && Delivered(2) == 150 && Delivered(3) == 100; }, 20s));
  EXPECT_EQ(sender.MaxInFlight("a.example"), 3);
  EXPECT_LE(sender.MaxInFlight("c.example"), 3);
  EXPECT_EQ(sender.Sent("a.example"), 300) << "each delivery once";
  w.Stop();
  EXPECT_EQ(Leased(), 0);
}

TEST_F(WorkerTest, AHangingEndpointDoesNotDelayOthers) {
  AddAccount(1, "hang.example");
  AddAccount(2, "ok.example");
  Insert(1, 1000);
  options_.max_leased = 200;
  options_.account_leased = 40;
  options_.endpoint_concurrency = 4;
  options_.timeout = 10000ms;
  ScriptedSender sender([](const PushRequest& r) -> std::optional<ScriptedSender::Reply> {
    if (HostOf(r.url) == "hang.example") return std::nullopt;
    return ScriptedSender::Reply{};
  });
  Worker w(*store_, *store_, *store_, sender, clock_, random_, options_);
  w.Start();
  ASSERT_TRUE(WaitFor([&] { return sender.Sent("hang.example") == 4; }, 5s));
  auto t0 = Steady::now();
  Insert(2, 300);
  w.Wake();
  ASSERT_TRUE(WaitFor([&] { return Delivered(2) == 300; }, 5s));
  EXPECT_LT(Steady::now() - t0, 1500ms);
  EXPECT_EQ(sender.Sent("hang.example"), 4) << "the hanging endpoint keeps its 4 slots and no more";
  EXPECT_LE(Leased(), 40 + 4) << "one account holds at most account_leased rows (plus those in flight)";
  sender.Shutdown();
}

TEST_F(WorkerTest, MemoryStaysBoundedWhateverTheBacklog) {
  AddAccount(1, "slow.example");
  Insert(1, 3000);
  options_.max_leased = 100;
  options_.account_leased = 100;
  options_.endpoint_concurrency = 8;
  options_.concurrency = 8;
  ScriptedSender sender([](const PushRequest&) { return Delayed(1ms); });
  Worker w(*store_, *store_, *store_, sender, clock_, random_, options_);
  w.Start();
  int64_t max_leased = 0;
  ASSERT_TRUE(WaitFor([&] {
    max_leased = std::max(max_leased, Leased());
    return Delivered(1) == 3000;
  }, 30s));
  EXPECT_LE(max_leased, 100);
  EXPECT_GT(max_leased, 0);
}

TEST_F(WorkerTest, RetryAfterPausesTheEndpoint) {
  AddAccount(1, "busy.example");
  Insert(1, 20);
  options_.endpoint_concurrency = 1;
  std::atomic<int> calls{0};
  ScriptedSender sender([&](const PushRequest&) {
    ScriptedSender::Reply r;
    if (calls++ == 0) {
      r.status = 503;
      r.retry_after = "2";
    }
    return r;
  });
  Worker w(*store_, *store_, *store_, sender, clock_, random_, options_);
  w.Start();
  ASSERT_TRUE(WaitFor([&] { return Delivered(1) == 20; }, 10s));
  auto log = sender.Log();
  ASSERT_EQ(log.size(), 21u);
  EXPECT_GE(log[1].second - log[0].second, 2000ms) << "nothing went to the endpoint during its Retry-After";
  auto attempts = store_->CountDeliveries(1);
  EXPECT_EQ(attempts->delivered, 20);
}

TEST_F(WorkerTest, StopIsBoundedAndHandsLeasesBack) {
  AddAccount(1, "hang.example");
  Insert(1, 50);
  options_.timeout = 500ms;
  ScriptedSender sender([](const PushRequest&) -> std::optional<ScriptedSender::Reply> { return std::nullopt; });
  auto w = std::make_unique<Worker>(*store_, *store_, *store_, sender, clock_, random_, options_);
  w->Start();
  ASSERT_TRUE(WaitFor([&] { return sender.Sent("hang.example") == 4; }, 5s));
  EXPECT_GT(Leased(), 4);
  auto t0 = Steady::now();
  w->Stop();
  EXPECT_LT(Steady::now() - t0, 2500ms) << "bounded by the timeout + 1 s";
  EXPECT_EQ(Leased(), 0) << "every lease handed back";
  EXPECT_EQ(store_->CountDeliveries(1)->pending, 50);
  w.reset();
  sender.Shutdown();  // late callbacks find the worker gone and do nothing
}

// With every leased delivery stuck (memory bound reached), the worker
// waits instead of spinning.
TEST_F(WorkerTest, IdlesWhenEverythingLeasedIsStuck) {
  for (int64_t a = 1; a <= 8; ++a) {
    AddAccount(a, "hang" + std::to_string(a) + ".example");
    Insert(a, 30);
  }
  options_.max_leased = 16;
  options_.account_leased = 8;
  options_.timeout = 10000ms;
  ScriptedSender sender([](const PushRequest&) -> std::optional<ScriptedSender::Reply> { return std::nullopt; });
  Worker w(*store_, *store_, *store_, sender, clock_, random_, options_);
  w.Start();
  ASSERT_TRUE(WaitFor([&] { return Leased() == 16; }, 5s));
  timespec t0{}, t1{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
  std::this_thread::sleep_for(1500ms);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
  double cpu = static_cast<double>(t1.tv_sec - t0.tv_sec) + static_cast<double>(t1.tv_nsec - t0.tv_nsec) / 1e9;
  EXPECT_LT(cpu, 0.3) << "the worker spun while waiting";
  EXPECT_EQ(Leased(), 16) << "the memory bound holds";
  sender.Shutdown();
}

TEST_F(WorkerTest, MisconfiguredAccountFailsItsAttemptsWithAClearError) {
  Account a;
  a.account_id = 1;
  a.push_url = "http://plain.example/push";
  ASSERT_TRUE(store_->CreateAccount(a).ok());
  ASSERT_TRUE(store_->AddCredential({"tok", "secret", 1, Scope::kForwarding, 1, std::nullopt}).ok());
  Insert(1, 2);
  options_.schedule = *RetrySchedule::Parse("0,0");
  ScriptedSender sender([](const PushRequest&) { return ScriptedSender::Reply{}; });
  Worker w(*store_, *store_, *store_, sender, clock_, random_, options_);
  w.Start();
  ASSERT_TRUE(WaitFor([&] { return store_->CountDeliveries(1)->failed == 2; }, 5s));
  EXPECT_EQ(sender.Sent("plain.example"), 0);
  std::vector<PushAttempt> log;
  ASSERT_TRUE(store_->ForEachAttempt({1, std::nullopt, -1}, [&](const PushAttempt& p) { log.push_back(p); }).ok());
  ASSERT_EQ(log.size(), 4u);
  EXPECT_NE(log[0].error.find("--allow-http-push"), std::string::npos) << log[0].error;
}

}  // namespace
}  // namespace leads::push
