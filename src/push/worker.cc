#include "push/worker.h"

#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>
#include <vector>

#include <spdlog/spdlog.h>

#include "push/push_request.h"
#include "push/verdict.h"

namespace leads::push {
namespace {

constexpr int64_t kSecondUs = 1'000'000;
constexpr size_t kLeaseBatch = 256;
constexpr size_t kLoggedResponseBytes = 1024;
constexpr int64_t kTargetTtlUs = kSecondUs;      // account settings re-read at least this often
constexpr int64_t kWarnEveryS = 60;              // per account
constexpr int64_t kStatsEveryUs = 60 * kSecondUs;
constexpr int64_t kPurgeEveryUs = 3600 * kSecondUs;
// Outcomes are written in batches: when this many wait, or the oldest has
// waited this long (one transaction per push would cost more than the push).
constexpr size_t kFlushBatch = 128;
constexpr int64_t kFlushDelayUs = 5000;

std::string DefaultOwner(Random& random) {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(host[0] ? host : "host") + ":" + std::to_string(getpid()) + ":" + random.Hex(8);
}

// Completions cross from the sender's thread here. Shared, so a callback
// arriving after the worker is gone finds it closed and does nothing.
struct Mailbox {
  std::mutex mu;
  std::condition_variable cv;
  bool stop = false;
  bool woken = false;
  bool closed = false;
  std::vector<std::pair<int64_t, PushResponse>> done;
};

}  // namespace

struct Worker::Impl {
  OutboxStore& outbox;
  AccountStore& accounts;
  CredentialStore& credentials;
  Sender& sender;
  const Clock& clock;
  Random& random;
  PushOptions o;
  std::string owner;
  std::shared_ptr<Mailbox> box = std::make_shared<Mailbox>();
  std::thread thread;
  bool started = false;

  // --- scheduler thread only ---
  struct AccountQueue {
    std::deque<Delivery> queued;  // leased, waiting for a slot
    size_t leased = 0;            // queued + in flight
    bool in_rr = false;
  };
  struct Endpoint {
    size_t in_flight = 0;
    int64_t paused_until = 0;  // epoch seconds (Retry-After)
  };
  struct InFlight {
    Delivery delivery;
    PushAttempt attempt;
    std::string endpoint;
  };
  struct CachedTarget {
    StatusOr<PushTarget> target;
    int64_t fetched_us;
  };

  std::map<int64_t, AccountQueue> queues;
  std::deque<int64_t> rr;  // accounts with queued deliveries, round-robin
  std::unordered_map<std::string, Endpoint> endpoints;
  std::unordered_map<int64_t, InFlight> in_flight;
  std::unordered_map<int64_t, CachedTarget> targets;
  size_t leased_total = 0;
  // Leasing is event-driven when there is more due than we took: lease_now
  // asks for a lease at the next tick; `capped` are the accounts held back
  // by their own bound (they get one when a delivery of theirs completes);
  // room_capped: the last lease was cut by the overall bound.
  bool lease_now = false;
  std::set<int64_t> capped;
  bool room_capped = false;
  std::vector<AttemptOutcome> outcomes;                // to write
  std::map<int64_t, std::vector<int64_t>> reschedules;  // due at -> delivery ids, to write
  int64_t first_unwritten_us = 0;                       // when the oldest of those arrived
  int64_t next_poll_us = 0, next_renew_us = 0, next_flush_us = 0, next_stats_us = 0, next_purge_us = 0;
  int64_t lease_warned_s = 0;
  std::unordered_map<int64_t, int64_t> warned_s;  // account -> last warning
  int64_t n_delivered = 0, n_retry = 0, n_failed = 0;
  WorkerMetrics* metrics = nullptr;

  Impl(OutboxStore& ob, AccountStore& ac, CredentialStore& cr, Sender& s, const Clock& c, Random& r, PushOptions opt)
      : outbox(ob), accounts(ac), credentials(cr), sender(s), clock(c), random(r), o(std::move(opt)) {
    o.concurrency = std::max<size_t>(o.concurrency, 1);
    o.endpoint_concurrency = std::clamp<size_t>(o.endpoint_concurrency, 1, o.concurrency);
    o.max_leased = std::max<size_t>(o.max_leased, 1);
    o.account_leased = std::clamp<size_t>(o.account_leased, 1, o.max_leased);
    o.lease_seconds = std::max<int64_t>(o.lease_seconds, 2);
    owner = o.owner.empty() ? DefaultOwner(random) : o.owner;
  }

  int64_t RenewEveryUs() const { return o.lease_seconds * kSecondUs / 3; }

