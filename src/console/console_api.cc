#include "console/console_api.h"

#include <strings.h>

#include <charconv>

#include <spdlog/spdlog.h>

#include "api/params.h"
#include "common/encoding.h"
#include "common/time_format.h"
#include "console/csv_export.h"
#include "console/labels.h"
#include "console/lead_filter.h"
#include "console/views.h"
#include "http/envelope.h"

namespace leads::console {
namespace {

constexpr int64_t kTotalCap = 100000;
constexpr size_t kFacetLimit = 300;
constexpr int64_t kMaxDashboardDays = 366;

http::Response Ok(const boost::json::value& v) { return http::OkResponse(boost::json::serialize(v)); }
http::Response Fail(const Status& s) { return http::ErrorResponse(s); }

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    size_t slash = path.find('/');
    std::string_view seg = path.substr(0, slash);
    if (!seg.empty()) out.push_back(seg);
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
  }
  return out;
}

std::optional<int64_t> ToId(std::string_view s) {
  int64_t v;
  if (s.empty() || s.size() > 18) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}

// When the browser names the page's origin, it must be this server (the
// host part; the scheme may differ behind a TLS proxy).
bool SameOrigin(const http::Request& req) {
  std::string_view origin = req.Header("Origin");
  if (origin.empty()) return true;
  size_t p = origin.find("://");
  if (p == std::string_view::npos) return false;
  std::string_view host = origin.substr(p + 3);
  std::string_view want = req.Header("Host");
  return !want.empty() && host.size() == want.size() && strncasecmp(host.data(), want.data(), host.size()) == 0;
}

Status CsrfFailure() {
  return PermissionDenied(ErrorCode::kConsoleCsrf, "console: X-CSRF-Token header missing or wrong (reload the page)");
}

bool IsJson(const http::Request& req) {
  std::string_view ct = req.Header("Content-Type");
  return ct.size() >= 16 && strncasecmp(ct.data(), "application/json", 16) == 0;
}

StatusOr<boost::json::object> Body(const http::Request& req) {
  if (req.body.empty()) return boost::json::object{};
  return api::ParseJsonBody(req);
}

StatusOr<std::string> RequiredString(const boost::json::object& o, std::string_view key, size_t max = 4096) {
  LEADS_ASSIGN_OR_RETURN(auto v, api::JsonString(o, key, "", max));
  if (!v) return api::Missing("", key);
  return *v;
}

std::string Escape(std::string_view s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

Lang LangOf(const api::QueryParams& q) {
  auto it = q.find("lang");
  return it != q.end() && it->second == "en" ? Lang::kEn : Lang::kZh;
}

}  // namespace

ConsoleApi::ConsoleApi(Store& store, const Clock& clock, Random& random, PushOps& push, const ConsoleOptions& options)
    : store_(store),
      clock_(clock),
      push_(push),
      options_(options),
      sessions_(store, clock, random, options),
      sign_in_(store, sessions_, clock, options),
      access_(store, store),
      follow_up_(store, clock, options.utc_offset),
      settings_(store, store, clock, random, options.allow_http_push),
      intel_(store, store, store, clock),
      analytics_(store, intel_) {
  routes_ = {
      {"GET", {"session"}, &ConsoleApi::Me},
      {"DELETE", {"session"}, &ConsoleApi::SignOut},
      {"POST", {"password"}, &ConsoleApi::Password},
      {"GET", {"meta"}, &ConsoleApi::Meta},
      {"GET", {"users"}, &ConsoleApi::Users},
      {"GET", {"accounts"}, &ConsoleApi::Accounts},
      {"GET", {"accounts", ":a", "leads"}, &ConsoleApi::Leads},
      {"GET", {"accounts", ":a", "leads", "export"}, &ConsoleApi::Export},
      {"GET", {"accounts", ":a", "leads", ":x"}, &ConsoleApi::LeadDetail},
      {"POST", {"accounts", ":a", "leads", ":x", "follow-up"}, &ConsoleApi::FollowUp},
      {"GET", {"accounts", ":a", "facets"}, &ConsoleApi::Facets},
      {"GET", {"accounts", ":a", "dashboard"}, &ConsoleApi::DashboardCall},
      {"GET", {"accounts", ":a", "settings"}, &ConsoleApi::Settings},
      {"POST", {"accounts", ":a", "credentials"}, &ConsoleApi::IssueCall},
      {"POST", {"accounts", ":a", "credentials", ":x", "rotate"}, &ConsoleApi::RotateCall},
      {"POST", {"accounts", ":a", "credentials", ":x", "revoke"}, &ConsoleApi::RevokeCall},
      {"PUT", {"accounts", ":a", "push-url"}, &ConsoleApi::PushUrl},
      {"PUT", {"accounts", ":a", "status-system"}, &ConsoleApi::StatusSystemCall},
      {"POST", {"accounts", ":a", "push", "test"}, &ConsoleApi::PushTest},
      {"GET", {"accounts", ":a", "push", "log"}, &ConsoleApi::PushLog},
      {"POST", {"accounts", ":a", "push", "redeliver"}, &ConsoleApi::Redeliver},
      {"GET", {"accounts", ":a", "leads", ":x", "intel"}, &ConsoleApi::LeadIntel},
      {"GET", {"accounts", ":a", "analytics"}, &ConsoleApi::AnalyticsCall},
  };
}

