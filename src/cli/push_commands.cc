#include "cli/exit_status.h"
#include "cli/push_commands.h"

#include <boost/json.hpp>
#include <iostream>

#include "common/time_format.h"
#include "push/curl_sender.h"
#include "push/test_push.h"
#include "store/store.h"

namespace leads::cli {
namespace {


boost::json::object AttemptJson(const PushAttempt& a) {
  boost::json::object o;
  o["at"] = FormatDateTime(a.at, kChinaOffsetSeconds);
  o["at_epoch"] = a.at;
  o["account_id"] = a.account_id;
  o["leads_id"] = a.leads_id;
  o["delivery_id"] = a.delivery_id;
  o["attempt"] = a.attempt;
  o["test"] = a.delivery_id == 0;
  o["url"] = a.url;
  o["http_status"] = a.http_status;
  if (a.body_code) o["code"] = *a.body_code;
  else o["code"] = nullptr;
  o["latency_ms"] = a.latency_ms;
  o["ok"] = a.error.empty();
  o["error"] = a.error;
  o["response"] = a.response;
  return o;
}

// `push test`'s flags: how a push is sent (serve's are in cli/serve_config.cc).
void AddSenderFlags(CLI::App& cmd, push::PushOptions& o) {
  cmd.add_flag("--allow-http-push", o.allow_http, "allow plain http:// push URLs (tests, local receivers)");
  cmd.add_option("--push-ca-file", o.ca_file, "extra trusted CA certificates (PEM) for push receivers, beside the system store")
      ->check(CLI::ExistingFile);
  cmd.add_option_function<std::string>(
         "--push-timeout",
         [&o](const std::string& v) {
           auto d = push::ParseDuration(v, "--push-timeout");
           if (!d.ok()) throw CLI::ValidationError("--push-timeout", d.status().message());
           o.timeout = *d;
         },
         "timeout of one push attempt (seconds, or e.g. 1500ms; default 5)");
  cmd.add_option("--push-proxy", o.proxy, "send pushes through this proxy (environment proxies are ignored)");
}

}  // namespace

PushCommands::PushCommands(CLI::App& app) {
  push_ = app.add_subcommand("push", "push deliveries: log, manual redelivery, test");
  push_->require_subcommand(1);

  log_ = push_->add_subcommand("log", "the attempt log of an account (JSON Lines, oldest first)");
  log_->add_option("--db", db_, "store URL")->capture_default_str();
  log_->add_option("--account-id", account_id_, "account id")->required();
  log_->add_option("--leads-id", leads_id_, "only this lead's attempts");
  log_->add_option("--limit", limit_, "only the newest N attempts")->check(CLI::PositiveNumber);

  retry_ = push_->add_subcommand("retry", "redeliver a lead, or every failed delivery of an account");
  retry_->add_option("--db", db_, "store URL")->capture_default_str();
  auto* lead = retry_->add_option("--leads-id", leads_id_, "redeliver this lead (whatever its state)");
  auto* acct = retry_->add_option("--account-id", account_id_, "with --failed: the account");
  auto* failed = retry_->add_flag("--failed", failed_, "redeliver every failed delivery of --account-id");
  lead->excludes(failed);
  failed->needs(acct);

  test_ = push_->add_subcommand("test", "send a sample lead marked as a test (leads_tags 测试推送) to the account's push URL now");
  test_->add_option("--db", db_, "store URL")->capture_default_str();
  test_->add_option("--account-id", account_id_, "account id")->required();
  AddSenderFlags(*test_, options_);

  status_ = push_->add_subcommand("status", "deliveries of an account by state");
  status_->add_option("--db", db_, "store URL")->capture_default_str();
  status_->add_option("--account-id", account_id_, "account id")->required();
}

bool PushCommands::selected() const { return push_ && push_->parsed(); }

int PushCommands::Run(const Clock& clock, Random& random) {
  if (*retry_ && !leads_id_ && !failed_) {
    std::cerr << "error: push retry needs --leads-id ID, or --account-id N --failed\n";
    return 2;
  }
  auto opened = OpenStore(db_);
  if (!opened.ok()) return Fail(opened.status());
  Store& store = **opened;

  if (*log_) {
    AttemptQuery q;
    q.account_id = account_id_;
    q.leads_id = leads_id_;
    q.limit = limit_;
    Status s = store.ForEachAttempt(q, [](const PushAttempt& a) {
      std::cout << boost::json::serialize(AttemptJson(a)) << '\n';
    });
    std::cout << std::flush;
    return s.ok() ? 0 : Fail(s);
  }
  if (*retry_) {
    const int64_t now = clock.NowSeconds();
    if (leads_id_) {
      auto account = store.RequeueLead(*leads_id_, now);
      if (!account.ok()) return Fail(account.status());
      std::cout << boost::json::serialize(boost::json::object{
                       {"requeued", 1}, {"account_id", *account}, {"leads_id", *leads_id_}})
                << std::endl;
      return 0;
    }
    if (auto a = store.GetAccount(account_id_); !a.ok()) return Fail(a.status());
    auto n = store.RequeueFailed(account_id_, now);
    if (!n.ok()) return Fail(n.status());
    std::cout << boost::json::serialize(boost::json::object{{"requeued", *n}, {"account_id", account_id_}})
              << std::endl;
    return 0;
  }
  if (*status_) {
    if (auto a = store.GetAccount(account_id_); !a.ok()) return Fail(a.status());
    auto c = store.CountDeliveries(account_id_);
    if (!c.ok()) return Fail(c.status());
    boost::json::object o{{"account_id", account_id_},
                          {"pending", c->pending},
                          {"delivered", c->delivered},
                          {"failed", c->failed}};
    if (c->oldest_pending) o["oldest_pending"] = FormatDateTime(*c->oldest_pending, kChinaOffsetSeconds);
    std::cout << boost::json::serialize(o) << std::endl;
    return 0;
  }
  if (*test_) {
    push::CurlSenderOptions so;
    so.ca_file = options_.ca_file;
    so.allow_http = options_.allow_http;
    so.proxy = options_.proxy;
    so.max_connections = 1;
    so.max_host_connections = 1;
    auto sender = push::CurlSender::Create(so);
    if (!sender.ok()) return Fail(sender.status());
    auto r = push::SendTestPush(store, store, store, **sender, clock, random, account_id_, options_,
                                kChinaOffsetSeconds);
    if (!r.ok()) return Fail(r.status());
    auto o = AttemptJson(r->attempt);
    o["sent_delivery_id"] = r->delivery_id;
    std::cout << boost::json::serialize(o) << std::endl;
    if (!r->delivered) std::cerr << "error: the test push was not accepted: " << r->attempt.error << "\n";
    return r->delivered ? 0 : 1;
  }
  return 0;
}

}  // namespace leads::cli
