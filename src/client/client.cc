// The client: libcurl for HTTP(S), Boost.JSON for bodies. One place runs a
// call (Execute): sign, send with a per-attempt timeout, read the envelope,
// retry transport failures and 5xx with backoff and jitter.
#include "leads/client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <thread>

#include <boost/json.hpp>

#include "common/clock.h"
#include "common/encoding.h"

namespace leads::client {
namespace {

using Ms = std::chrono::milliseconds;
using Steady = std::chrono::steady_clock;

constexpr int kDuplicateUuidCode = 2116;  // leadsd: "uuid already reported"

void GlobalInitOnce() {
  static std::once_flag once;  // libcurl requires one process-wide init
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return std::string(s);
}

// One attempt's outcome.
struct Exchange {
  CURLcode curl = CURLE_OK;
  std::string curl_error;
  long status = 0;
  std::string body;
  std::string request_id;
  std::string retry_after;
  bool too_large = false;
  size_t max_bytes = 0;
};

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  size_t len = size * n;
  if (ex->body.size() + len > ex->max_bytes) {
    ex->too_large = true;
    return 0;  // aborts the transfer
  }
  ex->body.append(data, len);
  return len;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  std::string_view line(data, size * n);
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string_view name = line.substr(0, colon);
    if (IEquals(name, "X-Request-Id")) ex->request_id = Trim(line.substr(colon + 1));
    if (IEquals(name, "Retry-After")) ex->retry_after = Trim(line.substr(colon + 1));
  }
  return size * n;
}

struct Envelope {
  int code = 0;
  std::string message;
  boost::json::value data;  // null when absent
};

std::optional<Envelope> ParseEnvelope(std::string_view body) {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return std::nullopt;
  auto& o = v.get_object();
  auto code = o.find("code");
  if (code == o.end() || !code->value().is_number()) return std::nullopt;
  Envelope e;
  e.code = static_cast<int>(code->value().to_number<int64_t>());
  for (const char* key : {"message", "msg"}) {
    auto m = o.find(key);
    if (m != o.end() && m->value().is_string()) {
      e.message = std::string(m->value().get_string());
      break;
    }
  }
  if (auto d = o.find("data"); d != o.end()) e.data = std::move(d->value());
  return e;
}

std::string Escape(CURL* h, std::string_view s) {
  char* e = curl_easy_escape(h, s.data(), static_cast<int>(s.size()));
  std::string out = e ? e : "";
  curl_free(e);
  return out;
}

int64_t Int(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end()) return 0;
  const auto& v = it->value();
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64()) return static_cast<int64_t>(v.get_uint64());
  if (v.is_double()) return static_cast<int64_t>(v.get_double());
  if (v.is_string()) {
    try {
      return std::stoll(std::string(v.get_string()));
    } catch (...) {
      return 0;
    }
  }
  return 0;
}

}  // namespace

struct Client::Impl {
  ClientOptions opts;
  std::mutex mu;
  std::vector<CURL*> idle;  // handles keep their connections alive

  explicit Impl(ClientOptions o) : opts(std::move(o)) {
    if (opts.base_url.empty()) opts.base_url = std::string(kDefaultBaseUrl);
    if (opts.base_url.back() != '/') opts.base_url += '/';
    if (opts.user_agent.empty()) opts.user_agent = "leads-client/" + std::string(kVersion);
    if (opts.retry.max_attempts < 1) opts.retry.max_attempts = 1;
    if (!opts.hooks.now) opts.hooks.now = [] { return SystemClock().NowSeconds(); };
    if (!opts.hooks.nonce) opts.hooks.nonce = [] { return SystemRandom().Hex(32); };
    if (!opts.hooks.sleep) opts.hooks.sleep = [](Ms d) { std::this_thread::sleep_for(d); };
    if (!opts.hooks.jitter)
      opts.hooks.jitter = [] { return static_cast<double>(SystemRandom().Uniform(1u << 30)) / double(1u << 30); };
  }

  ~Impl() {
    for (CURL* h : idle) curl_easy_cleanup(h);
  }

  CURL* Acquire() {
    {
      std::lock_guard lock(mu);
      if (!idle.empty()) {
        CURL* h = idle.back();
        idle.pop_back();
        return h;
      }
    }
    return curl_easy_init();
  }

  void Release(CURL* h) {
    std::lock_guard lock(mu);
    idle.push_back(h);
  }

