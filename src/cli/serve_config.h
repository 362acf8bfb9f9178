// `leadsd serve`'s settings in one table: each has a config-file key, an
// environment variable (LEADSD_ + the key in capitals) and a command-line
// flag. Precedence, lowest first: built-in default < config file
// (`--config PATH`, else $LEADSD_CONFIG, else /etc/leads/leadsd.conf when it
// exists) < environment < flags. Every value goes through the same parser,
// so a bad value is refused the same way wherever it comes from, and the
// message names where it came from (FILE:LINE, LEADSD_X or --x).
//
// The file: one `key = value` per line; blank lines and lines whose first
// non-blank character is `#` are ignored; a value may be wrapped in double
// quotes. Unknown keys, a key given twice and lines without `=` are errors.
#pragma once

#include <CLI/CLI.hpp>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "server/app.h"

namespace leads::cli {

inline constexpr char kDefaultConfigPath[] = "/etc/leads/leadsd.conf";

struct Setting {
  std::string_view key;         // config key; env LEADSD_<KEY>
  std::string_view flag;        // "" : "--" + key with '-' for '_'
  std::string_view flag_value;  // set: a flag without argument meaning this value
  std::string_view help;
  bool secret;                  // redacted by `config print`
  Status (*set)(AppConfig&, std::string_view);
  std::string (*get)(const AppConfig&);

  std::string Flag() const;
  std::string Env() const;
};

// Every setting, in documentation order.
const std::vector<Setting>& ServeSettings();
const Setting* FindSetting(std::string_view key);

struct ConfigEntry {
  std::string key, value;
  int line = 0;
};
// Parses a config file's text; `name` prefixes errors ("NAME:LINE: …").
StatusOr<std::vector<ConfigEntry>> ParseConfigText(std::string_view text, const std::string& name);

// `db` with a password (URL user info or password=) replaced by "***".
std::string RedactDbUrl(const std::string& url);

class ServeConfig {
 public:
  // Adds --config and every setting's flag to `cmd`.
  void AddFlags(CLI::App& cmd);
  // After parsing: applies file, environment (`env`: every variable) and
  // flags, in that order, onto `cfg` (which holds the defaults).
  Status Resolve(AppConfig& cfg, const std::map<std::string, std::string>& env) const;
  // The effective settings as a config file (secrets redacted).
  static std::string Print(const AppConfig& cfg);
  // The keys as a Markdown table (key, variable, flag, default, meaning).
  static std::string KeysTable();
  // The config file used by the last Resolve ("" none).
  const std::string& file() const { return file_; }

 private:
  std::string config_path_;
  std::vector<std::pair<const Setting*, std::string>> flags_;  // in command-line order
  mutable std::string file_;
};

// The process environment as a map.
std::map<std::string, std::string> Environment();

}  // namespace leads::cli