  // ---- the loop ----

  void Loop() {
    int64_t now_us = clock.MonotonicMicros();
    next_renew_us = now_us + RenewEveryUs();
    next_stats_us = now_us + kStatsEveryUs;
    next_purge_us = now_us + 60 * kSecondUs;
    for (;;) {
      std::vector<std::pair<int64_t, PushResponse>> done;
      bool woken = false, stop = false;
      {
        std::unique_lock lock(box->mu);
        auto ready = [&] { return box->stop || box->woken || !box->done.empty(); };
        int64_t wait_us = NextWakeUs() - clock.MonotonicMicros();
        if (wait_us > 0 && !ready()) box->cv.wait_for(lock, std::chrono::microseconds(wait_us), ready);
        done.swap(box->done);
        woken = box->woken;
        box->woken = false;
        stop = box->stop;
      }
      for (auto& [id, r] : done) Complete(id, std::move(r));
      if (stop) break;
      Tick(woken);
    }
    Drain();
  }

  int64_t NextWakeUs() const {
    int64_t t = std::min({next_poll_us, next_renew_us, next_stats_us, next_purge_us});
    if (lease_now && Room() > 0) t = 0;
    if (!outcomes.empty() || !reschedules.empty())
      t = std::min(t, std::max(next_flush_us, first_unwritten_us + kFlushDelayUs));
    return t;
  }

  size_t Room() const {
    size_t used = leased_total + outcomes.size();
    return used >= o.max_leased ? 0 : o.max_leased - used;
  }

  void Tick(bool woken) {
    int64_t now_us = clock.MonotonicMicros();
    int64_t now_s = clock.NowSeconds();
    Flush(now_us);
    if (now_us >= next_renew_us) {
      next_renew_us = now_us + RenewEveryUs();
      if (leased_total > 0) {
        Status s = outbox.RenewLeases(owner, now_s + o.lease_seconds);
        if (!s.ok()) spdlog::warn("push: renewing leases failed: {}", s.message());
      }
    }
    if (woken || lease_now || now_us >= next_poll_us) {
      // Without room the poll waits for the next interval (a completion
      // that frees room asks for a lease itself).
      next_poll_us = now_us + o.poll.count() * 1000;
      if (Room() > 0) Lease(now_s);
    }
    Dispatch(now_s, now_us);
    Flush(now_us);
    if (now_us >= next_stats_us) Stats(now_us);
    if (now_us >= next_purge_us) {
      next_purge_us = now_us + kPurgeEveryUs;
      if (o.log_retention_days > 0) {
        Status s = outbox.PurgeAttempts(now_s - o.log_retention_days * 86400);
        if (!s.ok()) spdlog::warn("push: purging the attempt log failed: {}", s.message());
      }
    }
  }

  // ---- leasing ----

  size_t PerAccountBatch() const { return std::max<size_t>(1, o.account_leased / 4); }

  void Lease(int64_t now_s) {
    LeaseRequest req;
    req.owner = owner;
    req.now = now_s;
    req.lease_until = now_s + o.lease_seconds;
    req.limit = std::min(Room(), kLeaseBatch);
    req.per_account = PerAccountBatch();
    lease_now = false;
    for (const auto& [acct, q] : queues)
      if (q.leased + req.per_account > o.account_leased) req.exclude_accounts.push_back(acct);
    for (const auto& [acct, ct] : targets) {
      if (!ct.target.ok()) continue;
      auto ep = endpoints.find(ct.target->url.endpoint);
      if (ep != endpoints.end() && ep->second.paused_until > now_s) req.exclude_accounts.push_back(acct);
    }
    auto rows = outbox.LeaseDue(req);
    if (!rows.ok()) {
      if (now_s - lease_warned_s >= kWarnEveryS) {
        lease_warned_s = now_s;
        spdlog::warn("push: leasing due deliveries failed: {}", rows.status().message());
      }
      return;
    }
    // The excluded may have more due; so may those that got a full share
    // (lease again at once while they have room), and everyone when the
    // batch was full.
    std::map<int64_t, size_t> got;
    for (const auto& d : *rows) ++got[d.account_id];
    for (int64_t acct : req.exclude_accounts) capped.insert(acct);
    for (const auto& [acct, n] : got)
      if (n >= req.per_account) capped.insert(acct);
    room_capped = rows->size() == req.limit && req.limit == Room();
    lease_now = rows->size() == req.limit;
    for (auto& d : *rows) {
      int64_t acct = d.account_id;
      auto& q = queues[acct];
      q.queued.push_back(std::move(d));
      ++q.leased;
      ++leased_total;
      if (!q.in_rr) {
        q.in_rr = true;
        rr.push_back(acct);
      }
    }
    for (const auto& [acct, n] : got)
      if (n >= req.per_account && queues[acct].leased + req.per_account <= o.account_leased) lease_now = true;
  }

