// leadsctl: the advertiser's command line (pull, report, receive, sign, and
// the two small POST interfaces). Thin: parse flags, resolve credentials
// (flags > environment > config file), call src/client/, print.
//
// Exit status: 0 success; 1 failure; 2 bad usage; 3 `report` finished with
// failed rows; 130 interrupted (state kept: run again to resume).
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <boost/json.hpp>
#include <cmath>
#include <iostream>
#include <thread>

#include "client/config.h"
#include "client/output.h"
#include "client/pull.h"
#include "client/receiver.h"
#include "client/report_job.h"
#include "client/tls_server.h"
#include "common/clock.h"
#include "http/router.h"
#include "http/server.h"
#include "leads/leads.h"

namespace leads::ctl {
namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr int kExitPartial = 3;
constexpr int kExitInterrupted = 130;

int Fail(const Status& s) {
  std::cerr << "leadsctl: " << s.message() << "\n";
  return s.reason() == Reason::kInvalidArgument && s.code() >= 2100 && s.code() < 2200 ? kExitUsage : kExitFailure;
}

int Fail(const client::Error& e) {
  std::cerr << "leadsctl: " << e.ToString() << "\n";
  return kExitFailure;
}

void AddCommonFlags(CLI::App* cmd, CommonFlags& f, bool* verbose) {
  cmd->add_option("--config", f.config, "config file (default $LEADS_CONFIG or ~/.config/leads/leadsctl.conf)");
  cmd->add_option("--profile", f.profile, "section of the config file (default $LEADS_PROFILE)");
  cmd->add_option("--base-url", f.base_url, "API base URL (default $LEADS_BASE_URL or https://leads.qq.com/api/mv1/)");
  cmd->add_option("--token", f.token, "token (default from the environment or config file)");
  cmd->add_option("--secret", f.secret, "secret (visible to other users in ps: prefer --secret-file or the environment)");
  cmd->add_option("--secret-file", f.secret_file, "read the secret from the first line of this file");
  cmd->add_option("--algorithm", f.algorithm, "SHA256 (default) or SHA1");
  cmd->add_flag("--old-scheme", f.old_scheme, "sign with the old three-part scheme (no nonce)");
  cmd->add_option("--timeout", f.timeout_seconds, "seconds per HTTP attempt (default 30)");
  cmd->add_option("--retries", f.retries, "retries on connection errors and HTTP 5xx (default 3)");
  cmd->add_option("--ca-file", f.ca_file, "extra trusted CA bundle (PEM) for HTTPS");
  cmd->add_flag("--insecure", f.insecure, "do not verify the server's TLS certificate (testing only)");
  cmd->add_flag("-v,--verbose", *verbose, "log retries to stderr");
}

// Settings for a command, with warnings printed and the retry logger set.
StatusOr<Settings> Settle(const CommonFlags& f, Pair pair, bool verbose) {
  LEADS_ASSIGN_OR_RETURN(Settings s, Resolve(f, pair));
  for (const auto& w : s.warnings) std::cerr << "leadsctl: warning: " << w << "\n";
  if (!f.secret.empty())
    std::cerr << "leadsctl: warning: --secret is visible to other users (ps); prefer --secret-file or LEADS_SECRET\n";
  s.options.on_retry = [verbose](const client::RetryEvent& e) {
    if (verbose)
      std::cerr << "leadsctl: " << e.interface << " attempt " << e.attempt << " failed (" << e.error.ToString()
                << "); retrying in " << e.delay.count() << " ms\n";
  };
  return s;
}

Status NeedCredentials(const Settings& s, Pair pair) {
  if (!s.credentials.empty()) return Status::Ok();
  return InvalidArgument(ErrorCode::kMissingParameter,
                         pair == Pair::kForwarding
                             ? "no forwarding credentials: pass --token and --secret-file, set LEADS_TOKEN and "
                               "LEADS_SECRET, or put token/secret in the config file"
                             : "no report credentials: pass --token and --secret-file, set LEADS_REPORT_TOKEN and "
                               "LEADS_REPORT_SECRET, or put report_token/report_secret in the config file");
}

// SIGINT/SIGTERM become a flag, read between pages and batches: blocked in
// every thread and taken by one waiting thread.
class StopSignal {
 public:
  StopSignal() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    sigaddset(&set_, SIGUSR2);  // used to end the waiter
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
    waiter_ = std::thread([this] {
      int sig = 0;
      for (;;) {
        sigwait(&set_, &sig);
        if (sig == SIGUSR2 && done_) return;
        if (sig != SIGUSR2) stop_ = true;
      }
    });
  }
  ~StopSignal() {
    done_ = true;
    pthread_kill(waiter_.native_handle(), SIGUSR2);
    waiter_.join();
  }
  bool requested() const { return stop_; }

