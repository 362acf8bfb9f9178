// `leadsd push test`: one push of a sample lead, marked as a test, to the
// account's push URL now, signed and framed exactly like a real push (plus
// the header X-Leads-Test: 1). The lead is not stored; the attempt is
// logged (delivery_id 0) so `push log` shows it.
#pragma once

#include <cstdint>

#include "common/clock.h"
#include "common/status.h"
#include "push/push_options.h"
#include "push/sender.h"
#include "store/account_store.h"
#include "store/outbox_store.h"

namespace leads::push {

struct TestPushResult {
  PushAttempt attempt;
  bool delivered = false;
  std::string delivery_id;  // the X-Leads-Delivery-Id sent ("test-...")
};

// InvalidArgument when the account cannot be pushed to (the reason is also
// logged as an attempt).
StatusOr<TestPushResult> SendTestPush(AccountStore& accounts, CredentialStore& credentials, OutboxStore& outbox,
                                      Sender& sender, const Clock& clock, Random& random, int64_t account_id,
                                      const PushOptions& options, int utc_offset);

}  // namespace leads::push