  // Forgets one leased delivery of `acct` (sent, concluded or handed back).
  void Release(int64_t acct) {
    auto it = queues.find(acct);
    if (it == queues.end()) return;
    --it->second.leased;
    --leased_total;
    Freed(acct, it->second.leased);
    if (it->second.leased == 0 && it->second.queued.empty() && !it->second.in_rr) queues.erase(it);
  }

  // A delivery of `acct` left memory: lease again if it or everyone was
  // held back by a bound that now has room.
  void Freed(int64_t acct, size_t acct_leased) {
    if (!capped.empty() && acct_leased + PerAccountBatch() <= o.account_leased && capped.erase(acct)) lease_now = true;
    if (room_capped && Room() >= std::min(kLeaseBatch, std::max<size_t>(1, o.max_leased / 4))) {
      room_capped = false;
      lease_now = true;
    }
  }

  // ---- sending ----

  const StatusOr<PushTarget>& Target(int64_t acct, int64_t now_us) {
    auto it = targets.find(acct);
    if (it != targets.end() && now_us - it->second.fetched_us < kTargetTtlUs) return it->second.target;
    auto t = ResolveTarget(accounts, credentials, acct, o.allow_http);
    if (it == targets.end()) return targets.emplace(acct, CachedTarget{std::move(t), now_us}).first->second.target;
    it->second.target = std::move(t);
    it->second.fetched_us = now_us;
    return it->second.target;
  }

  void Dispatch(int64_t now_s, int64_t now_us) {
    for (;;) {
      bool progress = false;
      const size_t n = rr.size();
      for (size_t i = 0; i < n && in_flight.size() < o.concurrency; ++i) {
        int64_t acct = rr.front();
        rr.pop_front();
        auto qit = queues.find(acct);
        if (qit == queues.end()) continue;
        AccountQueue& q = qit->second;
        q.in_rr = false;
        if (!q.queued.empty()) {
          const StatusOr<PushTarget>& t = Target(acct, now_us);
          if (!t.ok()) {
            if (t.status().reason() == Reason::kInvalidArgument) {
              FailQueued(acct, q, t.status().message(), now_s);
            } else {  // the store is busy or down: not the delivery's fault
              Warn(acct, now_s, "reading the account failed: " + t.status().message());
              RescheduleQueued(acct, q, now_s + 1);
            }
          } else {
            Endpoint& ep = endpoints[t->url.endpoint];
            if (ep.paused_until > now_s) {
              RescheduleQueued(acct, q, ep.paused_until);
            } else if (ep.in_flight < o.endpoint_concurrency) {
              SendOne(q, *t, ep, now_s);
              progress = true;
            }
          }
        }
        if (!q.queued.empty()) {
          q.in_rr = true;
          rr.push_back(acct);
        } else if (q.leased == 0) {
          queues.erase(qit);
        }
      }
      if (!progress || in_flight.size() >= o.concurrency || rr.empty()) break;
    }
  }

  void SendOne(AccountQueue& q, const PushTarget& t, Endpoint& ep, int64_t now_s) {
    Delivery d = std::move(q.queued.front());
    q.queued.pop_front();
    PushAttempt a;
    a.delivery_id = d.delivery_id;
    a.leads_id = d.leads_id;
    a.account_id = d.account_id;
    a.attempt = d.attempts + 1;
    a.at = now_s;
    a.url = t.url.display;
    auto body = PushBodyFromDoc(d.doc);
    if (!body.ok()) {
      a.error = body.status().message();
      int64_t acct = d.account_id;
      Conclude(d, std::move(a), false, std::nullopt, now_s);
      Release(acct);
      return;
    }
    d.doc.clear();
    d.doc.shrink_to_fit();
    PushRequest req = BuildPushRequest(t, std::move(body).value(), std::to_string(d.delivery_id), a.attempt, now_s,
                                       o.timeout);
    const int64_t id = d.delivery_id;
    ++ep.in_flight;
    in_flight.emplace(id, InFlight{std::move(d), std::move(a), t.url.endpoint});
    sender.Send(std::move(req), [box = box, id](PushResponse r) {
      std::lock_guard lock(box->mu);
      if (box->closed) return;
      box->done.emplace_back(id, std::move(r));
      box->cv.notify_one();
    });
  }

