#include "push/curl_sender.h"

#include <curl/curl.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <atomic>
#include <cctype>
#include <deque>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <unordered_map>

namespace leads::push {
namespace {

using SteadyClock = std::chrono::steady_clock;

// A response body larger than this aborts the transfer.
constexpr size_t kAbortResponseBytes = 1 << 20;

struct Transfer {
  CURL* easy = nullptr;
  PushRequest req;
  Sender::Callback done;
  curl_slist* headers = nullptr;
  PushResponse resp;
  size_t received = 0;
  char errbuf[CURL_ERROR_SIZE] = {};
  SteadyClock::time_point start;

  ~Transfer() { curl_slist_free_all(headers); }
};

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t len = size * n;
  t->received += len;
  if (t->received > kAbortResponseBytes) return 0;  // CURLE_WRITE_ERROR
  size_t room = kMaxResponseBytes - std::min(kMaxResponseBytes, t->resp.body.size());
  if (len > room) t->resp.body_truncated = true;
  t->resp.body.append(data, std::min(len, room));
  return len;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * n);
  if (line.starts_with("HTTP/")) {
    t->resp.retry_after.clear();  // a new response (after 1xx)
  } else if (StartsWithNoCase(line, "retry-after:")) {
    line.remove_prefix(12);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n' || line.back() == ' ')) line.remove_suffix(1);
    t->resp.retry_after = std::string(line.substr(0, 64));
  }
  return size * n;
}

StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidArgument(ErrorCode::kInvalidValue, "--push-ca-file: cannot read '" + path + "'");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Counts the PEM certificates in `pem`.
int CountCertificates(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  int n = 0;
  while (X509* x = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
    X509_free(x);
    ++n;
  }
  BIO_free(bio);
  return n;
}

}  // namespace

struct CurlSender::Impl {
  CurlSenderOptions opts;
  // With an extra CA file: the system store as curl's hashed CA directory
  // plus the file (cheap: nothing copied per request), or, when curl has no
  // CA directory, one in-memory bundle of both.
  std::string ca_path;
  std::string ca_bundle;
  curl_blob ca_blob{};
  CURLM* multi = nullptr;
  std::thread thread;

  std::mutex mu;
  std::deque<std::unique_ptr<Transfer>> incoming;
  bool accepting = true;
  bool draining = false;
  SteadyClock::time_point abort_at;

  // Loop thread only.
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> active;
  std::vector<CURL*> idle_handles;

  ~Impl() {
    for (CURL* e : idle_handles) curl_easy_cleanup(e);
    if (multi) curl_multi_cleanup(multi);
    curl_global_cleanup();
  }

  void Setup(Transfer& t) {
    CURL* e = t.easy;
    curl_easy_reset(e);
    for (const auto& [k, v] : t.req.headers) t.headers = curl_slist_append(t.headers, (k + ": " + v).c_str());
    t.headers = curl_slist_append(t.headers, "Expect:");
    const char* protocols = opts.allow_http ? "http,https" : "https";
    const long timeout = static_cast<long>(t.req.timeout.count());
    curl_easy_setopt(e, CURLOPT_URL, t.req.url.c_str());
    curl_easy_setopt(e, CURLOPT_POST, 1L);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, t.req.body.data());
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(t.req.body.size()));
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, std::min(timeout, 10000L));
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, protocols);
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, protocols);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!ca_path.empty()) {
      curl_easy_setopt(e, CURLOPT_CAINFO, opts.ca_file.c_str());
      curl_easy_setopt(e, CURLOPT_CAPATH, ca_path.c_str());
    } else if (!ca_bundle.empty()) {
      curl_easy_setopt(e, CURLOPT_CAINFO_BLOB, &ca_blob);
    }
    curl_easy_setopt(e, CURLOPT_PROXY, opts.proxy.c_str());
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "leadsd-push/1");
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &OnBody);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &OnHeader);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.errbuf);
    curl_easy_setopt(e, CURLOPT_PRIVATE, &t);
  }

  void Finish(CURL* e, CURLcode result) {
    auto it = active.find(e);
    if (it == active.end()) return;
    std::unique_ptr<Transfer> t = std::move(it->second);
    active.erase(it);
    curl_multi_remove_handle(multi, e);
    long status = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    t->resp.http_status = static_cast<int>(status);
    if (result != CURLE_OK) {
      if (result == CURLE_WRITE_ERROR && t->received > kAbortResponseBytes)
        t->resp.error = "response body larger than 1 MiB";
      else
        t->resp.error = t->errbuf[0] ? std::string(t->errbuf) : std::string(curl_easy_strerror(result));
    }
    Complete(*t);
    idle_handles.push_back(e);
  }

  void Complete(Transfer& t) {
    t.resp.latency_us = std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - t.start).count();
    auto done = std::move(t.done);
    done(std::move(t.resp));
  }

  void Loop() {
    for (;;) {
      std::deque<std::unique_ptr<Transfer>> batch;
      bool draining_now;
      SteadyClock::time_point abort_deadline;
      {
        std::lock_guard lock(mu);
        batch.swap(incoming);
        draining_now = draining;
        abort_deadline = abort_at;
      }
      for (auto& t : batch) {
        if (idle_handles.empty()) {
          t->easy = curl_easy_init();
        } else {
          t->easy = idle_handles.back();
          idle_handles.pop_back();
        }
        if (!t->easy) {
          t->resp.error = "cannot create a curl handle";
          Complete(*t);
          continue;
        }
        Setup(*t);
        t->start = SteadyClock::now();
        CURLMcode mc = curl_multi_add_handle(multi, t->easy);
        if (mc != CURLM_OK) {
          t->resp.error = std::string("curl: ") + curl_multi_strerror(mc);
          idle_handles.push_back(t->easy);
          Complete(*t);
          continue;
        }
        CURL* e = t->easy;
        active.emplace(e, std::move(t));
      }
      int running = 0;
      curl_multi_perform(multi, &running);
      int queued = 0;
      while (CURLMsg* m = curl_multi_info_read(multi, &queued))
        if (m->msg == CURLMSG_DONE) Finish(m->easy_handle, m->data.result);
      if (draining_now && (active.empty() || SteadyClock::now() >= abort_deadline)) {
        for (auto& [e, t] : active) {
          curl_multi_remove_handle(multi, e);
          t->resp.error = "aborted: the sender is shutting down";
          Complete(*t);
          idle_handles.push_back(e);
        }
        active.clear();
        std::lock_guard lock(mu);
        if (incoming.empty()) return;
        continue;
      }
      curl_multi_poll(multi, nullptr, 0, draining_now ? 50 : 1000, nullptr);
    }
  }
};

