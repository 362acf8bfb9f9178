#include "service/import_service.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>


namespace leads {
namespace {

// Prepared batches from the reader thread to the inserting one. At most
// `depth` wait; the last one carries the end or the reader's error.
class BatchQueue {
 public:
  struct Item {
    Status status;
    std::vector<NewLead> leads;
    bool last = false;
  };
  explicit BatchQueue(size_t depth) : depth_(depth) {}

  // False once the consumer has given up (the producer stops).
  bool Push(Item item) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return items_.size() < depth_ || closed_; });
    if (closed_) return false;
    items_.push_back(std::move(item));
    cv_.notify_all();
    return true;
  }
  Item Pop() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !items_.empty(); });
    Item item = std::move(items_.front());
    items_.pop_front();
    cv_.notify_all();
    return item;
  }
  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    cv_.notify_all();
  }

 private:
  const size_t depth_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item> items_;
  bool closed_ = false;
};

}  // namespace

StatusOr<int64_t> ImportService::Import(int64_t account_id, LeadFileReader& reader) {
  LEADS_ASSIGN_OR_RETURN(Account account, accounts_.GetAccount(account_id));
  const int64_t now = clock_.NowSeconds();
  BatchQueue queue(2);
  std::thread producer([&] {
    for (;;) {
      BatchQueue::Item item;
      std::vector<IncomingLead> in;
      in.reserve(batch_);
      try {  // an exception must not leave this thread: it becomes the import's error
        auto n = reader.Next(in, batch_);
        if (!n.ok()) {
          item.status = n.status();
        } else if (*n == 0) {
          item.last = true;
        } else if (auto prepared = intake_.Prepare(account, std::move(in), now); !prepared.ok()) {
          item.status = prepared.status();
        } else {
          item.leads = std::move(prepared).value();
        }
      } catch (const std::exception& e) {
        item.status = Internal(ErrorCode::kInternal, std::string("reading the file: ") + e.what());
      }
      const bool stop = !item.status.ok() || item.last;
      if (!queue.Push(std::move(item)) || stop) return;
    }
  });
  struct Join {
    BatchQueue& q;
    std::thread& t;
    ~Join() {
      q.Close();
      t.join();
    }
  } join{queue, producer};

  LEADS_ASSIGN_OR_RETURN(auto import, leads_.BeginImport(account_id, now));
  int64_t total = 0;
  for (;;) {
    BatchQueue::Item item = queue.Pop();
    LEADS_RETURN_IF_ERROR(item.status);
    if (item.last) break;
    // Earlier batches of this import are seen through its own transaction.
    if (intel_) LEADS_RETURN_IF_ERROR(intel_->TagNewLeads(account_id, item.leads, &import->keys()));  // issue 6
    LEADS_ASSIGN_OR_RETURN(auto ids, import->Insert(item.leads));
    total += static_cast<int64_t>(ids.size());
  }
  LEADS_RETURN_IF_ERROR(import->Commit());
  return total;
}

}  // namespace leads
