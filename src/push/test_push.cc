#include "push/test_push.h"

#include <future>

#include "push/push_request.h"
#include "push/verdict.h"

namespace leads::push {

StatusOr<TestPushResult> SendTestPush(AccountStore& accounts, CredentialStore& credentials, OutboxStore& outbox,
                                      Sender& sender, const Clock& clock, Random& random, int64_t account_id,
                                      const PushOptions& options, int utc_offset) {
  TestPushResult out;
  out.delivery_id = "test-" + random.Hex(16);
  const int64_t now = clock.NowSeconds();
  PushAttempt& a = out.attempt;
  a.delivery_id = 0;
  a.leads_id = kTestLeadsId;
  a.account_id = account_id;
  a.attempt = 1;
  a.at = now;
  auto target = ResolveTarget(accounts, credentials, account_id, options.allow_http);
  if (!target.ok()) {
    if (target.status().reason() == Reason::kInvalidArgument) {
      a.error = target.status().message();
      (void)outbox.LogAttempt(a);
    }
    return target.status();
  }
  a.url = target->url.display;
  std::string body = SampleLead(target->account, now, utc_offset).RenderPush();
  PushRequest req = BuildPushRequest(*target, std::move(body), out.delivery_id, 1, now, options.timeout, true);
  std::promise<PushResponse> promise;
  auto future = promise.get_future();
  sender.Send(std::move(req), [&promise](PushResponse r) { promise.set_value(std::move(r)); });
  PushResponse r = future.get();
  Verdict v = Judge(r, clock.NowSeconds());
  a.http_status = r.http_status;
  a.body_code = v.body_code;
  a.latency_ms = r.latency_us / 1000;
  a.error = v.error;
  a.response = TruncateUtf8(r.body, 1024);
  out.delivered = v.delivered;
  LEADS_RETURN_IF_ERROR(outbox.LogAttempt(a));
  return out;
}

}  // namespace leads::push
