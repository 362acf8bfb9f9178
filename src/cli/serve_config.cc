#include "cli/serve_config.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <spdlog/spdlog.h>

extern char** environ;

namespace leads::cli {
namespace {

Status Bad(std::string m) { return InvalidArgument(ErrorCode::kInvalidValue, std::move(m)); }

std::string Quote(std::string_view v) { return "'" + std::string(v.substr(0, 200)) + "'"; }

template <typename T>
Status Integer(std::string_view v, int64_t lo, int64_t hi, T& out) {
  int64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || ec != std::errc() || end != v.data() + v.size() || n < lo || n > hi)
    return Bad("must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi) + ", got " + Quote(v));
  out = static_cast<T>(n);
  return Status::Ok();
}

Status Millis(std::string_view v, int64_t lo, int64_t hi, std::chrono::milliseconds& out) {
  int64_t n = 0;
  LEADS_RETURN_IF_ERROR(Integer(v, lo, hi, n));
  out = std::chrono::milliseconds(n);
  return Status::Ok();
}

Status Bool(std::string_view v, bool& out) {
  if (v == "true" || v == "yes" || v == "on" || v == "1") out = true;
  else if (v == "false" || v == "no" || v == "off" || v == "0") out = false;
  else return Bad("must be true or false (yes/no, on/off, 1/0), got " + Quote(v));
  return Status::Ok();
}

Status Text(std::string_view v, std::string& out) {
  out = std::string(v);
  return Status::Ok();
}

// A parser's message without its own "PREFIX: " (the caller names the key).
Status Unprefixed(const Status& s, std::string_view prefix) {
  std::string m = s.message();
  if (m.starts_with(prefix)) m = m.substr(prefix.size());
  return Bad(m);
}

Status Duration(std::string_view v, std::chrono::milliseconds& out) {
  auto d = push::ParseDuration(v, "");
  if (!d.ok()) return Unprefixed(d.status(), ": ");
  out = *d;
  return Status::Ok();
}

std::string B(bool b) { return b ? "true" : "false"; }
std::string Ms(std::chrono::milliseconds d) { return std::to_string(d.count()); }
std::string DurationText(std::chrono::milliseconds d) { return std::to_string(d.count()) + "ms"; }

std::string RateText(const RateLimit& l) {
  if (!l.enabled()) return "0";
  std::ostringstream o;
  o << l.rate;
  if (l.burst > 0) o << "/" << l.burst;
  return o.str();
}

const std::vector<Setting> kSettings = {
    // --- where and how it serves
    {"listen", "", "", "HOST:PORT to listen on", false,
     [](AppConfig& c, std::string_view v) { return Text(v, c.listen); }, [](const AppConfig& c) { return c.listen; }},
    {"db", "", "", "store URL: sqlite:PATH or postgresql://…", false,
     [](AppConfig& c, std::string_view v) { return Text(v, c.db_url); }, [](const AppConfig& c) { return c.db_url; }},
    {"pool_size", "", "", "store connections at most (0: 2 × cores + 2, at least 4; a PostgreSQL URL's pool_size wins)",
     false, [](AppConfig& c, std::string_view v) { return Integer(v, 0, 1000, c.store.pool_size); },
     [](const AppConfig& c) { return std::to_string(c.store.pool_size); }},
    {"sync", "", "", "SQLite durability: normal (survives a crash) or full (also a power loss)", false,
     [](AppConfig& c, std::string_view v) {
       if (v != "normal" && v != "full") return Bad("must be normal or full, got " + Quote(v));
       return Text(v, c.store.sync);
     },
     [](const AppConfig& c) { return c.store.sync; }},
    {"threads", "", "", "worker threads (0: one per core)", false,
     [](AppConfig& c, std::string_view v) { return Integer(v, 0, 1024, c.http.threads); },
     [](const AppConfig& c) { return std::to_string(c.http.threads); }},
    {"body_limit", "", "", "largest request body, bytes", false,
     [](AppConfig& c, std::string_view v) { return Integer(v, 1024, int64_t{1} << 30, c.http.body_limit); },
     [](const AppConfig& c) { return std::to_string(c.http.body_limit); }},
    {"list_cache_mb", "", "", "memory for rendered list pages, reused while an account's leads are unchanged (0: off)",
     false, [](AppConfig& c, std::string_view v) { return Integer(v, 0, 65536, c.list_cache_mb); },
     [](const AppConfig& c) { return std::to_string(c.list_cache_mb); }},
    {"header_limit", "", "", "largest request line + headers, bytes", false,
     [](AppConfig& c, std::string_view v) { return Integer(v, 1024, int64_t{1} << 20, c.http.header_limit); },
     [](const AppConfig& c) { return std::to_string(c.http.header_limit); }},
    {"read_timeout_ms", "", "", "a request must arrive whole within this", false,
     [](AppConfig& c, std::string_view v) { return Millis(v, 100, 600000, c.http.read_timeout); },
     [](const AppConfig& c) { return Ms(c.http.read_timeout); }},
    {"idle_timeout_ms", "", "", "an idle keep-alive connection closes after this", false,
     [](AppConfig& c, std::string_view v) { return Millis(v, 100, 3600000, c.http.idle_timeout); },
     [](const AppConfig& c) { return Ms(c.http.idle_timeout); }},
    {"write_timeout_ms", "", "", "a response must be written within this", false,
     [](AppConfig& c, std::string_view v) { return Millis(v, 100, 600000, c.http.write_timeout); },
     [](const AppConfig& c) { return Ms(c.http.write_timeout); }},
    {"drain_timeout_ms", "", "", "on SIGTERM, requests in flight get this long to finish", false,
     [](AppConfig& c, std::string_view v) { return Millis(v, 0, 600000, c.http.drain_timeout); },
     [](const AppConfig& c) { return Ms(c.http.drain_timeout); }},
    {"max_connections", "", "", "open connections at most (more are answered 503, code 1102)", false,
     [](AppConfig& c, std::string_view v) { return Integer(v, 1, 1000000, c.http.max_connections); },
     [](const AppConfig& c) { return std::to_string(c.http.max_connections); }},
    {"old_scheme", "--no-old-scheme", "false", "accept the old three-part signature scheme", false,
     [](AppConfig& c, std::string_view v) { return Bool(v, c.auth.allow_old_scheme); },
     [](const AppConfig& c) { return B(c.auth.allow_old_scheme); }},
    // --- rate limits
    {"rate_limit", "", "",
     "per-token limit RATE[/BURST]: requests per second and bucket size (0: off); over it: code 2013", false,
     [](AppConfig& c, std::string_view v) {
       auto l = ParseRateLimit(v);
       if (!l.ok()) return l.status();
       c.rate_limits.all = *l;
       return Status::Ok();
     },
     [](const AppConfig& c) { return RateText(c.rate_limits.all); }},
    {"rate_limit_accounts", "", "", "per-account overrides (each token of the account): ACCOUNT_ID=RATE[/BURST],…",
     false,
     [](AppConfig& c, std::string_view v) {
       auto m = ParseAccountRateLimits(v);
       if (!m.ok()) return m.status();
       c.rate_limits.accounts = std::move(m).value();
       return Status::Ok();
     },
     [](const AppConfig& c) {
       std::map<int64_t, std::string> sorted;
       for (const auto& [a, l] : c.rate_limits.accounts) sorted[a] = RateText(l);
       std::string out;
       for (const auto& [a, l] : sorted) out += (out.empty() ? "" : ",") + std::to_string(a) + "=" + l;
       return out;
     }},
    {"rate_limit_tokens", "", "", "per-token overrides: TOKEN=RATE[/BURST],… (0: that token unlimited)", false,
     [](AppConfig& c, std::string_view v) {
       auto m = ParseRateLimitOverrides(v);
       if (!m.ok()) return m.status();
       c.rate_limits.tokens = std::move(m).value();
       return Status::Ok();
     },
     [](const AppConfig& c) {
       std::map<std::string, std::string> sorted;
       for (const auto& [t, l] : c.rate_limits.tokens) sorted[t] = RateText(l);
       std::string out;
       for (const auto& [t, l] : sorted) out += (out.empty() ? "" : ",") + t + "=" + l;
       return out;
     }},
    // --- logs and metrics
    {"log_format", "", "", "text or json (JSON Lines)", false,
     [](AppConfig& c, std::string_view v) {
       auto f = Parse<LogFormat>(v);
       if (!f) return Bad("must be text or json, got " + Quote(v));
       c.log.format = *f;
       return Status::Ok();
     },
     [](const AppConfig& c) { return std::string(Name(c.log.format)); }},
    {"log_level", "", "", "trace, debug, info, warn, error or off", false,
     [](AppConfig& c, std::string_view v) {
       auto l = Parse<LogLevel>(v);
       if (!l) return Bad("must be trace, debug, info, warn, error or off, got " + Quote(v));
       c.log.level = *l;
       return Status::Ok();
     },
     [](const AppConfig& c) { return std::string(Name(c.log.level)); }},
    {"access_log", "--access-log", "true", "one log line per request", false,
     [](AppConfig& c, std::string_view v) { return Bool(v, c.log.access_log); },
     [](const AppConfig& c) { return B(c.log.access_log); }},
    {"metrics_listen", "", "", "HOST:PORT of a separate listener serving only /metrics and /healthz (\"\": none)",
     false, [](AppConfig& c, std::string_view v) { return Text(v, c.metrics_listen); },
     [](const AppConfig& c) { return c.metrics_listen; }},
    {"metrics_token", "", "",
     "bearer token /metrics requires (then also served on the main listener; \"\": none)", true,
     [](AppConfig& c, std::string_view v) {
       if (!v.empty() && v.size() < 16) return Bad("must be at least 16 characters");
       return Text(v, c.metrics_token);
     },
     [](const AppConfig& c) { return c.metrics_token; }},
    // --- push
    {"push", "--no-push", "false", "this instance pushes (false: another one does)", false,
     [](AppConfig& c, std::string_view v) { return Bool(v, c.push.enabled); },
     [](const AppConfig& c) { return B(c.push.enabled); }},
    {"allow_http_push", "--allow-http-push", "true", "allow plain http:// push URLs (tests, local receivers)", false,
     [](AppConfig& c, std::string_view v) { return Bool(v, c.push.allow_http); },
     [](const AppConfig& c) { return B(c.push.allow_http); }},
    {"push_ca_file", "", "", "extra trusted CA certificates (PEM) for push receivers", false,
     [](AppConfig& c, std::string_view v) {
       if (!v.empty() && !std::filesystem::is_regular_file(std::string(v))) return Bad("no such file " + Quote(v));
       return Text(v, c.push.ca_file);
     },
     [](const AppConfig& c) { return c.push.ca_file; }},
    {"push_timeout", "", "", "one push attempt (seconds, or e.g. 1500ms)", false,
     [](AppConfig& c, std::string_view v) { return Duration(v, c.push.timeout); },
     [](const AppConfig& c) { return DurationText(c.push.timeout); }},
    {"push_proxy", "", "", "send pushes through this proxy", false,
     [](AppConfig& c, std::string_view v) { return Text(v, c.push.proxy); },
     [](const AppConfig& c) { return c.push.proxy; }},
    {"push_schedule", "", "", "waits before each push attempt, comma-separated", false,
     [](AppConfig& c, std::string_view v) {
       auto s = push::RetrySchedule::Parse(v);
       if (!s.ok()) return Unprefixed(s.status(), "--push-schedule: ");
       c.push.schedule = std::move(s).value();
       return Status::Ok();
     },
     [](const AppConfig& c) { return c.push.schedule.ToString(); }},
    {"push_concurrency", "", "", "push attempts in flight, in all", false,
     [](AppConfig& c, std::string_view v) { return Integer(v, 1, 10000, c.push.concurrency); },
     [](const AppConfig& c) { return std::to_string(c.push.concurrency); }},
    {"push_endpoint_concurrency", "", "", "push attempts in flight to one receiver", false,
     [](AppConfig& c, std::string_view v) { return Integer(v, 1, 1000, c.push.endpoint_concurrency); },
     [](const AppConfig& c) { return std::to_string(c.push.endpoint_concurrency); }},
    {"push_lease", "", "", "seconds before a stopped instance's deliveries are taken over", false,
     [](AppConfig& c, std::string_view v) { return Integer(v, 2, 3600, c.push.lease_seconds); },
     [](const AppConfig& c) { return std::to_string(c.push.lease_seconds); }},
    {"push_poll", "", "", "look for due deliveries written by other processes this often", false,
     [](AppConfig& c, std::string_view v) { return Duration(v, c.push.poll); },
     [](const AppConfig& c) { return DurationText(c.push.poll); }},
    {"push_log_days", "", "", "days the push attempt log is kept (0: forever)", false,
     [](AppConfig& c, std::string_view v) { return Integer(v, 0, 36500, c.push.log_retention_days); },
     [](const AppConfig& c) { return std::to_string(c.push.log_retention_days); }},
    // --- console
    {"console_dir", "", "", "the console's built front end (\"\": beside the binary)", false,
     [](AppConfig& c, std::string_view v) { return Text(v, c.console.dir); },
     [](const AppConfig& c) { return c.console.dir; }},
    {"console_secure_cookies", "--console-secure-cookies", "true",
     "always mark console cookies Secure (behind a TLS proxy that sends no X-Forwarded-Proto)", false,
     [](AppConfig& c, std::string_view v) { return Bool(v, c.console.secure_cookies); },
     [](const AppConfig& c) { return B(c.console.secure_cookies); }},
    {"console_session_idle", "", "", "seconds an unused console session lasts", false,
     [](AppConfig& c, std::string_view v) { return Integer(v, 60, 30 * 86400, c.console.session_idle_seconds); },
     [](const AppConfig& c) { return std::to_string(c.console.session_idle_seconds); }},
    {"console_session_max", "", "", "seconds any console session lasts at most", false,
     [](AppConfig& c, std::string_view v) { return Integer(v, 60, 365 * 86400, c.console.session_max_seconds); },
     [](const AppConfig& c) { return std::to_string(c.console.session_max_seconds); }},
};

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

// "NAME: message" for a value from somewhere.
Status From(const std::string& where, const std::string& key, const Status& s) {
  return InvalidArgument(ErrorCode::kInvalidValue, where + ": " + key + ": " + s.message());
}

}  // namespace

std::string Setting::Flag() const {
  if (!flag.empty()) return std::string(flag);
  std::string f = "--" + std::string(key);
  for (char& c : f)
    if (c == '_') c = '-';
  return f;
}

std::string Setting::Env() const {
  std::string e = "LEADSD_" + std::string(key);
  for (char& c : e) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return e;
}

const std::vector<Setting>& ServeSettings() { return kSettings; }

const Setting* FindSetting(std::string_view key) {
  for (const auto& s : kSettings)
    if (s.key == key) return &s;
  return nullptr;
}

StatusOr<std::vector<ConfigEntry>> ParseConfigText(std::string_view text, const std::string& name) {
  std::vector<ConfigEntry> out;
  std::map<std::string, int> seen;
  int line_no = 0;
  while (!text.empty() || line_no == 0) {
    size_t nl = text.find('\n');
    std::string line = Trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (line.empty() || line[0] == '#') {
      if (text.empty()) break;
      continue;
    }
    std::string where = name + ":" + std::to_string(line_no);
    size_t eq = line.find('=');
    if (eq == std::string::npos)
      return Bad(where + ": expected 'key = value', got " + Quote(line));
    ConfigEntry e{Trim(std::string_view(line).substr(0, eq)), Trim(std::string_view(line).substr(eq + 1)), line_no};
    if (e.value.size() >= 2 && e.value.front() == '"' && e.value.back() == '"')
      e.value = e.value.substr(1, e.value.size() - 2);
    if (!FindSetting(e.key)) return Bad(where + ": unknown key " + Quote(e.key) + " (leadsd config keys lists them)");
    if (auto [it, fresh] = seen.emplace(e.key, line_no); !fresh)
      return Bad(where + ": " + e.key + " already set on line " + std::to_string(it->second));
    out.push_back(std::move(e));
    if (text.empty()) break;
  }
  return out;
}

std::string RedactDbUrl(const std::string& url) {
  std::string out = url;
  size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    size_t at = out.find('@', scheme + 3);
    size_t slash = out.find('/', scheme + 3);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      size_t colon = out.find(':', scheme + 3);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  for (size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    size_t end = out.find_first_of("& ", p);
    out.replace(p + 9, (end == std::string::npos ? out.size() : end) - p - 9, "***");
  }
  return out;
}

void ServeConfig::AddFlags(CLI::App& cmd) {
  cmd.add_option("--config", config_path_,
                 std::string("config file (default: $LEADSD_CONFIG, else ") + kDefaultConfigPath + " if it exists)");
  for (const auto& s : kSettings) {
    std::string help = std::string(s.help) + " [" + s.Env() + ", key " + std::string(s.key) + "]";
    if (!s.flag_value.empty()) {
      cmd.add_flag_function(s.Flag(), [this, &s](int64_t) { flags_.emplace_back(&s, std::string(s.flag_value)); },
                            "sets " + std::string(s.key) + " = " + std::string(s.flag_value) + ": " + help);
    } else {
      cmd.add_option_function<std::string>(s.Flag(), [this, &s](const std::string& v) { flags_.emplace_back(&s, v); },
                                           help)
          ->type_name("VALUE");
    }
  }
}

Status ServeConfig::Resolve(AppConfig& cfg, const std::map<std::string, std::string>& env) const {
  file_.clear();
  std::string path = config_path_;
  if (path.empty())
    if (auto it = env.find("LEADSD_CONFIG"); it != env.end()) path = it->second;
  bool explicit_path = !path.empty();
  if (!explicit_path && std::filesystem::exists(kDefaultConfigPath)) path = kDefaultConfigPath;
  if (!path.empty()) {
    std::ifstream in(path);
    if (!in) return Bad("--config: cannot read " + Quote(path));
    std::string text((std::istreambuf_iterator<char>(in)), {});
    LEADS_ASSIGN_OR_RETURN(auto entries, ParseConfigText(text, path));
    for (const auto& e : entries)
      if (Status s = FindSetting(e.key)->set(cfg, e.value); !s.ok())
        return From(path + ":" + std::to_string(e.line), e.key, s);
    file_ = path;
  }
  for (const auto& [name, value] : env) {
    if (!name.starts_with("LEADSD_") || name == "LEADSD_CONFIG") continue;
    const Setting* setting = nullptr;
    for (const auto& s : kSettings)
      if (s.Env() == name) setting = &s;
    if (!setting) {
      spdlog::warn("ignoring {}: not a leadsd setting", name);
      continue;
    }
    if (Status s = setting->set(cfg, value); !s.ok()) return From(name, std::string(setting->key), s);
  }
  for (const auto& [setting, value] : flags_)
    if (Status s = setting->set(cfg, value); !s.ok()) return From(setting->Flag(), std::string(setting->key), s);
  return Status::Ok();
}

std::string ServeConfig::Print(const AppConfig& cfg) {
  std::string out = "# leadsd serve: effective settings (secrets redacted)\n";
  for (const auto& s : kSettings) {
    std::string v = s.get(cfg);
    if (s.secret && !v.empty()) v = "<redacted>";
    if (s.key == "db") v = RedactDbUrl(v);
    bool quote = v.empty() || v.front() == ' ' || v.back() == ' ';
    out += std::string(s.key) + " = " + (quote ? "\"" + v + "\"" : v) + "\n";
  }
  return out;
}

std::string ServeConfig::KeysTable() {
  AppConfig defaults;
  std::string out = "| key | environment | flag | default | meaning |\n|---|---|---|---|---|\n";
  for (const auto& s : kSettings) {
    std::string def = s.get(defaults);
    if (def.empty()) def = "\"\"";
    std::string flag = s.Flag();
    out += "| `" + std::string(s.key) + "` | `" + s.Env() + "` | `" + flag + "` | `" + def + "` | " +
           std::string(s.help) + " |\n";
  }
  return out;
}

std::map<std::string, std::string> Environment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    size_t eq = kv.find('=');
    if (eq != std::string_view::npos) env.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return env;
}

}  // namespace leads::cli
