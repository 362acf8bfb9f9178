// PushOps over the push module: test pushes through its sender, the attempt
// log and requeues of the outbox store.
#pragma once

#include "common/clock.h"
#include "console/push_ops.h"
#include "push/push_options.h"
#include "push/sender.h"
#include "store/store.h"

namespace leads::console {

class PushBridge final : public PushOps {
 public:
  PushBridge(Store& store, push::Sender& sender, const Clock& clock, Random& random, const push::PushOptions& options,
             int utc_offset, std::function<void()> wake)
      : store_(store), sender_(sender), clock_(clock), random_(random), options_(options), offset_(utc_offset),
        wake_(std::move(wake)) {}

  bool available() const override { return true; }
  StatusOr<PushAttemptView> SendTest(int64_t account_id) override;
  StatusOr<std::vector<PushAttemptView>> Log(int64_t account_id, std::optional<int64_t> leads_id,
                                             int64_t limit) override;
  Status Redeliver(int64_t account_id, int64_t leads_id) override;
  StatusOr<PushCountsView> Counts(int64_t account_id) override;

 private:
  Store& store_;
  push::Sender& sender_;
  const Clock& clock_;
  Random& random_;
  const push::PushOptions& options_;
  int offset_;
  std::function<void()> wake_;  // wakes the push worker after a requeue
};

}  // namespace leads::console