 private:
  sigset_t set_;
  std::atomic<bool> stop_{false}, done_{false};
  std::thread waiter_;
};

// A status line rewritten in place on a terminal.
class ProgressLine {
 public:
  explicit ProgressLine(const std::string& mode) {
    on_ = mode == "always" || (mode == "auto" && isatty(STDERR_FILENO));
  }
  ~ProgressLine() { End(); }
  void Show(const std::string& line) {
    if (!on_) return;
    std::cerr << "\r\x1b[K" << line << std::flush;
    shown_ = true;
  }
  void End() {
    if (shown_) std::cerr << "\n";
    shown_ = false;
  }

 private:
  bool on_ = false, shown_ = false;
};

std::pair<std::string, uint16_t> SplitHostPort(const std::string& listen) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return {"", 0};
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  int port = 0;
  try {
    port = std::stoi(listen.substr(colon + 1));
  } catch (...) {
    return {"", 0};
  }
  if (port < 0 || port > 65535) return {"", 0};
  return {host, static_cast<uint16_t>(port)};
}

}  // namespace

int Main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  CLI::App app{"leadsctl — the advertiser's side of the leads platform API (pull, report, receive pushes, sign)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(client::kVersion));
  CommonFlags common;
  bool verbose = false;

  // pull
  PullOptions pull;
  std::string pull_format, progress_mode = "auto";
  int64_t interval_s = 60, lookback_s = 600;
  auto* pull_cmd = app.add_subcommand("pull", "download leads of a time range into .jsonl, .csv or .db (SQLite)");
  AddCommonFlags(pull_cmd, common, &verbose);
  pull_cmd->add_option("--start", pull.start, "yyyy-mm-dd (start of day, UTC+8) or epoch seconds")->required();
  pull_cmd->add_option("--end", pull.end, "yyyy-mm-dd (whole day, UTC+8) or epoch seconds, inclusive");
  pull_cmd->add_option("--time-type", pull.time_type, "0 submission time (default), 1 platform entry time")
      ->check(CLI::Range(0, 1));
  pull_cmd->add_option("--page-size", pull.page_size, "leads per request, 1..200")->check(CLI::Range(1, 200))
      ->capture_default_str();
  pull_cmd->add_option("--out", pull.out, "output file: .jsonl, .csv or .db/.sqlite")->required();
  pull_cmd->add_option("--format", pull_format, "jsonl|csv|sqlite (default: by extension)");
  pull_cmd->add_flag("--bom", pull.sink.bom, "CSV: start the file with a UTF-8 BOM (for Excel)");
  pull_cmd->add_flag("--overwrite", pull.sink.overwrite, "start a new file instead of adding to an existing one");
  pull_cmd->add_flag("--follow", pull.follow, "keep syncing new leads until interrupted");
  pull_cmd->add_option("--interval", interval_s, "--follow: seconds between syncs")->capture_default_str();
  pull_cmd->add_option("--lookback", lookback_s, "--follow: seconds each sync reaches back before the last one")
      ->capture_default_str();
  pull_cmd->add_option("--full-every", pull.full_every, "--follow: walk the whole range every N syncs (0: never)");
  pull_cmd->add_option("--cycles", pull.max_cycles, "--follow: stop after N syncs (0: until interrupted)");
  pull_cmd->add_option("--state", pull.state_path, "state file (default OUT.state)");
  pull_cmd->add_option("--progress", progress_mode, "auto (on a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));

  // report
  ReportJobOptions report;
  auto* report_cmd = app.add_subcommand("report", "report conversions from a CSV or JSON Lines file, 50 per request");
  AddCommonFlags(report_cmd, common, &verbose);
  report_cmd->add_option("--file", report.file, "input .csv (with a header row) or .jsonl")->required();
  report_cmd->add_option("--format", report.format, "csv|jsonl (default: by extension)");
  report_cmd->add_option("--results", report.results, "per-row results, .csv or .jsonl (default FILE.results.csv)");
  report_cmd->add_option("--progress-file", report.progress_file, "resume point (default FILE.progress)");
  report_cmd->add_option("--batch-size", report.batch_size, "rows per request, 1..50")->check(CLI::Range(1, 50));
  report_cmd->add_flag("--restart", report.restart, "ignore the progress file and report every row again");
  report_cmd->add_option("--progress", progress_mode, "auto (on a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));

  // receive
  std::string listen, recv_out, recv_format, exec, cert, key;
  bool require_body = false, quiet = false;
  int64_t window_s = 300, exec_timeout_s = 30;
  unsigned threads = 2;
  auto* recv_cmd = app.add_subcommand("receive", "run the push endpoint: verify, store each lead once, answer");
  AddCommonFlags(recv_cmd, common, &verbose);
  recv_cmd->add_option("--listen", listen, "HOST:PORT (port 0: any free port)")->required();
  recv_cmd->add_option("--out", recv_out, "where leads go: .jsonl or .db/.sqlite")->required();
  recv_cmd->add_option("--format", recv_format, "jsonl|sqlite (default: by extension)");
  recv_cmd->add_flag("--require-body-signature", require_body, "reject pushes without X-Leads-Body-Signature");
  recv_cmd->add_option("--window", window_s, "allowed clock difference in seconds")->capture_default_str();
  recv_cmd->add_option("--exec", exec, "run this shell command per new lead (lead JSON on stdin)");
  recv_cmd->add_option("--exec-timeout", exec_timeout_s, "seconds before the command is killed")->capture_default_str();
  recv_cmd->add_option("--cert", cert, "TLS certificate chain (PEM); with --key serves HTTPS");
  recv_cmd->add_option("--key", key, "TLS private key (PEM)");
  recv_cmd->add_option("--threads", threads, "worker threads")->capture_default_str();
  recv_cmd->add_flag("-q,--quiet", quiet, "no log line per push");

  // sign
  std::string scope = "forwarding", sign_format = "headers", nonce;
  int64_t timestamp = 0;
  auto* sign_cmd = app.add_subcommand("sign", "print X-Signature headers (e.g. curl -H @<(leadsctl sign) URL)");
  AddCommonFlags(sign_cmd, common, &verbose);
  sign_cmd->add_option("--scope", scope, "which pair: forwarding (GET leads/list) or report (the POSTs)")
      ->check(CLI::IsMember({"forwarding", "report"}));
  sign_cmd->add_option("--timestamp", timestamp, "epoch seconds (default now)");
  sign_cmd->add_option("--nonce", nonce, "nonce (default random; never reuse one)");
  sign_cmd->add_option("--format", sign_format, "headers (Name: value lines), curl (-H arguments), json")
      ->check(CLI::IsMember({"headers", "curl", "json"}));

  // list (one page, raw)
  client::ListRequest list_req;
  int64_t search_after = 0;
  auto* list_cmd = app.add_subcommand("list", "fetch one page of leads/list and print its data as JSON");
  AddCommonFlags(list_cmd, common, &verbose);
  list_cmd->add_option("--start", list_req.start_time, "yyyy-mm-dd or epoch seconds")->required();
  list_cmd->add_option("--end", list_req.end_time, "yyyy-mm-dd or epoch seconds")->required();
  list_cmd->add_option("--time-type", list_req.time_type, "0 or 1")->check(CLI::Range(0, 1));
  list_cmd->add_option("--page", list_req.page, "page number")->check(CLI::PositiveNumber);
  list_cmd->add_option("--page-size", list_req.page_size, "1..200")->check(CLI::Range(1, 200));
  list_cmd->add_option("--search-after", search_after, "search_after_leads_id");

  // set-status-system
  client::SetLeadsStatusSystemRequest sss;
  auto* sss_cmd = app.add_subcommand("set-status-system", "choose the account's status system (1 standard, 2 industry)");
  AddCommonFlags(sss_cmd, common, &verbose);
  sss_cmd->add_option("--account-id", sss.account_id, "account id")->required();
  sss_cmd->add_option("--option", sss.leads_status_system_option, "1 standard, 2 industry")->required()
      ->check(CLI::Range(1, 2));

  // report-wechat
  client::ReportPersonalWechatRequest pw;
  int login_name_type = 0;
  auto* pw_cmd = app.add_subcommand("report-wechat", "report a personal-WeChat authorisation");
  AddCommonFlags(pw_cmd, common, &verbose);
  pw_cmd->add_option("--uuid", pw.uuid, "unique id of this report")->required();
  pw_cmd->add_option("--account-id", pw.account_id, "account id")->required();
  pw_cmd->add_option("--app-id", pw.app_id)->required();
  pw_cmd->add_option("--open-id", pw.open_id)->required();
  pw_cmd->add_option("--avatar-url", pw.avatar_url)->required();
  pw_cmd->add_option("--nickname", pw.nickname)->required();
  pw_cmd->add_option("--click-id", pw.click_id)->required();
  pw_cmd->add_option("--action-time", pw.action_time, "yyyy-mm-dd HH:MM:SS")->required();
  pw_cmd->add_option("--login-name-type", login_name_type, "1 QQ, 12 WeChat");
  pw_cmd->add_option("--login-name", pw.login_name);
  pw_cmd->add_option("--page-id", pw.page_id);
  pw_cmd->add_option("--page-name", pw.page_name);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  if (*pull_cmd) {
    auto s = Settle(common, Pair::kForwarding, verbose);
    if (!s.ok()) return Fail(s.status());
    if (Status st = NeedCredentials(*s, Pair::kForwarding); !st.ok()) return Fail(st);
    auto fmt = FormatFor(pull.out, pull_format);
    if (!fmt.ok()) return Fail(fmt.status());
    pull.format = *fmt;
    pull.interval = std::chrono::seconds(interval_s);
    pull.lookback = std::chrono::seconds(lookback_s);
    client::Client client(s->options);
    StopSignal stop;
    ProgressLine line(progress_mode);
    SystemClock clock;
    PullHooks hooks;
    hooks.stop_requested = [&] { return stop.requested(); };
    hooks.progress = [&](const std::string& l) { line.Show(l); };
    hooks.warn = [&](const std::string& l) {
      line.End();
      std::cerr << "leadsctl: " << l << "\n";
    };
    hooks.sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
    // --follow: one JSON line per completed sync on stdout (for scripts).
    hooks.cycle_done = [&](const PullStats& st) {
      line.End();
      std::cout << boost::json::serialize(boost::json::object{
                       {"cycle", st.cycles}, {"added", st.added}, {"in_file", st.in_file}})
                << std::endl;
    };
    auto r = RunPull(client, pull, clock, hooks);
    line.End();
    if (!r.ok()) return Fail(r.status());
    std::cout << boost::json::serialize(boost::json::object{{"out", pull.out},
                                                            {"format", FormatName(pull.format)},
                                                            {"pages", r->pages},
                                                            {"fetched", r->fetched},
                                                            {"added", r->added},
                                                            {"in_file", r->in_file},
                                                            {"cycles", r->cycles},
                                                            {"interrupted", r->interrupted}})
              << std::endl;
    if (r->interrupted && !pull.follow) {
      std::cerr << "leadsctl: interrupted; run the same command again to resume\n";
      return kExitInterrupted;
    }
    return 0;
  }

  if (*report_cmd) {
    auto s = Settle(common, Pair::kReport, verbose);
    if (!s.ok()) return Fail(s.status());
    if (Status st = NeedCredentials(*s, Pair::kReport); !st.ok()) return Fail(st);
    client::Client client(s->options);
    StopSignal stop;
    ProgressLine line(progress_mode);
    auto r = RunReport(
        report, [&](const client::ReportRequest& req) { return client.Report(req); },
        [&] { return stop.requested(); }, [&](const std::string& l) { line.Show(l); });
    line.End();
    if (!r.ok()) {
      int rc = Fail(r.status());
      if (rc != kExitUsage)
        std::cerr << "leadsctl: rows reported so far are recorded; run the same command again to resume\n";
      return rc;
    }
    if (r->already_complete)
      std::cerr << "leadsctl: " << report.file << " was already reported completely (results in " << r->results_path
                << "); pass --restart to report it again\n";
    std::cout << boost::json::serialize(boost::json::object{{"file", report.file},
                                                            {"results", r->results_path},
                                                            {"rows", r->rows},
                                                            {"ok", r->ok},
                                                            {"failed", r->failed},
                                                            {"skipped", r->skipped},
                                                            {"requests", r->requests},
                                                            {"interrupted", r->interrupted}})
              << std::endl;
    if (r->interrupted) return kExitInterrupted;
    return r->failed ? kExitPartial : 0;
  }

  if (*recv_cmd) {
    auto s = Settle(common, Pair::kForwarding, verbose);
    if (!s.ok()) return Fail(s.status());
    auto fmt = FormatFor(recv_out, recv_format);
    if (!fmt.ok()) return Fail(fmt.status());
    if (*fmt == OutputFormat::kCsv) return Fail(InvalidArgument(ErrorCode::kInvalidValue, "receive writes .jsonl or .db/.sqlite"));
    if (cert.empty() != key.empty())
      return Fail(InvalidArgument(ErrorCode::kInvalidValue, "--cert and --key go together"));
    auto [host, port] = SplitHostPort(listen);
    if (host.empty()) return Fail(InvalidArgument(ErrorCode::kInvalidValue, "--listen must be HOST:PORT"));
    ReceiverOptions ro;
    ro.verify.forwarding = s->options.forwarding;
    ro.verify.window = std::chrono::seconds(window_s);
    ro.verify.require_body_signature = require_body;
    ro.out = recv_out;
    ro.format = *fmt;
    ro.exec = exec;
    ro.exec_timeout = std::chrono::seconds(exec_timeout_s);
    if (!quiet) ro.log = [](const std::string& l) { std::cerr << "leadsctl: " << l << std::endl; };
    auto receiver = Receiver::Create(std::move(ro));
    if (!receiver.ok()) return Fail(receiver.status());
    Receiver* rcv = receiver->get();
    if (!cert.empty()) {
      TlsServerOptions to;
      to.host = host;
      to.port = port;
      to.cert_file = cert;
      to.key_file = key;
      to.threads = threads;
      TlsServer server(to, [rcv](const http::Request& r) { return rcv->Handle(r); });
      if (Status st = server.Listen(); !st.ok()) return Fail(st);
      std::cout << "leadsctl receive listening on https://" << listen.substr(0, listen.rfind(':')) << ":"
                << server.port() << std::endl;
      server.Run();
    } else {
      class PushHandler : public http::Handler {
       public:
        explicit PushHandler(Receiver* r) : r_(r) {}
        http::Response Handle(const http::Request& req, const Principal*) override { return r_->Handle(req); }

       private:
        Receiver* r_;
      };
      http::Router router(nullptr);
      router.Add("POST", "/", std::nullopt, std::make_shared<PushHandler>(rcv), /*prefix=*/true);
      http::ServerOptions so;
      so.host = host;
      so.port = port;
      so.threads = threads;
      http::Server server(so, router);
      if (Status st = server.Listen(); !st.ok()) return Fail(st);
      std::cout << "leadsctl receive listening on http://" << listen.substr(0, listen.rfind(':')) << ":"
                << server.port() << std::endl;
      server.Run();
    }
    std::cerr << "leadsctl: receiver stopped; " << rcv->stored() << " leads in " << recv_out << "\n";
    return 0;
  }

  if (*sign_cmd) {
    auto s = Settle(common, scope == "report" ? Pair::kReport : Pair::kForwarding, verbose);
    if (!s.ok()) return Fail(s.status());
    if (Status st = NeedCredentials(*s, scope == "report" ? Pair::kReport : Pair::kForwarding); !st.ok())
      return Fail(st);
    client::Signer signer(s->credentials, s->options.algorithm, s->options.scheme);
    client::SignatureHeaders h =
        timestamp || !nonce.empty()
            ? signer.SignAt(timestamp ? timestamp : SystemClock().NowSeconds(),
                            nonce.empty() ? SystemRandom().Hex(32) : nonce)
            : signer.Sign();
    if (sign_format == "json") {
      std::cout << boost::json::serialize(boost::json::object{{"X-Signature", h.signature},
                                                              {"X-Signature-Algorithm", h.algorithm}})
                << "\n";
    } else if (sign_format == "curl") {
      std::cout << "-H 'X-Signature: " << h.signature << "' -H 'X-Signature-Algorithm: " << h.algorithm << "'\n";
    } else {
      std::cout << "X-Signature: " << h.signature << "\nX-Signature-Algorithm: " << h.algorithm << "\n";
    }
    return 0;
  }

  if (*list_cmd) {
    auto s = Settle(common, Pair::kForwarding, verbose);
    if (!s.ok()) return Fail(s.status());
    if (Status st = NeedCredentials(*s, Pair::kForwarding); !st.ok()) return Fail(st);
    if (search_after > 0) list_req.search_after_leads_id = search_after;
    client::Client client(s->options);
    auto r = client.List(list_req);
    if (!r.ok()) return Fail(r.error());
    std::string out = "{\"page_info\":" +
                      boost::json::serialize(boost::json::object{{"page", r->page_info.page},
                                                                 {"page_size", r->page_info.page_size},
                                                                 {"total_number", r->page_info.total_number},
                                                                 {"total_page", r->page_info.total_page}}) +
                      ",\"list\":[";
    for (size_t i = 0; i < r->list.size(); ++i) out += (i ? "," : "") + r->list[i].json();
    std::cout << out << "]}\n";
    return 0;
  }

  if (*sss_cmd || *pw_cmd) {
    auto s = Settle(common, Pair::kReport, verbose);
    if (!s.ok()) return Fail(s.status());
    if (Status st = NeedCredentials(*s, Pair::kReport); !st.ok()) return Fail(st);
    client::Client client(s->options);
    if (login_name_type) pw.login_name_type = login_name_type;
    auto r = *sss_cmd ? client.SetLeadsStatusSystem(sss) : client.ReportPersonalWechat(pw);
    if (!r.ok()) return Fail(r.error());
    std::cout << boost::json::serialize(boost::json::object{{"code", 0}, {"message", r->info.message}}) << "\n";
    return 0;
  }
  return kExitUsage;
}

}  // namespace leads::ctl

int main(int argc, char** argv) { return leads::ctl::Main(argc, argv); }