http::Response ConsoleApi::Handle(const http::Request& req, const Principal*) {
  http::Response r = Dispatch(req);
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  return r;
}

http::Response ConsoleApi::Dispatch(const http::Request& req) {
  std::string_view rest = req.path.substr(std::min(req.path.size(), kPrefix.size()));
  auto segs = Split(rest);
  const std::string_view method = req.method == "HEAD" ? std::string_view("GET") : req.method;
  if (segs.size() == 1 && segs[0] == "session" && method == "POST") return SignInCall(req);

  const Route* match = nullptr;
  bool path_known = false;
  std::vector<std::string_view> args;
  for (const auto& r : routes_) {
    if (r.pattern.size() != segs.size()) continue;
    std::vector<std::string_view> a;
    bool hit = true;
    for (size_t i = 0; i < segs.size() && hit; ++i) {
      if (r.pattern[i].starts_with(':')) a.push_back(segs[i]);
      else hit = r.pattern[i] == segs[i];
    }
    if (!hit) continue;
    path_known = true;
    if (r.method == method) {
      match = &r;
      args = std::move(a);
      break;
    }
  }
  if (!match) {
    if (path_known)
      return Fail(InvalidArgument(ErrorCode::kMethodNotAllowed, "method " + std::string(req.method) + " not allowed here"));
    return Fail(NotFound(ErrorCode::kUnknownPath, "no console interface at " + std::string(req.path.substr(0, 200))));
  }
  auto who = sessions_.Resume(req);
  if (!who.ok()) return Fail(who.status());
  if (method != "GET" && (!SameOrigin(req) || !SessionManager::CsrfMatches(req, *who))) return Fail(CsrfFailure());
  Call call{req, *who, std::move(args), {}};
  if (match->pattern.size() >= 2 && match->pattern[1] == ":a") {
    auto id = ToId(call.args[0]);
    if (!id) return Fail(InvalidArgument(ErrorCode::kInvalidValue, "account_id: not an account id"));
    auto account = access_.Check(who->user, *id);
    if (!account.ok()) return Fail(account.status());
    call.account = std::move(account).value();
  }
  return (this->*(match->fn))(call);
}

http::Response ConsoleApi::SignInCall(const http::Request& req) {
  if (!SameOrigin(req)) return Fail(CsrfFailure());
  if (!IsJson(req))
    return Fail(InvalidArgument(ErrorCode::kUnsupportedMediaType, "body: Content-Type must be application/json"));
  auto body = api::ParseJsonBody(req);
  if (!body.ok()) return Fail(body.status());
  auto username = RequiredString(*body, "username", 128);
  if (!username.ok()) return Fail(username.status());
  auto password = RequiredString(*body, "password", 1024);
  if (!password.ok()) return Fail(password.status());
  auto who = sign_in_.SignIn(*username, *password, req);
  if (!who.ok()) return Fail(who.status());
  auto accounts = access_.Accounts(who->user);
  if (!accounts.ok()) return Fail(accounts.status());
  boost::json::array list;
  for (const auto& a : *accounts) list.push_back(AccountJson(a));
  auto r = Ok(boost::json::object{{"user", UserJson(who->user)}, {"csrf_token", who->csrf_token}, {"accounts", std::move(list)}});
  r.headers.emplace_back("Set-Cookie", sessions_.SetCookie(req, who->session_id));
  return r;
}