  // One HTTP exchange with `timeout`.
  Exchange Perform(CURL* h, std::string_view method, const std::string& url, const SignatureHeaders& sig,
                   const std::string& body, Ms timeout) {
    Exchange ex;
    ex.max_bytes = opts.max_response_bytes;
    curl_easy_reset(h);
    char errbuf[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(std::max<int64_t>(1, timeout.count())));
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(std::max<int64_t>(1, std::min(timeout, opts.connect_timeout).count())));
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // gzip (and whatever libcurl decodes)
    curl_easy_setopt(h, CURLOPT_USERAGENT, opts.user_agent.c_str());
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, opts.verify_tls ? 1L : 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, opts.verify_tls ? 2L : 0L);
    if (!opts.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, opts.ca_file.c_str());
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &OnBody);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &ex);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &OnHeader);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &ex);
    curl_slist* headers = nullptr;
    std::string sig_header = "X-Signature: " + sig.signature;
    std::string alg_header = "X-Signature-Algorithm: " + sig.algorithm;
    headers = curl_slist_append(headers, sig_header.c_str());
    headers = curl_slist_append(headers, alg_header.c_str());
    headers = curl_slist_append(headers, "Accept: application/json");
    headers = curl_slist_append(headers, "Expect:");
    if (method == "POST") {
      headers = curl_slist_append(headers, "Content-Type: application/json");
      curl_easy_setopt(h, CURLOPT_POST, 1L);
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
    } else {
      curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    ex.curl = curl_easy_perform(h);
    if (ex.curl != CURLE_OK) ex.curl_error = errbuf[0] ? errbuf : curl_easy_strerror(ex.curl);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &ex.status);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);
    curl_slist_free_all(headers);
    return ex;
  }

  struct Reply {
    Envelope envelope;
    CallInfo info;
  };

  // Sign, send, read the envelope; retry what may succeed later.
  // `replay_code`: a business code that, met on a retry after an attempt
  // whose answer was lost, means that attempt succeeded.
  Result<Reply> Execute(std::string_view iface, std::string_view method, std::string_view query_or_body,
                        const Credentials& creds, int replay_code = 0) {
    if (creds.empty())
      return Error(Error::Kind::kInvalidArgument,
                   std::string(iface) + ": no credentials (token and secret) configured for this interface");
    GlobalInitOnce();
    std::string url = opts.base_url + std::string(iface);
    std::string body;
    if (method == "GET") {
      if (!query_or_body.empty()) url += "?" + std::string(query_or_body);
    } else {
      body = std::string(query_or_body);
    }
    Signer signer(creds, opts.algorithm, opts.scheme, opts.hooks.now, opts.hooks.nonce);
    const auto start = Steady::now();
    const bool bounded = opts.deadline.count() > 0;
    bool answer_lost = false;
    CURL* h = Acquire();
    if (!h) return Error(Error::Kind::kTransport, "cannot create a libcurl handle");
    struct Guard {
      Impl* impl;
      CURL* h;
      ~Guard() { impl->Release(h); }
    } guard{this, h};

    for (int attempt = 1;; ++attempt) {
      Ms timeout = opts.timeout;
      if (bounded) {
        auto left = opts.deadline - std::chrono::duration_cast<Ms>(Steady::now() - start);
        if (left.count() <= 0)
          return Error(Error::Kind::kTransport, std::string(iface) + ": deadline exceeded")
              .set_timed_out(true)
              .set_attempts(attempt - 1);
        timeout = std::min(timeout, left);
      }
      Exchange ex = Perform(h, method, url, signer.Sign(), body, timeout);
      std::optional<Error> failure;
      if (ex.too_large) {
        return Error(Error::Kind::kProtocol, std::string(iface) + ": response larger than " +
                                                 std::to_string(opts.max_response_bytes) + " bytes")
            .set_attempts(attempt)
            .set_request_id(ex.request_id);
      } else if (ex.curl != CURLE_OK) {
        failure = Error(Error::Kind::kTransport, std::string(iface) + ": " + ex.curl_error);
        failure->set_timed_out(ex.curl == CURLE_OPERATION_TIMEDOUT);
        // Connected and maybe sent: the server may have acted on it.
        if (ex.curl != CURLE_COULDNT_CONNECT && ex.curl != CURLE_COULDNT_RESOLVE_HOST) answer_lost = true;
      } else {
        auto env = ParseEnvelope(ex.body);
        if (ex.status < 200 || ex.status > 299) {
          std::string msg = env ? env->message : "HTTP " + std::to_string(ex.status) + " without the JSON envelope";
          failure = Error(Error::Kind::kHttp, std::string(iface) + ": " + msg, env ? env->code : 0,
                          static_cast<int>(ex.status));
          if (ex.status >= 500) answer_lost = true;
        } else if (!env) {
          return Error(Error::Kind::kProtocol, std::string(iface) + ": the answer is not the JSON envelope",
                       0, static_cast<int>(ex.status))
              .set_attempts(attempt)
              .set_request_id(ex.request_id);
        } else if (env->code != 0) {
          if (replay_code && env->code == replay_code && answer_lost) {
            Reply r{std::move(*env), {}};
            r.info = {r.envelope.message, ex.request_id, attempt, true};
            return r;
          }
          Error e(Error::Kind::kApi, env->message, env->code, static_cast<int>(ex.status));
          if (!e.retryable()) return e.set_attempts(attempt).set_request_id(ex.request_id);
          failure = std::move(e);  // rate limited: not acted on, tried again below
        } else {
          Reply r{std::move(*env), {}};
          r.info = {r.envelope.message, ex.request_id, attempt, false};
          return r;
        }
      }
      failure->set_attempts(attempt).set_request_id(ex.request_id);
      if (!failure->retryable() || attempt >= opts.retry.max_attempts) return *failure;
      // Backoff: random in [b/2, b], b doubling up to max_backoff.
      double b = static_cast<double>(opts.retry.initial_backoff.count()) * std::pow(2.0, attempt - 1);
      b = std::min(b, static_cast<double>(opts.retry.max_backoff.count()));
      Ms delay(static_cast<int64_t>(b / 2 + b / 2 * opts.hooks.jitter()));
      if (!ex.retry_after.empty() && ex.retry_after.size() < 6 &&
          ex.retry_after.find_first_not_of("0123456789") == std::string::npos)
        delay = std::max(delay, std::min<Ms>(Ms(std::stoll(ex.retry_after) * 1000), opts.retry.max_backoff));
      if (bounded) {
        auto left = opts.deadline - std::chrono::duration_cast<Ms>(Steady::now() - start);
        if (delay >= left) return *failure;
      }
      if (opts.on_retry) opts.on_retry(RetryEvent{iface, attempt, *failure, delay});
      opts.hooks.sleep(delay);
    }
  }
};