StatusOr<std::unique_ptr<CurlSender>> CurlSender::Create(const CurlSenderOptions& options) {
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
    return Internal(ErrorCode::kInternal, "cannot initialise libcurl");
  auto impl = std::make_unique<Impl>();
  impl->opts = options;
  if (!options.ca_file.empty()) {
    LEADS_ASSIGN_OR_RETURN(std::string extra, ReadFile(options.ca_file));
    if (CountCertificates(extra) == 0)
      return InvalidArgument(ErrorCode::kInvalidValue,
                             "--push-ca-file: '" + options.ca_file + "' holds no PEM certificate");
    // Trust the extra CA beside the system store.
    std::string system_file;
    if (CURL* probe = curl_easy_init()) {
      char* path = nullptr;
      if (curl_easy_getinfo(probe, CURLINFO_CAPATH, &path) == CURLE_OK && path) impl->ca_path = path;
      path = nullptr;
      if (curl_easy_getinfo(probe, CURLINFO_CAINFO, &path) == CURLE_OK && path) system_file = path;
      curl_easy_cleanup(probe);
    }
    if (impl->ca_path.empty()) {
      std::string bundle;
      if (!system_file.empty()) {
        auto system = ReadFile(system_file);
        if (system.ok()) bundle = std::move(system).value();
      }
      if (!bundle.empty() && bundle.back() != '\n') bundle.push_back('\n');
      bundle += extra;
      impl->ca_bundle = std::move(bundle);
      impl->ca_blob.data = impl->ca_bundle.data();
      impl->ca_blob.len = impl->ca_bundle.size();
      impl->ca_blob.flags = CURL_BLOB_NOCOPY;
    }
  }
  impl->multi = curl_multi_init();
  if (!impl->multi) return Internal(ErrorCode::kInternal, "cannot create a curl multi handle");
  curl_multi_setopt(impl->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(options.max_connections));
  curl_multi_setopt(impl->multi, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(options.max_host_connections));
  curl_multi_setopt(impl->multi, CURLMOPT_MAXCONNECTS, static_cast<long>(options.max_connections));
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->Loop(); });
  return std::unique_ptr<CurlSender>(new CurlSender(std::move(impl)));
}

CurlSender::CurlSender(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

CurlSender::~CurlSender() { Shutdown(std::chrono::milliseconds(0)); }

void CurlSender::Send(PushRequest request, Callback done) {
  auto t = std::make_unique<Transfer>();
  t->req = std::move(request);
  t->done = std::move(done);
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->accepting) {
      impl_->incoming.push_back(std::move(t));
      t.reset();
    }
  }
  if (t) {
    t->resp.error = "not sent: the sender is shutting down";
    t->done(std::move(t->resp));
    return;
  }
  curl_multi_wakeup(impl_->multi);
}

void CurlSender::Shutdown(std::chrono::milliseconds grace) {
  {
    std::lock_guard lock(impl_->mu);
    if (!impl_->accepting) return;
    impl_->accepting = false;
    impl_->draining = true;
    impl_->abort_at = SteadyClock::now() + grace;
  }
  curl_multi_wakeup(impl_->multi);
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace leads::push