http::Response ConsoleApi::Me(Call& c) {
  auto accounts = access_.Accounts(c.who.user);
  if (!accounts.ok()) return Fail(accounts.status());
  boost::json::array list;
  for (const auto& a : *accounts) list.push_back(AccountJson(a));
  return Ok(boost::json::object{{"user", UserJson(c.who.user)}, {"csrf_token", c.who.csrf_token},
                                {"accounts", std::move(list)},
                                {"expires_at", FormatDateTime(c.who.session.expires_at, options_.utc_offset)},
                                {"push_available", push_.available()}});
}

http::Response ConsoleApi::SignOut(Call& c) {
  Status s = sessions_.End(c.req);
  if (!s.ok()) return Fail(s);
  auto r = Ok(boost::json::object{{"signed_out", true}});
  r.headers.emplace_back("Set-Cookie", sessions_.ClearCookie(c.req));
  return r;
}

http::Response ConsoleApi::Password(Call& c) {
  auto body = Body(c.req);
  if (!body.ok()) return Fail(body.status());
  auto current = RequiredString(*body, "current_password", 1024);
  if (!current.ok()) return Fail(current.status());
  auto next = RequiredString(*body, "new_password", 1024);
  if (!next.ok()) return Fail(next.status());
  auto who = sign_in_.ChangePassword(c.who, *current, *next, c.req);
  if (!who.ok()) return Fail(who.status());
  auto r = Ok(boost::json::object{{"csrf_token", who->csrf_token}});
  r.headers.emplace_back("Set-Cookie", sessions_.SetCookie(c.req, who->session_id));
  return r;
}

http::Response ConsoleApi::Meta(Call&) { return http::OkResponse(MetaJson()); }

http::Response ConsoleApi::Users(Call& c) {
  if (c.who.user.role != ConsoleRole::kAdministrator)
    return Fail(PermissionDenied(ErrorCode::kConsoleRoleForbidden, "console: listing users needs the administrator role"));
  auto users = store_.ListConsoleUsers();
  if (!users.ok()) return Fail(users.status());
  boost::json::array list;
  for (const auto& u : *users) {
    auto o = UserJson(u);
    auto grants = store_.ConsoleGrants(u.user_id);
    if (!grants.ok()) return Fail(grants.status());
    boost::json::array g;
    for (int64_t a : *grants) g.push_back(a);
    o["accounts"] = std::move(g);
    list.push_back(std::move(o));
  }
  return Ok(boost::json::object{{"users", std::move(list)}});
}

http::Response ConsoleApi::Accounts(Call& c) {
  auto accounts = access_.Accounts(c.who.user);
  if (!accounts.ok()) return Fail(accounts.status());
  boost::json::array list;
  for (const auto& a : *accounts) list.push_back(AccountJson(a));
  return Ok(boost::json::object{{"accounts", std::move(list)}});
}

http::Response ConsoleApi::Leads(Call& c) {
  auto q = api::ParseQuery(c.req.query);
  if (!q.ok()) return Fail(q.status());
  auto search = ReadLeadFilter(*q, c.account.account_id, options_.utc_offset);
  if (!search.ok()) return Fail(search.status());
  auto page = store_.SearchLeads(*search, kTotalCap);
  if (!page.ok()) return Fail(page.status());
  std::string data = "{\"total\":" + std::to_string(page->total) +
                     ",\"total_capped\":" + (page->total_capped ? "true" : "false") + ",\"next_cursor\":";
  data += page->next ? Escape(CursorText(*page->next)) : "null";
  data += ",\"list\":[";
  for (size_t i = 0; i < page->docs.size(); ++i) {
    if (i) data += ',';
    data += page->docs[i];
  }
  data += "]}";
  return http::OkResponse(data);
}

