#include "client/receiver.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>
#include <vector>

#include "common/error_codes.h"

extern char** environ;

namespace leads::ctl {
namespace {

http::Response Json(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

// HTTP status for a rejection: 401 for the signature, 400 for the body.
int StatusFor(const client::Error& e) { return e.code() >= 2000 && e.code() < 2100 ? 401 : 400; }

}  // namespace

StatusOr<std::unique_ptr<Receiver>> Receiver::Create(ReceiverOptions options) {
  if (options.verify.forwarding.empty())
    return InvalidArgument(ErrorCode::kMissingParameter,
                           "the forwarding token and secret are required to verify pushes "
                           "(--token/--secret-file, LEADS_TOKEN/LEADS_SECRET or the config file)");
  std::unique_ptr<Receiver> r(new Receiver(std::move(options)));
  LEADS_ASSIGN_OR_RETURN(r->sink_, OpenSink(r->opts_.out, r->opts_.format, SinkOptions{}));
  return r;
}

int64_t Receiver::stored() const {
  std::lock_guard lock(mu_);
  return sink_->size();
}

http::Response Receiver::Handle(const http::Request& req) {
  auto log = [&](const std::string& line) {
    if (opts_.log) opts_.log(line);
  };
  auto verified = client::VerifyPush(
      opts_.verify, [&](std::string_view name) { return req.Header(name); }, req.body);
  if (!verified.ok()) {
    log("push from " + std::string(req.remote) + " rejected: " + verified.error().ToString());
    return Json(StatusFor(verified.error()), client::PushReject(verified.error()));
  }
  const auto& push = *verified;
  const std::string what = "push leads_id=" + std::to_string(push.lead.id()) +
                           (push.delivery_id.empty() ? "" : " delivery=" + push.delivery_id) +
                           (push.attempt ? " attempt=" + std::to_string(push.attempt) : "");
  std::lock_guard lock(mu_);
  if (sink_->Contains(push.lead.id())) {
    log(what + ": duplicate, already stored");
    return Json(200, client::PushAck("success (already stored)"));
  }
  if (!opts_.exec.empty()) {
    std::string err = RunExec(push);
    if (!err.empty()) {
      log(what + ": --exec failed: " + err);
      return Json(500, client::PushReject(client::Error(client::Error::Kind::kRejected,
                                                        "the receiver's handler failed; retry later",
                                                        Code(ErrorCode::kInternal))));
    }
  }
  auto added = sink_->Add(push.lead);
  Status flushed = added.ok() ? sink_->Flush() : added.status();
  if (!flushed.ok()) {
    log(what + ": cannot store: " + flushed.message());
    return Json(500, client::PushReject(client::Error(client::Error::Kind::kRejected,
                                                      "the receiver cannot store the lead; retry later",
                                                      Code(ErrorCode::kStoreUnavailable))));
  }
  log(what + ": stored" + (push.body_signed ? " (body signature verified)" : ""));
  return Json(200, client::PushAck());
}

std::string Receiver::RunExec(const client::VerifiedPush& push) {
  int in[2];
  if (pipe2(in, O_CLOEXEC) != 0) return std::string("pipe: ") + std::strerror(errno);
  std::vector<std::string> env_store;
  for (char** e = environ; *e; ++e) env_store.emplace_back(*e);
  env_store.push_back("LEADS_ID=" + std::to_string(push.lead.id()));
  env_store.push_back("LEADS_DELIVERY_ID=" + push.delivery_id);
  env_store.push_back("LEADS_ATTEMPT=" + std::to_string(push.attempt));
  std::vector<char*> envp;
  for (auto& s : env_store) {
    // The receiver's own secret stays out of the command's environment.
    if (s.rfind("LEADS_SECRET=", 0) == 0 || s.rfind("LEADS_REPORT_SECRET=", 0) == 0) continue;
    envp.push_back(s.data());
  }
  envp.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, 2, 1);  // the command's stdout goes to our stderr
  std::string cmd = opts_.exec;
  char sh[] = "/bin/sh", dash_c[] = "-c";
  char* argv[] = {sh, dash_c, cmd.data(), nullptr};
  // leadsctl ignores SIGPIPE; the command gets the default back.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, "/bin/sh", &fa, &attr, argv, envp.data());
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&fa);
  ::close(in[0]);
  if (rc != 0) {
    ::close(in[1]);
    return std::string("cannot start /bin/sh: ") + std::strerror(rc);
  }
  // The lead as one line of JSON (the body as sent may be pretty-printed),
  // written without blocking so a command that never reads its stdin
  // still meets the timeout.
  std::string data = push.lead.json() + "\n";
  std::string_view rest = data;
  int wfd = in[1];
  fcntl(wfd, F_SETFL, fcntl(wfd, F_GETFL) | O_NONBLOCK);
  auto deadline = std::chrono::steady_clock::now() + opts_.exec_timeout;
  int status = 0;
  for (;;) {
    while (wfd >= 0 && !rest.empty()) {
      ssize_t n = ::write(wfd, rest.data(), rest.size());
      if (n > 0) {
        rest.remove_prefix(static_cast<size_t>(n));
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else {
        if (errno != EAGAIN) rest = {};  // EPIPE: the command does not read stdin
        break;
      }
    }
    if (wfd >= 0 && rest.empty()) {
      ::close(wfd);
      wfd = -1;
    }
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      if (wfd >= 0) ::close(wfd);
      return "timed out after " + std::to_string(opts_.exec_timeout.count()) + " s";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (wfd >= 0) ::close(wfd);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  return "killed by signal " + std::to_string(WTERMSIG(status));
}

}  // namespace leads::ctl
