// `leadsctl receive`: the advertiser's push endpoint. Verifies each push
// (leads/push.h), stores each lead once (dedup by leads_id) in JSON Lines
// or SQLite, optionally runs a command per new lead, and answers with the
// envelope: {"code":0,...} when the lead is stored (or was already), a
// non-zero code otherwise, so the platform retries.
//
// With --exec, the command runs (sh -c) with the lead's JSON on stdin and
// LEADS_ID, LEADS_DELIVERY_ID, LEADS_ATTEMPT in its environment, before the
// lead is stored: when it fails (non-zero exit, or killed after
// --exec-timeout) the push is answered with an error and comes again, so
// the command sees every lead at least once and, once it succeeded, no more.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "client/output.h"
#include "http/message.h"
#include "leads/push.h"

namespace leads::ctl {

struct ReceiverOptions {
  client::PushVerifyOptions verify;
  std::string out;
  OutputFormat format = OutputFormat::kJsonl;
  std::string exec;  // "" = none
  std::chrono::seconds exec_timeout{30};
  std::function<void(const std::string&)> log;  // one line per push (no secrets, no lead fields)
};

class Receiver {
 public:
  static StatusOr<std::unique_ptr<Receiver>> Create(ReceiverOptions options);
  // Thread-safe.
  http::Response Handle(const http::Request& request);
  int64_t stored() const;

 private:
  explicit Receiver(ReceiverOptions o) : opts_(std::move(o)) {}
  // Runs the --exec command; "" on success, else what went wrong.
  std::string RunExec(const client::VerifiedPush& push);

  ReceiverOptions opts_;
  mutable std::mutex mu_;
  std::unique_ptr<LeadSink> sink_;
};

}  // namespace leads::ctl