http::Response ConsoleApi::Export(Call& c) {
  auto q = api::ParseQuery(c.req.query);
  if (!q.ok()) return Fail(q.status());
  auto search = ReadLeadFilter(*q, c.account.account_id, options_.utc_offset);
  if (!search.ok()) return Fail(search.status());
  search->after.reset();
  CsvWriter csv(LangOf(*q));
  int64_t rows = 0;
  auto n = store_.ForEachLead(*search, options_.export_max_rows + 1, [&](std::string_view doc) {
    if (++rows <= options_.export_max_rows) csv.AddDoc(doc);
  });
  if (!n.ok()) return Fail(n.status());
  spdlog::info("console: user {} exported {} leads of account {}", c.who.user.user_id,
               std::min(rows, options_.export_max_rows), c.account.account_id);
  http::Response r;
  r.body = csv.Take();
  r.content_type = "text/csv; charset=utf-8";
  std::string stamp = FormatDateTime(clock_.NowSeconds(), options_.utc_offset);
  std::string name = "leads-" + std::to_string(c.account.account_id) + "-" + stamp.substr(0, 10) + ".csv";
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "\"");
  r.headers.emplace_back("X-Export-Rows", std::to_string(std::min(rows, options_.export_max_rows)));
  if (rows > options_.export_max_rows) r.headers.emplace_back("X-Export-Truncated", "true");
  return r;
}

http::Response ConsoleApi::LeadDetail(Call& c) {
  auto id = ToId(c.args[1]);
  if (!id) return Fail(InvalidArgument(ErrorCode::kInvalidValue, "leads_id: not a lead id"));
  auto lead = store_.GetLead(c.account.account_id, *id);
  if (!lead.ok()) return Fail(lead.status());
  auto events = store_.ListLeadEvents(c.account.account_id, *id);
  if (!events.ok()) return Fail(events.status());
  boost::json::array ev;
  for (const auto& e : *events) ev.push_back(EventJson(e, options_.utc_offset));
  boost::json::object push{{"available", push_.available()}};
  if (push_.available()) {
    auto log = push_.Log(c.account.account_id, *id, 50);
    boost::json::array attempts;
    if (log.ok())
      for (const auto& a : *log) attempts.push_back(PushAttemptJson(a, options_.utc_offset));
    push["attempts"] = std::move(attempts);
  }
  std::string data = "{\"lead\":" + lead->RenderPull() + ",\"events\":" + boost::json::serialize(ev) +
                     ",\"push\":" + boost::json::serialize(push) + "}";
  return http::OkResponse(data);
}

http::Response ConsoleApi::FollowUp(Call& c) {
  auto id = ToId(c.args[1]);
  if (!id) return Fail(InvalidArgument(ErrorCode::kInvalidValue, "leads_id: not a lead id"));
  auto body = Body(c.req);
  if (!body.ok()) return Fail(body.status());
  FollowUpChange ch;
  for (auto [key, out] : {std::pair{"follow_tag", &ch.follow_tag}, std::pair{"touch_tag", &ch.touch_tag},
                          std::pair{"owner_name", &ch.owner_name}}) {
    auto v = api::JsonString(*body, key, "", 256);
    if (!v.ok()) return Fail(v.status());
    *out = *v;
  }
  auto record = api::JsonString(*body, "record", "", 4000);
  if (!record.ok()) return Fail(record.status());
  ch.record = record->value_or("");
  std::string actor = c.who.user.display_name.empty() ? c.who.user.username : c.who.user.display_name;
  auto lead = follow_up_.Apply(c.account.account_id, *id, ch, actor);
  if (!lead.ok()) return Fail(lead.status());
  auto events = store_.ListLeadEvents(c.account.account_id, *id);
  if (!events.ok()) return Fail(events.status());
  boost::json::array ev;
  for (const auto& e : *events) ev.push_back(EventJson(e, options_.utc_offset));
  return http::OkResponse("{\"lead\":" + lead->RenderPull() + ",\"events\":" + boost::json::serialize(ev) + "}");
}

http::Response ConsoleApi::Facets(Call& c) {
  boost::json::object out;
  for (auto [key, col] : {std::pair{"owners", LeadColumn::kOwnerName}, std::pair{"campaigns", LeadColumn::kCampaignId},
                          std::pair{"adgroups", LeadColumn::kAdgroupId}, std::pair{"ads", LeadColumn::kAdId}}) {
    auto values = store_.DistinctLeadValues(c.account.account_id, col, kFacetLimit);
    if (!values.ok()) return Fail(values.status());
    boost::json::array list;
    for (const auto& v : *values) list.push_back(boost::json::object{{"value", v.value}, {"name", v.name}});
    out[key] = std::move(list);
  }
  return Ok(out);
}

