#include "console/push_bridge.h"

#include <algorithm>

#include "push/test_push.h"

namespace leads::console {
namespace {

PushAttemptView View(const PushAttempt& a) {
  PushAttemptView v;
  v.at = a.at;
  v.leads_id = a.leads_id;
  v.delivery_id = a.delivery_id;
  v.attempt = a.attempt;
  v.url = a.url;
  v.http_status = a.http_status;
  v.body_code = a.body_code;
  v.latency_ms = a.latency_ms;
  v.error = a.error;
  v.response = a.response;
  return v;
}

}  // namespace

StatusOr<PushAttemptView> PushBridge::SendTest(int64_t account_id) {
  auto r = push::SendTestPush(store_, store_, store_, sender_, clock_, random_, account_id, options_, offset_);
  if (!r.ok()) return r.status();
  return View(r->attempt);
}

StatusOr<std::vector<PushAttemptView>> PushBridge::Log(int64_t account_id, std::optional<int64_t> leads_id,
                                                       int64_t limit) {
  AttemptQuery q;
  q.account_id = account_id;
  q.leads_id = leads_id;
  q.limit = limit;
  std::vector<PushAttemptView> out;
  LEADS_RETURN_IF_ERROR(store_.ForEachAttempt(q, [&](const PushAttempt& a) { out.push_back(View(a)); }));
  std::reverse(out.begin(), out.end());
  return out;
}

Status PushBridge::Redeliver(int64_t account_id, int64_t leads_id) {
  LEADS_RETURN_IF_ERROR(store_.GetLead(account_id, leads_id).status());
  LEADS_RETURN_IF_ERROR(store_.RequeueLead(leads_id, clock_.NowSeconds()).status());
  if (wake_) wake_();
  return Status::Ok();
}

StatusOr<PushCountsView> PushBridge::Counts(int64_t account_id) {
  LEADS_ASSIGN_OR_RETURN(auto c, store_.CountDeliveries(account_id));
  return PushCountsView{c.pending, c.delivered, c.failed};
}

}  // namespace leads::console
