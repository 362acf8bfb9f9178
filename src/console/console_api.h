// The console's JSON API under /console/api/ (our own envelope: {"code",
// "message","msg","data"}). Every call but sign-in needs a session cookie;
// every state-changing call also needs the session's X-CSRF-Token header
// (and, when the browser sends Origin, the same host); every call that
// names an account checks the user's right to it. Platform signatures are
// not accepted here, and platform routes do not accept console cookies.
//
//   POST   session                        sign in {username, password}
//   GET    session                        who am I (+ csrf_token, accounts)
//   DELETE session                        sign out
//   POST   password                       {current_password, new_password}
//   GET    meta                           field and enum labels
//   GET    accounts                       the user's accounts
//   GET    accounts/A/leads               search (see lead_filter.h)
//   GET    accounts/A/leads/export        the same filter as CSV
//   GET    accounts/A/leads/ID            every field, history, push log
//   POST   accounts/A/leads/ID/follow-up  {follow_tag, touch_tag, owner_name, record}
//   GET    accounts/A/facets              owners, campaigns, ad groups, ads
//   GET    accounts/A/dashboard           ?start&end (yyyy-mm-dd)
//   GET    accounts/A/settings            account, credentials (no secrets), push counts
//   POST   accounts/A/credentials         {scope} -> the pair, secret included (once)
//   POST   accounts/A/credentials/T/rotate
//   POST   accounts/A/credentials/T/revoke
//   PUT    accounts/A/push-url            {push_url, push_algorithm}
//   PUT    accounts/A/status-system       {leads_status_system_option}
//   POST   accounts/A/push/test
//   GET    accounts/A/push/log            ?leads_id&limit
//   POST   accounts/A/push/redeliver      {leads_id}
//   GET    users                          administrators: every user
//   GET    accounts/A/leads/ID/intel      the lead's tags, reasons, duplicates, score features
//   GET    accounts/A/analytics           ?start&end (yyyy-mm-dd)&group_by: counts, rates, cost, ROI
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "console/access.h"
#include "console/api_settings.h"
#include "console/console_options.h"
#include "console/follow_up.h"
#include "console/push_ops.h"
#include "console/session.h"
#include "console/sign_in.h"
#include "http/router.h"
#include "intel/analytics.h"
#include "intel/intel_service.h"
#include "store/store.h"

namespace leads::console {

class ConsoleApi final : public http::Handler {
 public:
  ConsoleApi(Store& store, const Clock& clock, Random& random, PushOps& push, const ConsoleOptions& options);
  http::Response Handle(const http::Request& req, const Principal* principal) override;

  static constexpr std::string_view kPrefix = "/console/api/";

 private:
  struct Call {
    const http::Request& req;
    SignedIn& who;
    std::vector<std::string_view> args;  // the pattern's ':' parts, in order
    Account account;                     // when the route names one
  };
  using Fn = http::Response (ConsoleApi::*)(Call&);
  struct Route {
    std::string_view method;
    std::vector<std::string_view> pattern;  // ":a" the account, ":x" any segment
    Fn fn;
  };

  http::Response Dispatch(const http::Request& req);
  http::Response SignInCall(const http::Request& req);

  http::Response Me(Call& c);
  http::Response SignOut(Call& c);
  http::Response Password(Call& c);
  http::Response Meta(Call& c);
  http::Response Accounts(Call& c);
  http::Response Leads(Call& c);
  http::Response Export(Call& c);
  http::Response LeadDetail(Call& c);
  http::Response FollowUp(Call& c);
  http::Response Facets(Call& c);
  http::Response DashboardCall(Call& c);
  http::Response Settings(Call& c);
  http::Response IssueCall(Call& c);
  http::Response RotateCall(Call& c);
  http::Response RevokeCall(Call& c);
  http::Response PushUrl(Call& c);
  http::Response StatusSystemCall(Call& c);
  http::Response PushTest(Call& c);
  http::Response PushLog(Call& c);
  http::Response Redeliver(Call& c);
  http::Response Users(Call& c);
  http::Response LeadIntel(Call& c);
  http::Response AnalyticsCall(Call& c);

  Store& store_;
  const Clock& clock_;
  PushOps& push_;
  const ConsoleOptions& options_;
  SessionManager sessions_;
  SignInService sign_in_;
  AccessPolicy access_;
  FollowUpService follow_up_;
  ApiSettings settings_;
  intel::IntelService intel_;
  intel::Analytics analytics_;
  std::vector<Route> routes_;
};

}  // namespace leads::console