http::Response ConsoleApi::DashboardCall(Call& c) {
  auto q = api::ParseQuery(c.req.query);
  if (!q.ok()) return Fail(q.status());
  const int64_t now = clock_.NowSeconds();
  DashboardQuery dq;
  dq.account_id = c.account.account_id;
  dq.utc_offset = options_.utc_offset;
  // Default: the 30 days up to today.
  std::string today = FormatDateTime(now, options_.utc_offset).substr(0, 10);
  dq.end = *ParseRangeBound(today, true, options_.utc_offset);
  dq.start = dq.end + 1 - 30 * 86400;
  for (auto [name, out, end] : {std::tuple{"start", &dq.start, false}, std::tuple{"end", &dq.end, true}}) {
    auto it = q->find(name);
    if (it == q->end() || it->second.empty()) continue;
    auto t = ParseRangeBound(it->second, end, options_.utc_offset);
    if (!t) return Fail(InvalidArgument(ErrorCode::kInvalidTime, std::string(name) + ": must be yyyy-mm-dd"));
    *out = *t;
  }
  if (dq.start > dq.end) return Fail(InvalidArgument(ErrorCode::kTimeRangeReversed, "start: is after end"));
  if (dq.end - dq.start > kMaxDashboardDays * 86400)
    return Fail(InvalidArgument(ErrorCode::kInvalidValue, "start: the range is longer than 366 days"));
  auto d = store_.Dashboard(dq);
  if (!d.ok()) return Fail(d.status());
  auto o = DashboardJson(*d);
  o["start"] = FormatDateTime(dq.start, options_.utc_offset).substr(0, 10);
  o["end"] = FormatDateTime(dq.end, options_.utc_offset).substr(0, 10);
  return Ok(o);
}

http::Response ConsoleApi::LeadIntel(Call& c) {
  auto id = ToId(c.args[1]);
  if (!id) return Fail(InvalidArgument(ErrorCode::kInvalidValue, "leads_id: not a leads_id"));
  auto e = intel_.Explain(c.account.account_id, *id, options_.utc_offset);
  if (!e.ok()) return Fail(e.status());
  return http::OkResponse(*e);
}

http::Response ConsoleApi::AnalyticsCall(Call& c) {
  auto q = api::ParseQuery(c.req.query);
  if (!q.ok()) return Fail(q.status());
  intel::AnalyticsQuery aq;
  aq.account_id = c.account.account_id;
  aq.utc_offset = options_.utc_offset;
  // Default: the 30 days up to today, as the dashboard.
  std::string today = FormatDateTime(clock_.NowSeconds(), options_.utc_offset).substr(0, 10);
  aq.end = *ParseRangeBound(today, true, options_.utc_offset);
  aq.start = aq.end + 1 - 30 * 86400;
  for (auto [name, out, end] : {std::tuple{"start", &aq.start, false}, std::tuple{"end", &aq.end, true}}) {
    auto it = q->find(name);
    if (it == q->end() || it->second.empty()) continue;
    auto t = ParseRangeBound(it->second, end, options_.utc_offset);
    if (!t) return Fail(InvalidArgument(ErrorCode::kInvalidTime, std::string(name) + ": must be yyyy-mm-dd"));
    *out = *t;
  }
  if (aq.start > aq.end) return Fail(InvalidArgument(ErrorCode::kTimeRangeReversed, "start: is after end"));
  if (aq.end - aq.start > kMaxDashboardDays * 86400)
    return Fail(InvalidArgument(ErrorCode::kInvalidValue, "start: the range is longer than 366 days"));
  if (auto it = q->find("group_by"); it != q->end() && !it->second.empty()) {
    auto d = Parse<intel::Dimension>(it->second);
    if (!d)
      return Fail(InvalidArgument(ErrorCode::kUnknownEnum, "group_by: must be day, campaign, adgroup, ad, source or type"));
    aq.group_by = *d;
  }
  auto r = analytics_.Run(aq);
  if (!r.ok()) return Fail(r.status());
  return http::OkResponse(*r);
}

http::Response ConsoleApi::Settings(Call& c) {
  auto creds = settings_.Credentials(c.account.account_id);
  if (!creds.ok()) return Fail(creds.status());
  boost::json::array list;
  for (const auto& cr : *creds) list.push_back(CredentialJson(cr, false, options_.utc_offset));
  boost::json::object push{{"available", push_.available()}};
  if (push_.available()) {
    auto counts = push_.Counts(c.account.account_id);
    if (counts.ok())
      push["counts"] = {{"pending", counts->pending}, {"delivered", counts->delivered}, {"failed", counts->failed}};
  }
  return Ok(boost::json::object{{"account", AccountJson(c.account)}, {"credentials", std::move(list)}, {"push", std::move(push)}});
}

