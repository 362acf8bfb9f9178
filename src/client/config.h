// Where leadsctl finds its settings: flags, then environment variables,
// then a config file (the first that sets a value wins).
//
// Config file (`--config FILE`, else $LEADS_CONFIG, else
// $XDG_CONFIG_HOME/leads/leadsctl.conf or ~/.config/leads/leadsctl.conf when
// present): `key = value` lines, `#` comments, optional `[name]` sections
// chosen with --profile / $LEADS_PROFILE (a section's keys override the
// top-level ones). Keys: base_url, token, secret, report_token,
// report_secret, algorithm, scheme, ca_file, timeout.
//
// Environment: LEADS_BASE_URL, LEADS_TOKEN, LEADS_SECRET (the forwarding
// pair), LEADS_REPORT_TOKEN, LEADS_REPORT_SECRET (the report pair; when
// unset, the report commands fall back to LEADS_TOKEN/LEADS_SECRET),
// LEADS_CONFIG, LEADS_PROFILE.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "leads/client.h"

namespace leads::ctl {

// Parsed config file: section "" holds the top-level keys.
struct ConfigFile {
  std::string path;
  std::map<std::string, std::map<std::string, std::string>> sections;
};

StatusOr<ConfigFile> ParseConfig(const std::string& text, const std::string& path);
StatusOr<ConfigFile> LoadConfig(const std::string& path);

// Which credential pair a command uses.
enum class Pair { kForwarding, kReport };

// What the command line said (empty = not given).
struct CommonFlags {
  std::string config, profile, base_url, token, secret, secret_file, algorithm, ca_file;
  bool old_scheme = false;
  bool insecure = false;
  double timeout_seconds = 0;
  int retries = -1;
};

struct Settings {
  client::ClientOptions options;  // base URL, credentials, algorithm, timeouts
  client::Credentials credentials;  // the pair this command uses
  std::vector<std::string> warnings;  // e.g. a world-readable config holding a secret
};

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
// The process environment.
std::optional<std::string> GetEnv(const std::string& name);

// Resolves the settings for a command using `pair`. Fails on an unreadable
// config file, an unknown profile or algorithm.
StatusOr<Settings> Resolve(const CommonFlags& flags, Pair pair, const EnvLookup& env = GetEnv);

}  // namespace leads::ctl