Client::Client(ClientOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Client::~Client() = default;

const ClientOptions& Client::options() const { return impl_->opts; }

Result<ListResult> Client::List(const ListRequest& req) {
  if (req.start_time.empty() || req.end_time.empty())
    return Error(Error::Kind::kInvalidArgument, "leads/list: start_time and end_time are required");
  if (req.time_type != 0 && req.time_type != 1)
    return Error(Error::Kind::kInvalidArgument, "leads/list: time_type must be 0 or 1");
  if (req.page_size < 1 || req.page_size > 200)
    return Error(Error::Kind::kInvalidArgument, "leads/list: page_size must be 1..200");
  if (req.page < 1) return Error(Error::Kind::kInvalidArgument, "leads/list: page must be >= 1");
  GlobalInitOnce();
  CURL* esc = curl_easy_init();
  std::string q = "start_time=" + Escape(esc, req.start_time) + "&end_time=" + Escape(esc, req.end_time) +
                  "&time_type=" + std::to_string(req.time_type) + "&page_size=" + std::to_string(req.page_size);
  curl_easy_cleanup(esc);
  if (req.search_after_leads_id)
    q += "&search_after_leads_id=" + std::to_string(*req.search_after_leads_id);
  else
    q += "&page=" + std::to_string(req.page);
  auto reply = impl_->Execute("leads/list", "GET", q, impl_->opts.forwarding);
  if (!reply.ok()) return reply.error();
  ListResult out;
  out.info = reply->info;
  const auto& data = reply->envelope.data;
  if (!data.is_object())
    return Error(Error::Kind::kProtocol, "leads/list: data is not an object").set_request_id(out.info.request_id);
  const auto& d = data.get_object();
  if (auto pi = d.find("page_info"); pi != d.end() && pi->value().is_object()) {
    const auto& p = pi->value().get_object();
    out.page_info = {Int(p, "page"), Int(p, "page_size"), Int(p, "total_number"), Int(p, "total_page")};
  }
  if (auto list = d.find("list"); list != d.end() && list->value().is_array()) {
    out.list.reserve(list->value().get_array().size());
    for (const auto& item : list->value().get_array()) {
      auto lead = Lead::FromJson(boost::json::serialize(item));
      if (!lead.ok())
        return Error(Error::Kind::kProtocol, "leads/list: list item: " + lead.error().message())
            .set_request_id(out.info.request_id);
      out.list.push_back(std::move(*lead));
    }
  }
  return out;
}

Result<ReportResult> Client::Report(const ReportRequest& req) {
  if (req.list.empty() || req.list.size() > kMaxReportItems)
    return Error(Error::Kind::kInvalidArgument,
                 "leads/report: list must hold 1 to 50 items, got " + std::to_string(req.list.size()));
  boost::json::array list;
  list.reserve(req.list.size());
  for (size_t i = 0; i < req.list.size(); ++i) {
    const auto& it = req.list[i];
    if (it.leads_id <= 0)
      return Error(Error::Kind::kInvalidArgument, "leads/report: list[" + std::to_string(i) + "].leads_id must be positive");
    boost::json::object o{{"leads_id", it.leads_id}};
    auto put = [&](const char* k, const std::string& v) {
      if (!v.empty()) o[k] = v;
    };
    put("leads_convert_type", it.leads_convert_type);
    put("leads_ineffect_reason", it.leads_ineffect_reason);
    put("leads_intention_score", it.leads_intention_score);
    put("outerLeadsConvertType", it.outer_leads_convert_type);
    put("outerLeadsIneffectReason", it.outer_leads_ineffect_reason);
    list.push_back(std::move(o));
  }
  auto reply = impl_->Execute("leads/report", "POST", boost::json::serialize(boost::json::object{{"list", list}}),
                              impl_->opts.report);
  if (!reply.ok()) return reply.error();
  ReportResult out;
  out.info = reply->info;
  out.count = static_cast<int64_t>(req.list.size());
  if (reply->envelope.data.is_object() && reply->envelope.data.get_object().contains("count"))
    out.count = Int(reply->envelope.data.get_object(), "count");
  return out;
}

Result<Ack> Client::SetLeadsStatusSystem(const SetLeadsStatusSystemRequest& req) {
  boost::json::object o{{"account_id", req.account_id}, {"leads_status_system_option", req.leads_status_system_option}};
  auto reply = impl_->Execute("leads/set_leads_status_system", "POST", boost::json::serialize(o), impl_->opts.report);
  if (!reply.ok()) return reply.error();
  Ack a;
  a.info = reply->info;
  if (!reply->envelope.data.is_null()) a.data_json = boost::json::serialize(reply->envelope.data);
  return a;
}

Result<Ack> Client::ReportPersonalWechat(const ReportPersonalWechatRequest& req) {
  if (req.uuid.empty()) return Error(Error::Kind::kInvalidArgument, "leads/report_personal_wechat: uuid is required");
  boost::json::object o{{"uuid", req.uuid},         {"account_id", req.account_id}, {"app_id", req.app_id},
                        {"open_id", req.open_id},   {"avatar_url", req.avatar_url}, {"nickname", req.nickname},
                        {"click_id", req.click_id}, {"action_time", req.action_time}};
  if (req.login_name_type) o["login_name_type"] = *req.login_name_type;
  if (!req.login_name.empty()) o["login_name"] = req.login_name;
  if (!req.page_id.empty()) o["page_id"] = req.page_id;
  if (!req.page_name.empty()) o["page_name"] = req.page_name;
  auto reply = impl_->Execute("leads/report_personal_wechat", "POST", boost::json::serialize(o), impl_->opts.report,
                              kDuplicateUuidCode);
  if (!reply.ok()) return reply.error();
  Ack a;
  a.info = reply->info;
  if (!reply->envelope.data.is_null()) a.data_json = boost::json::serialize(reply->envelope.data);
  return a;
}

Result<Ack> Client::Call(std::string_view method, std::string_view path, std::string_view query_or_body,
                         const Credentials& credentials) {
  if (method != "GET" && method != "POST")
    return Error(Error::Kind::kInvalidArgument, "method must be GET or POST");
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  auto reply = impl_->Execute(path, method, query_or_body, credentials);
  if (!reply.ok()) return reply.error();
  Ack a;
  a.info = reply->info;
  if (!reply->envelope.data.is_null()) a.data_json = boost::json::serialize(reply->envelope.data);
  return a;
}

Result<WalkSummary> Client::ForEachPage(ListRequest request, const PageCallback& on_page) {
  WalkSummary sum;
  sum.last_leads_id = request.search_after_leads_id;
  request.page = 1;
  for (;;) {
    auto page = List(request);
    if (!page.ok()) return page.error();
    if (page->list.empty()) break;
    ++sum.pages;
    sum.leads += static_cast<int64_t>(page->list.size());
    sum.last_leads_id = page->list.back().id();
    if (!on_page(*page)) break;
    if (static_cast<int>(page->list.size()) < request.page_size) break;
    request.search_after_leads_id = sum.last_leads_id;
  }
  return sum;
}

}  // namespace leads::client