http::Response ConsoleApi::IssueCall(Call& c) {
  auto body = Body(c.req);
  if (!body.ok()) return Fail(body.status());
  auto scope = RequiredString(*body, "scope", 32);
  if (!scope.ok()) return Fail(scope.status());
  auto cred = settings_.Issue(c.account.account_id, *scope);
  if (!cred.ok()) return Fail(cred.status());
  spdlog::info("console: user {} issued a {} token {} for account {}", c.who.user.user_id, *scope, cred->token,
               c.account.account_id);
  return Ok(boost::json::object{{"credential", CredentialJson(*cred, true, options_.utc_offset)}});
}

http::Response ConsoleApi::RotateCall(Call& c) {
  auto cred = settings_.Rotate(c.account.account_id, std::string(c.args[1]));
  if (!cred.ok()) return Fail(cred.status());
  spdlog::info("console: user {} rotated a token of account {} (new token {})", c.who.user.user_id,
               c.account.account_id, cred->token);
  return Ok(boost::json::object{{"credential", CredentialJson(*cred, true, options_.utc_offset)}});
}

http::Response ConsoleApi::RevokeCall(Call& c) {
  std::string token(c.args[1]);
  Status s = settings_.Revoke(c.account.account_id, token);
  if (!s.ok()) return Fail(s);
  spdlog::info("console: user {} revoked token {} of account {}", c.who.user.user_id, token, c.account.account_id);
  return Ok(boost::json::object{{"revoked", token}});
}

http::Response ConsoleApi::PushUrl(Call& c) {
  auto body = Body(c.req);
  if (!body.ok()) return Fail(body.status());
  auto url = api::JsonString(*body, "push_url", "", 4096);
  if (!url.ok()) return Fail(url.status());
  auto alg = api::JsonString(*body, "push_algorithm", "", 16);
  if (!alg.ok()) return Fail(alg.status());
  auto a = settings_.SetPush(c.account.account_id, url->value_or(""), alg->value_or(""));
  if (!a.ok()) return Fail(a.status());
  return Ok(boost::json::object{{"account", AccountJson(*a)}});
}

http::Response ConsoleApi::StatusSystemCall(Call& c) {
  auto body = Body(c.req);
  if (!body.ok()) return Fail(body.status());
  auto option = api::JsonInt(*body, "leads_status_system_option");
  if (!option.ok()) return Fail(option.status());
  if (!*option) return Fail(api::Missing("", "leads_status_system_option"));
  auto a = settings_.SetStatusSystem(c.account.account_id, **option);
  if (!a.ok()) return Fail(a.status());
  return Ok(boost::json::object{{"account", AccountJson(*a)}});
}

http::Response ConsoleApi::PushTest(Call& c) {
  auto a = push_.SendTest(c.account.account_id);
  if (!a.ok()) return Fail(a.status());
  return Ok(boost::json::object{{"attempt", PushAttemptJson(*a, options_.utc_offset)}});
}

http::Response ConsoleApi::PushLog(Call& c) {
  auto q = api::ParseQuery(c.req.query);
  if (!q.ok()) return Fail(q.status());
  auto leads_id = api::QueryInt(*q, "leads_id", 1, INT64_MAX);
  if (!leads_id.ok()) return Fail(leads_id.status());
  auto limit = api::QueryInt(*q, "limit", 1, 500);
  if (!limit.ok()) return Fail(limit.status());
  auto log = push_.Log(c.account.account_id, *leads_id, limit->value_or(100));
  if (!log.ok()) return Fail(log.status());
  boost::json::array list;
  for (const auto& a : *log) list.push_back(PushAttemptJson(a, options_.utc_offset));
  return Ok(boost::json::object{{"attempts", std::move(list)}});
}

http::Response ConsoleApi::Redeliver(Call& c) {
  auto body = Body(c.req);
  if (!body.ok()) return Fail(body.status());
  auto id = api::JsonInt(*body, "leads_id");
  if (!id.ok()) return Fail(id.status());
  if (!*id) return Fail(api::Missing("", "leads_id"));
  Status s = push_.Redeliver(c.account.account_id, **id);
  if (!s.ok()) return Fail(s);
  return Ok(boost::json::object{{"queued", **id}});
}

}  // namespace leads::console
