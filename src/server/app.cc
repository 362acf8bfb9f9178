#include "server/app.h"

#include <condition_variable>
#include <mutex>
#include <thread>

#include <spdlog/spdlog.h>

#include "api/analytics_handler.h"
#include "api/intake_handler.h"
#include "api/lead_intel_handler.h"
#include "api/ready_handler.h"
#include "api/list_handler.h"
#include "api/metrics_handler.h"
#include "api/personal_wechat_handler.h"
#include "api/report_handler.h"
#include "api/status_system_handler.h"
#include "console/console_api.h"
#ifdef LEADS_CONSOLE_HAS_PUSH
#include "console/push_bridge.h"
#endif
#include "console/static_files.h"
#include "http/router.h"
#include "push/curl_sender.h"
#include "push/waking_lead_store.h"
#include "push/worker.h"
#include "service/intake_service.h"
#include "server/observers.h"
#include "service/report_service.h"

namespace leads {

Status ParseListen(const std::string& listen, std::string* host, uint16_t* port, const std::string& flag) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return InvalidArgument(ErrorCode::kInvalidValue, flag + ": expected HOST:PORT, got '" + listen + "'");
  *host = listen.substr(0, colon);
  if (host->size() > 2 && host->front() == '[' && host->back() == ']') *host = host->substr(1, host->size() - 2);
  std::string p = listen.substr(colon + 1);
  if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos || std::stoi(p) > 65535)
    return InvalidArgument(ErrorCode::kInvalidValue, flag + ": bad port '" + p + "'");
  *port = static_cast<uint16_t>(std::stoi(p));
  return Status::Ok();
}

struct App::Impl {
  AppConfig config;
  SystemClock clock;
  std::unique_ptr<Store> store;
  std::unique_ptr<Authenticator> auth;
  std::unique_ptr<ReportService> reports;
  std::unique_ptr<intel::IntelService> intel;  // issue 6: tagging, score, analytics
  std::unique_ptr<intel::Analytics> analytics;
  int64_t last_fit = 0;
  std::unique_ptr<IntakeService> intake;
  std::unique_ptr<api::ListPageCache> list_cache;
  std::unique_ptr<http::Router> router;
  std::unique_ptr<http::Server> server;
  // Observability: the metrics a scrape shows, the access log, and the
  // per-token rate limits.
  metrics::Registry registry;
  std::unique_ptr<metrics::RequestMetrics> request_metrics;
  std::unique_ptr<StoreLatency> store_latency;
  push::WorkerMetrics push_metrics;
  std::unique_ptr<AccessLog> access_log;
  std::unique_ptr<RequestTap> tap;
  std::unique_ptr<RateLimiter> limiter;
  std::unique_ptr<http::Router> metrics_router;
  std::unique_ptr<http::Server> metrics_server;
  std::thread metrics_thread;
  // Background maintenance (nonce purge).
  std::thread maintenance;
  std::mutex mu;
  std::condition_variable cv;
  bool stopping = false;
  // Push: the HTTPS sender and the outbox worker (destroyed worker first).
  SystemRandom random;
  std::unique_ptr<push::CurlSender> push_sender;
  std::unique_ptr<push::Worker> push_worker;
  std::unique_ptr<push::WakingLeadStore> intake_leads;  // wakes the worker
  // Console: its randomness (session ids, credentials) and push operations.
  SystemRandom console_random;
  std::unique_ptr<console::PushOps> console_push;

  // Once a day: refit each account's score model from its reported
  // outcomes (accounts with too few keep their weights).
  void RefitScores(int64_t now) {
    if (now - last_fit < 86400) return;
    last_fit = now;
    auto accounts = store->ListAccounts();
    if (!accounts.ok()) return;
    for (const auto& a : *accounts) {
      auto m = intel->Fit(a.account_id);
      if (m.ok())
        spdlog::info("score model of account {} refitted on {} outcomes (held-out AUC {:.3f})", a.account_id,
                     m->trained_on, m->holdout_auc);
      else if (m.status().code() != Code(ErrorCode::kTooFewOutcomes))
        spdlog::warn("score refit of account {} failed: {}", a.account_id, m.status().message());
    }
  }

  void Maintain() {
    std::unique_lock lock(mu);
    while (!stopping) {
      lock.unlock();
      // A nonce can be replayed while its timestamp is inside the window,
      // i.e. up to 2 windows after it was first seen.
      Status s = store->PurgeNonces(clock.NowSeconds() - 2 * config.auth.window_seconds - 60);
      if (!s.ok()) spdlog::warn("nonce purge failed: {}", s.message());
      const int64_t now = clock.NowSeconds();
      s = store->PurgeConsoleSessions(now, now - config.console.session_idle_seconds);
      if (s.ok()) s = store->PurgeSignInFailures(now - 2 * config.console.sign_in_window_seconds);
      if (!s.ok()) spdlog::warn("console session purge failed: {}", s.message());
      if (limiter) limiter->Sweep();
      RefitScores(now);
      lock.lock();
      cv.wait_for(lock, std::chrono::seconds(30), [&] { return stopping; });
    }
  }
};

