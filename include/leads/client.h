// leads client library: typed calls to the platform's four interfaces
// (API.md §5), over HTTPS with libcurl.
//
//   leads::client::ClientOptions o;                 // base URL: https://leads.qq.com/api/mv1/
//   o.forwarding = {token, secret};                 // for leads/list
//   o.report = {report_token, report_secret};       // for the three POSTs
//   leads::client::Client c(o);
//   auto page = c.List({.start_time = "2024-05-01", .end_time = "2024-05-31"});
//   if (!page) std::cerr << page.error().ToString() << "\n";
//
// Every request is signed afresh (new scheme, SHA256 unless configured),
// has a per-attempt timeout, and is retried with exponential backoff and
// jitter on transport failures and HTTP 5xx — never on a business error
// (HTTP 200 with code != 0), which is returned as Error::Kind::kApi with the
// platform's code and message. gzip responses are accepted.
//
// A Client is thread-safe; it keeps connections alive between calls.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leads/lead.h"
#include "leads/result.h"
#include "leads/signer.h"

namespace leads::client {

inline constexpr std::string_view kVersion = "0.1.0";
inline constexpr std::string_view kDefaultBaseUrl = "https://leads.qq.com/api/mv1/";

struct RetryPolicy {
  int max_attempts = 4;                         // 1 = no retries
  std::chrono::milliseconds initial_backoff{250};
  std::chrono::milliseconds max_backoff{8000};
  // The n-th retry waits a random time in [b/2, b] where
  // b = min(max_backoff, initial_backoff * 2^(n-1)); a Retry-After (seconds,
  // on a 503 or a rate limit's code 2013) raises the wait, still capped by
  // max_backoff.
};

// Seams for tests and embedding: each defaults to the system's.
struct Hooks {
  std::function<int64_t()> now{};                          // epoch seconds
  std::function<std::string()> nonce{};                    // a fresh nonce
  std::function<void(std::chrono::milliseconds)> sleep{};  // backoff waits
  std::function<double()> jitter{};                        // uniform in [0, 1)
};

// Told before each retry (for logging; never carries a secret).
struct RetryEvent {
  std::string_view interface{};  // "leads/list", ...
  int attempt = 0;             // the attempt that failed (1-based)
  const Error& error;
  std::chrono::milliseconds delay{};
};

struct ClientOptions {
  std::string base_url = std::string(kDefaultBaseUrl);
  Credentials forwarding{};  // leads/list
  Credentials report{};      // leads/report, set_leads_status_system, report_personal_wechat
  Algorithm algorithm = Algorithm::kSha256;
  Scheme scheme = Scheme::kNew;
  std::chrono::milliseconds timeout{30000};          // one attempt, connect to last byte
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds deadline{0};             // whole call incl. retries; 0 = no bound beyond attempts
  RetryPolicy retry{};
  std::string ca_file{};      // extra trusted CA bundle (PEM); "" = the system's store
  bool verify_tls = true;   // never turn off against the real platform
  std::string user_agent{};   // "" = "leads-client/<version>"
  size_t max_response_bytes = 64u << 20;
  Hooks hooks{};
  std::function<void(const RetryEvent&)> on_retry{};
};

// What every successful call reports besides its data.
struct CallInfo {
  std::string message{};     // the envelope's message
  std::string request_id{};  // the server's X-Request-Id
  int attempts = 1;
  // report_personal_wechat only: an earlier attempt's answer was lost and
  // the retry met "uuid already reported", i.e. that attempt had succeeded.
  bool replayed = false;
};

// §5.1 GET leads/list.
struct ListRequest {
  std::string start_time{};  // "yyyy-mm-dd" (start of that day) or 10-digit epoch seconds
  std::string end_time{};    // "yyyy-mm-dd" (the whole day) or epoch seconds, inclusive
  int time_type = 0;       // 0 submission time (leads_action_time), 1 entry time (leads_create_time)
  int page = 1;
  int page_size = 50;      // at most 200
  std::optional<int64_t> search_after_leads_id{};  // deep paging; `page` is then ignored
};

struct PageInfo {
  int64_t page = 0;
  int64_t page_size = 0;
  int64_t total_number = 0;  // every lead in the range, not only those after the cursor
  int64_t total_page = 0;
};

struct ListResult {
  PageInfo page_info{};
  std::vector<Lead> list{};
  CallInfo info{};
};

// §5.2 POST leads/report: one item. Empty strings are left out of the body.
struct ReportItem {
  int64_t leads_id = 0;
  std::string leads_convert_type{};        // LEADS_CONVERT_STATUS_...
  std::string leads_ineffect_reason{};     // LEADS_INEFFECT_REASON_... (with leads_convert_type)
  std::string leads_intention_score{};     // LEADS_INTENTION_SCORE_LEVEL_1..6
  std::string outer_leads_convert_type{};  // outerLeadsConvertType (free text)
  std::string outer_leads_ineffect_reason{};  // outerLeadsIneffectReason (free text)
};

inline constexpr size_t kMaxReportItems = 50;

struct ReportRequest {
  std::vector<ReportItem> list{};  // 1..50 items; all applied or none
};

struct ReportResult {
  int64_t count = 0;  // items applied
  CallInfo info{};
};

// §5.3 POST leads/set_leads_status_system.
struct SetLeadsStatusSystemRequest {
  int64_t account_id = 0;
  int leads_status_system_option = 1;  // 1 standard, 2 the account's industry system
};

// §5.4 POST leads/report_personal_wechat.
struct ReportPersonalWechatRequest {
  std::string uuid{};  // unique per report
  int64_t account_id = 0;
  std::string app_id{}, open_id{}, avatar_url{}, nickname{}, click_id{};
  std::string action_time{};  // "yyyy-mm-dd HH:MM:SS"
  std::optional<int> login_name_type{};  // 1 QQ, 12 WeChat
  std::string login_name{}, page_id{}, page_name{};  // optional; "" = absent
};

// An answer with no typed data.
struct Ack {
  std::string data_json{};  // the envelope's data as JSON ("" when absent)
  CallInfo info{};
};

// Per page of a walk; return false to stop early.
using PageCallback = std::function<bool(const ListResult& page)>;

struct WalkSummary {
  int64_t pages = 0;
  int64_t leads = 0;
  std::optional<int64_t> last_leads_id{};  // the cursor to resume from
};

class Client {
 public:
  explicit Client(ClientOptions options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  Result<ListResult> List(const ListRequest& request);
  Result<ReportResult> Report(const ReportRequest& request);
  Result<Ack> SetLeadsStatusSystem(const SetLeadsStatusSystemRequest& request);
  Result<Ack> ReportPersonalWechat(const ReportPersonalWechatRequest& request);

  // Walks a whole range with search_after_leads_id, starting after
  // `request.search_after_leads_id` when set (to resume), calling
  // `on_page` for each non-empty page. Stops at the first empty or short
  // page. On an error, the summary so far is lost but every page already
  // handed to `on_page` stays handed: resume from the last id it saw.
  Result<WalkSummary> ForEachPage(ListRequest request, const PageCallback& on_page);

  // Escape hatch for an interface this library does not wrap yet: `path`
  // relative to the base URL; `query` (GET, already encoded) or `body`
  // (POST, JSON). Returns the envelope's data as JSON text.
  Result<Ack> Call(std::string_view method, std::string_view path, std::string_view query_or_body,
                   const Credentials& credentials);

  const ClientOptions& options() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace leads::client