  void Complete(int64_t id, PushResponse r) {
    auto node = in_flight.extract(id);
    if (node.empty()) return;
    InFlight& f = node.mapped();
    auto ep = endpoints.find(f.endpoint);
    if (ep != endpoints.end()) --ep->second.in_flight;
    const int64_t now_s = clock.NowSeconds();
    Verdict v = Judge(r, now_s);
    f.attempt.http_status = r.http_status;
    f.attempt.body_code = v.body_code;
    f.attempt.latency_ms = r.latency_us / 1000;
    if (metrics) metrics->latency.Observe(0, r.latency_us);
    f.attempt.error = std::move(v.error);
    f.attempt.response = TruncateUtf8(r.body, kLoggedResponseBytes);
    if (v.retry_after && ep != endpoints.end()) {
      ep->second.paused_until = std::max(ep->second.paused_until, DueAt(now_s, *v.retry_after));
      if (ep->second.in_flight == 0 && ep->second.paused_until <= now_s) endpoints.erase(ep);
    } else if (ep != endpoints.end() && ep->second.in_flight == 0 && ep->second.paused_until <= now_s) {
      endpoints.erase(ep);
    }
    const int64_t acct = f.delivery.account_id;
    Conclude(f.delivery, std::move(f.attempt), v.delivered, v.retry_after, now_s);
    Release(acct);
  }

  // Decides a delivery's next state after an attempt, to be written.
  void Conclude(const Delivery& d, PushAttempt a, bool delivered, std::optional<int64_t> retry_after, int64_t now_s) {
    AttemptOutcome out;
    out.next_attempt_at = now_s;
    if (metrics) {
      metrics->attempts.Add();
      if (!delivered) metrics->attempt_failures.Add();
    }
    if (delivered) {
      if (metrics) metrics->delivered.Add();
      out.state = DeliveryState::kDelivered;
      ++n_delivered;
    } else {
      auto wait = o.schedule.WaitAfter(a.attempt - d.retry_base);
      if (!wait) {
        out.state = DeliveryState::kFailed;
        ++n_failed;
        if (metrics) metrics->gave_up.Add();
        Warn(d.account_id, now_s,
             "delivery " + std::to_string(d.delivery_id) + " of lead " + std::to_string(d.leads_id) +
                 " failed for good after attempt " + std::to_string(a.attempt) + ": " + a.error +
                 " (leadsd push retry redelivers it)");
      } else {
        int64_t w = WithJitter(*wait, random);
        if (retry_after) w = std::max(w, *retry_after);
        out.state = DeliveryState::kPending;
        out.next_attempt_at = DueAt(now_s, w);
        ++n_retry;
        Warn(d.account_id, now_s,
             "attempt " + std::to_string(a.attempt) + " of lead " + std::to_string(d.leads_id) + " failed: " + a.error +
                 "; next in " + std::to_string(out.next_attempt_at - now_s) + " s");
      }
    }
    out.attempt = std::move(a);
    outcomes.push_back(std::move(out));
  }

  // Every queued delivery of the account fails this attempt without a
  // request (the account cannot be pushed to now).
  void FailQueued(int64_t acct, AccountQueue& q, const std::string& error, int64_t now_s) {
    while (!q.queued.empty()) {
      Delivery d = std::move(q.queued.front());
      q.queued.pop_front();
      PushAttempt a;
      a.delivery_id = d.delivery_id;
      a.leads_id = d.leads_id;
      a.account_id = d.account_id;
      a.attempt = d.attempts + 1;
      a.at = now_s;
      a.error = error;
      Conclude(d, std::move(a), false, std::nullopt, now_s);
      --q.leased;
      --leased_total;
    }
    Freed(acct, q.leased);
  }

  // Hands the account's queued deliveries back, due at `at`, no attempt.
  void RescheduleQueued(int64_t acct, AccountQueue& q, int64_t at) {
    auto& ids = reschedules[at];
    while (!q.queued.empty()) {
      ids.push_back(q.queued.front().delivery_id);
      q.queued.pop_front();
      --q.leased;
      --leased_total;
    }
    capped.erase(acct);  // not due before `at`; the poll finds it then
  }

  void Flush(int64_t now_us, bool force = false) {
    if ((outcomes.empty() && reschedules.empty()) || now_us < next_flush_us) return;
    if (first_unwritten_us == 0) first_unwritten_us = now_us;
    if (!force && outcomes.size() < kFlushBatch && now_us - first_unwritten_us < kFlushDelayUs) return;
    Status s = outbox.RecordAttempts(owner, outcomes);
    if (s.ok()) outcomes.clear();
    while (s.ok() && !reschedules.empty()) {
      auto it = reschedules.begin();
      s = outbox.Reschedule(owner, it->second, it->first);
      if (s.ok()) reschedules.erase(it);
    }
    if (!s.ok()) {
      spdlog::warn("push: recording attempts failed (retrying in 1 s): {}", s.message());
      next_flush_us = now_us + kSecondUs;
    } else {
      first_unwritten_us = 0;
    }
  }