App::App(AppConfig config) : impl_(std::make_unique<Impl>()) { impl_->config = std::move(config); }

App::~App() {
  if (impl_->metrics_server) impl_->metrics_server->Shutdown();
  if (impl_->metrics_thread.joinable()) impl_->metrics_thread.join();
  if (impl_->push_worker) impl_->push_worker->Stop();
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
  }
  impl_->cv.notify_all();
  if (impl_->maintenance.joinable()) impl_->maintenance.join();
}

Status App::Start() {
  auto& c = impl_->config;
  LEADS_RETURN_IF_ERROR(ParseListen(c.listen, &c.http.host, &c.http.port));
  LEADS_ASSIGN_OR_RETURN(impl_->store, OpenStore(c.db_url, c.store));
  Store& store = *impl_->store;
  impl_->store_latency = std::make_unique<StoreLatency>(store.Backend());
  store.SetObserver(impl_->store_latency.get());
  impl_->auth = std::make_unique<Authenticator>(store, store, impl_->clock, c.auth);
  impl_->reports = std::make_unique<ReportService>(store, store, impl_->clock, c.utc_offset);
  if (c.push.enabled) {
    push::CurlSenderOptions so;
    so.ca_file = c.push.ca_file;
    so.allow_http = c.push.allow_http;
    so.proxy = c.push.proxy;
    so.max_connections = c.push.concurrency;
    so.max_host_connections = c.push.endpoint_concurrency;
    LEADS_ASSIGN_OR_RETURN(impl_->push_sender, push::CurlSender::Create(so));
    impl_->push_worker = std::make_unique<push::Worker>(store, store, store, *impl_->push_sender, impl_->clock,
                                                        impl_->random, c.push);
    impl_->push_worker->SetMetrics(&impl_->push_metrics);
    push::Worker* worker = impl_->push_worker.get();
    impl_->intake_leads = std::make_unique<push::WakingLeadStore>(store, [worker] { worker->Wake(); });
  }
  LeadStore& intake_leads = impl_->intake_leads ? static_cast<LeadStore&>(*impl_->intake_leads) : store;
  impl_->intel = std::make_unique<intel::IntelService>(store, store, store, impl_->clock);
  impl_->analytics = std::make_unique<intel::Analytics>(store, *impl_->intel);
  impl_->last_fit = impl_->clock.NowSeconds();
  impl_->intake = std::make_unique<IntakeService>(store, intake_leads, impl_->clock, c.utc_offset, impl_->intel.get());
  impl_->limiter = std::make_unique<RateLimiter>(impl_->clock, c.rate_limits);
  auto& r = impl_->router;
  r = std::make_unique<http::Router>(impl_->auth.get(), impl_->limiter->enabled() ? impl_->limiter.get() : nullptr);
  impl_->list_cache = std::make_unique<api::ListPageCache>(c.list_cache_mb << 20);
  r->Add("GET", "/api/mv1/leads/list", Scope::kForwarding,
         std::make_shared<api::ListHandler>(store, *impl_->list_cache, c.utc_offset));
  r->Add("POST", "/api/mv1/leads/report", Scope::kReport, std::make_shared<api::ReportHandler>(*impl_->reports));
  r->Add("POST", "/api/mv1/leads/set_leads_status_system", Scope::kReport,
         std::make_shared<api::StatusSystemHandler>(store));
  r->Add("POST", "/api/mv1/leads/report_personal_wechat", Scope::kReport,
         std::make_shared<api::PersonalWechatHandler>(store, *impl_->auth, impl_->clock, c.utc_offset));
  r->Add("POST", "/intake/v1/leads", Scope::kIntake, std::make_shared<api::IntakeHandler>(*impl_->intake));
  // Lead intelligence (issue 6), our extension, signed with the forwarding pair.
  r->Add("GET", "/api/ext/v1/leads/intel", Scope::kForwarding,
         std::make_shared<api::LeadIntelHandler>(*impl_->intel, c.utc_offset));
  r->Add("GET", "/api/ext/v1/analytics", Scope::kForwarding,
         std::make_shared<api::AnalyticsHandler>(*impl_->analytics, c.utc_offset));
  r->Add("GET", "/healthz", std::nullopt, std::make_shared<api::HealthHandler>());
  r->Add("GET", "/readyz", std::nullopt, std::make_shared<api::ReadyHandler>(store));
  // /metrics on the main listener only behind a bearer token.
  auto metrics_handler = std::make_shared<api::MetricsHandler>(impl_->registry, c.metrics_token);
  if (!c.metrics_token.empty()) r->Add("GET", "/metrics", std::nullopt, metrics_handler);
  // Console: its API (session cookies, never signatures) and its pages.
  c.console.utc_offset = c.utc_offset;
#ifdef LEADS_CONSOLE_HAS_PUSH
  c.console.allow_http_push = c.push.allow_http;
  if (impl_->push_sender) {
    push::Worker* w = impl_->push_worker.get();
    impl_->console_push = std::make_unique<console::PushBridge>(store, *impl_->push_sender, impl_->clock,
                                                                impl_->console_random, c.push, c.utc_offset,
                                                                [w] { w->Wake(); });
  }
#endif
  if (!impl_->console_push) impl_->console_push = std::make_unique<console::NoPush>();
  auto console_api = std::make_shared<console::ConsoleApi>(store, impl_->clock, impl_->console_random,
                                                           *impl_->console_push, c.console);
  for (const char* m : {"GET", "POST", "PUT", "DELETE"}) r->Add(m, "/console/api/", std::nullopt, console_api, true);
  std::string console_dir = console::ResolveConsoleDir(c.console.dir);
  if (console_dir.empty()) spdlog::warn("console: no built front end found (run scripts/build-web.sh or pass --console-dir)");
  r->Add("GET", "/console", std::nullopt, std::make_shared<console::StaticFiles>(console_dir), true);
  r->Add("GET", "/", std::nullopt, std::make_shared<console::RedirectHandler>("/console/"));
  impl_->request_metrics = std::make_unique<metrics::RequestMetrics>(r->RouteLabels());
  RegisterMetrics(impl_->registry, *impl_->request_metrics, *impl_->store_latency,
                  impl_->push_worker ? &impl_->push_metrics : nullptr, store, impl_->clock);
  impl_->access_log = std::make_unique<AccessLog>(c.log.format, spdlog::get("access"));
  impl_->tap = std::make_unique<RequestTap>(*impl_->request_metrics, *impl_->access_log);
  impl_->server = std::make_unique<http::Server>(c.http, *r, impl_->tap.get());
  LEADS_RETURN_IF_ERROR(impl_->server->Listen());
  if (!c.metrics_listen.empty()) {
    // Its own listener (e.g. a private address for Prometheus): /metrics
    // and /healthz only, not counted in the request metrics.
    http::ServerOptions mo;
    LEADS_RETURN_IF_ERROR(ParseListen(c.metrics_listen, &mo.host, &mo.port, "--metrics-listen"));
    mo.threads = 1;
    mo.handle_signals = false;
    mo.max_connections = 64;
    impl_->metrics_router = std::make_unique<http::Router>(nullptr);
    impl_->metrics_router->Add("GET", "/metrics", std::nullopt, metrics_handler);
    impl_->metrics_router->Add("GET", "/healthz", std::nullopt, std::make_shared<api::HealthHandler>());
    impl_->metrics_server = std::make_unique<http::Server>(mo, *impl_->metrics_router);
    LEADS_RETURN_IF_ERROR(impl_->metrics_server->Listen());
  }
  impl_->maintenance = std::thread([this] { impl_->Maintain(); });
  if (impl_->push_worker) impl_->push_worker->Start();
  return Status::Ok();
}

std::string App::MetricsUrl() const {
  if (!impl_->metrics_server) return "";
  const auto& h = impl_->metrics_router ? impl_->config.metrics_listen : std::string();
  std::string host = h.substr(0, h.rfind(':'));
  return "http://" + host + ":" + std::to_string(impl_->metrics_server->port());
}

std::string App::Url() const {
  const auto& h = impl_->config.http.host;
  std::string host = h.find(':') != std::string::npos ? "[" + h + "]" : h;
  return "http://" + host + ":" + std::to_string(impl_->server->port());
}

void App::Run() {
  if (impl_->metrics_server) impl_->metrics_thread = std::thread([this] { impl_->metrics_server->Run(); });
  impl_->server->Run();
  if (impl_->metrics_server) impl_->metrics_server->Shutdown();
  if (impl_->metrics_thread.joinable()) impl_->metrics_thread.join();
  if (impl_->push_worker) impl_->push_worker->Stop();
}

void App::Shutdown() {
  impl_->server->Shutdown();
  if (impl_->metrics_server) impl_->metrics_server->Shutdown();
}

}  // namespace leads
