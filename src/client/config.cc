#include "client/config.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace leads::ctl {
namespace {

Status Bad(std::string m) { return InvalidArgument(ErrorCode::kInvalidValue, std::move(m)); }

std::string Trim(std::string s) {
  size_t a = s.find_first_not_of(" \t\r");
  if (a == std::string::npos) return {};
  size_t b = s.find_last_not_of(" \t\r");
  return s.substr(a, b - a + 1);
}

const char* const kKeys[] = {"base_url", "token", "secret", "report_token", "report_secret",
                             "algorithm", "scheme", "ca_file", "timeout"};

}  // namespace

std::optional<std::string> GetEnv(const std::string& name) {
  const char* v = std::getenv(name.c_str());
  if (!v || !*v) return std::nullopt;
  return std::string(v);
}

StatusOr<ConfigFile> ParseConfig(const std::string& text, const std::string& path) {
  ConfigFile cfg;
  cfg.path = path;
  cfg.sections[""];
  std::string section;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    line = Trim(line);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[') {
      if (line.back() != ']') return Bad(path + " line " + std::to_string(n) + ": a section is written [name]");
      section = Trim(line.substr(1, line.size() - 2));
      cfg.sections[section];
      continue;
    }
    size_t eq = line.find('=');
    if (eq == std::string::npos) return Bad(path + " line " + std::to_string(n) + ": expected key = value");
    std::string key = Trim(line.substr(0, eq)), value = Trim(line.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    bool known = false;
    for (const char* k : kKeys) known = known || key == k;
    if (!known) return Bad(path + " line " + std::to_string(n) + ": unknown key '" + key + "'");
    cfg.sections[section][key] = value;
  }
  return cfg;
}

StatusOr<ConfigFile> LoadConfig(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Bad("cannot read config file " + path + ": " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ParseConfig(ss.str(), path);
}

StatusOr<Settings> Resolve(const CommonFlags& flags, Pair pair, const EnvLookup& env) {
  Settings out;
  // The config file: explicit, or the default location when it exists.
  std::string path = flags.config;
  bool explicit_path = !path.empty();
  if (path.empty()) {
    if (auto p = env("LEADS_CONFIG")) {
      path = *p;
      explicit_path = true;
    } else if (auto x = env("XDG_CONFIG_HOME")) {
      path = *x + "/leads/leadsctl.conf";
    } else if (auto h = env("HOME")) {
      path = *h + "/.config/leads/leadsctl.conf";
    }
  }
  std::map<std::string, std::string> file;
  if (!path.empty() && (explicit_path || std::filesystem::exists(path))) {
    LEADS_ASSIGN_OR_RETURN(ConfigFile cfg, LoadConfig(path));
    file = cfg.sections[""];
    std::string profile = flags.profile.empty() ? env("LEADS_PROFILE").value_or("") : flags.profile;
    if (!profile.empty()) {
      auto it = cfg.sections.find(profile);
      if (it == cfg.sections.end()) return Bad("config file " + path + " has no section [" + profile + "]");
      for (const auto& [k, v] : it->second) file[k] = v;
    }
    struct stat st{};
    bool has_secret = false;
    for (const auto& [name, sec] : cfg.sections) has_secret = has_secret || sec.count("secret") || sec.count("report_secret");
    if (has_secret && ::stat(path.c_str(), &st) == 0 && (st.st_mode & 077))
      out.warnings.push_back("config file " + path + " holds a secret but is readable by others; chmod 600 it");
  } else if (!flags.profile.empty()) {
    return Bad("--profile given but no config file found");
  }
  auto from_file = [&](const std::string& key) -> std::optional<std::string> {
    auto it = file.find(key);
    if (it == file.end() || it->second.empty()) return std::nullopt;
    return it->second;
  };
  auto pick = [&](const std::string& flag, std::initializer_list<const char*> envs,
                  std::initializer_list<const char*> keys) -> std::string {
    if (!flag.empty()) return flag;
    for (const char* e : envs)
      if (auto v = env(e)) return *v;
    for (const char* k : keys)
      if (auto v = from_file(k)) return *v;
    return {};
  };

  auto& o = out.options;
  o.base_url = pick(flags.base_url, {"LEADS_BASE_URL"}, {"base_url"});
  if (o.base_url.empty()) o.base_url = std::string(client::kDefaultBaseUrl);

  std::string secret_flag = flags.secret;
  if (secret_flag.empty() && !flags.secret_file.empty()) {
    std::ifstream in(flags.secret_file);
    if (!in) return Bad("cannot read --secret-file " + flags.secret_file);
    std::getline(in, secret_flag);
    secret_flag = Trim(secret_flag);
    if (secret_flag.empty()) return Bad("--secret-file " + flags.secret_file + " is empty");
  }
  o.forwarding.token = pick(pair == Pair::kForwarding ? flags.token : "", {"LEADS_TOKEN"}, {"token"});
  o.forwarding.secret = pick(pair == Pair::kForwarding ? secret_flag : "", {"LEADS_SECRET"}, {"secret"});
  // The report pair: its own variables and keys first, then the generic ones.
  o.report.token = pick(pair == Pair::kReport ? flags.token : "", {"LEADS_REPORT_TOKEN"}, {"report_token"});
  o.report.secret = pick(pair == Pair::kReport ? secret_flag : "", {"LEADS_REPORT_SECRET"}, {"report_secret"});
  if (o.report.token.empty() && o.report.secret.empty()) o.report = o.forwarding;
  out.credentials = pair == Pair::kForwarding ? o.forwarding : o.report;

  std::string alg = pick(flags.algorithm, {"LEADS_ALGORITHM"}, {"algorithm"});
  if (!alg.empty()) {
    auto a = client::ParseAlgorithm(alg);
    if (!a) return Bad("algorithm must be SHA1 or SHA256, got '" + alg + "'");
    o.algorithm = *a;
  }
  std::string scheme = flags.old_scheme ? "old" : pick("", {"LEADS_SCHEME"}, {"scheme"});
  if (scheme == "old") o.scheme = client::Scheme::kOld;
  else if (!scheme.empty() && scheme != "new") return Bad("scheme must be new or old, got '" + scheme + "'");
  o.ca_file = pick(flags.ca_file, {"LEADS_CA_FILE"}, {"ca_file"});
  o.verify_tls = !flags.insecure;
  double timeout = flags.timeout_seconds;
  if (timeout <= 0) {
    std::string t = pick("", {"LEADS_TIMEOUT"}, {"timeout"});
    if (!t.empty()) {
      try {
        timeout = std::stod(t);
      } catch (...) {
        return Bad("timeout must be seconds, got '" + t + "'");
      }
    }
  }
  if (timeout > 0) o.timeout = std::chrono::milliseconds(static_cast<int64_t>(timeout * 1000));
  if (flags.retries >= 0) o.retry.max_attempts = flags.retries + 1;
  return out;
}

}  // namespace leads::ctl