  void Warn(int64_t acct, int64_t now_s, const std::string& what) {
    int64_t& last = warned_s[acct];
    if (now_s - last < kWarnEveryS) return;
    last = now_s;
    spdlog::warn("push: account {}: {} (further warnings for this account muted for {} s)", acct, what,
                 kWarnEveryS);
  }

  void Stats(int64_t now_us) {
    next_stats_us = now_us + kStatsEveryUs;
    if (n_delivered || n_retry || n_failed)
      spdlog::info("push: last minute: {} delivered, {} to retry, {} failed; {} leased, {} in flight", n_delivered,
                   n_retry, n_failed, leased_total, in_flight.size());
    n_delivered = n_retry = n_failed = 0;
    for (auto it = targets.begin(); it != targets.end();)
      it = now_us - it->second.fetched_us > 60 * kSecondUs ? targets.erase(it) : std::next(it);
    const int64_t now_s = clock.NowSeconds();
    for (auto it = warned_s.begin(); it != warned_s.end();)
      it = now_s - it->second > kWarnEveryS ? warned_s.erase(it) : std::next(it);
  }

  // Stop: nothing new is sent; attempts in flight get up to the timeout to
  // finish and are recorded; every other lease is handed back.
  void Drain() {
    for (auto& [acct, q] : queues) {
      leased_total -= q.queued.size();
      q.leased -= q.queued.size();
      q.queued.clear();
    }
    const int64_t deadline = clock.MonotonicMicros() + o.timeout.count() * 1000 + kSecondUs;
    while (!in_flight.empty()) {
      int64_t left = deadline - clock.MonotonicMicros();
      if (left <= 0) break;
      std::vector<std::pair<int64_t, PushResponse>> done;
      {
        std::unique_lock lock(box->mu);
        box->cv.wait_for(lock, std::chrono::microseconds(left), [&] { return !box->done.empty(); });
        done.swap(box->done);
      }
      for (auto& [id, r] : done) Complete(id, std::move(r));
    }
    {
      std::lock_guard lock(box->mu);
      box->closed = true;
    }
    for (int i = 0; i < 3 && (!outcomes.empty() || !reschedules.empty()); ++i) {
      next_flush_us = 0;
      Flush(clock.MonotonicMicros(), true);
    }
    Status s = outbox.ReleaseLeases(owner);
    if (!s.ok()) spdlog::warn("push: handing leases back failed (they expire in {} s): {}", o.lease_seconds, s.message());
    if (!in_flight.empty())
      spdlog::warn("push: {} attempts still in flight at shutdown; they will be sent again", in_flight.size());
    spdlog::info("push worker {} stopped", owner);
  }
};

Worker::Worker(OutboxStore& outbox, AccountStore& accounts, CredentialStore& credentials, Sender& sender,
               const Clock& clock, Random& random, PushOptions options)
    : impl_(std::make_unique<Impl>(outbox, accounts, credentials, sender, clock, random, std::move(options))) {}

Worker::~Worker() { Stop(); }

void Worker::SetMetrics(WorkerMetrics* m) {
  if (!impl_->started) impl_->metrics = m;
}

void Worker::Start() {
  if (impl_->started) return;
  impl_->started = true;
  const auto& o = impl_->o;
  spdlog::info("push worker {}: schedule {}, timeout {} ms, {} in flight ({} per endpoint), lease {} s{}",
               impl_->owner, o.schedule.ToString(), o.timeout.count(), o.concurrency, o.endpoint_concurrency,
               o.lease_seconds, o.allow_http ? ", plain http allowed" : "");
  Impl* raw = impl_.get();
  impl_->thread = std::thread([raw] { raw->Loop(); });
}

void Worker::Wake() {
  std::lock_guard lock(impl_->box->mu);
  impl_->box->woken = true;
  impl_->box->cv.notify_one();
}

void Worker::Stop() {
  {
    std::lock_guard lock(impl_->box->mu);
    impl_->box->stop = true;
  }
  impl_->box->cv.notify_one();
  if (impl_->thread.joinable()) impl_->thread.join();
}

const std::string& Worker::owner() const { return impl_->owner; }

}  // namespace leads::push
