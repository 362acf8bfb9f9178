// The push part of leadsd's command line: the
// `leadsd push log | retry | test | status` commands (serve's --push-*
// settings are in cli/serve_config.h).
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "common/clock.h"
#include "push/push_options.h"

namespace leads::cli {

class PushCommands {
 public:
  // Adds `push` and its subcommands to `app`.
  explicit PushCommands(CLI::App& app);
  // After parsing: true when a push command was chosen.
  bool selected() const;
  // Runs the chosen command; returns the process exit code.
  int Run(const Clock& clock, Random& random);

 private:
  CLI::App* push_ = nullptr;
  CLI::App* log_ = nullptr;
  CLI::App* retry_ = nullptr;
  CLI::App* test_ = nullptr;
  CLI::App* status_ = nullptr;
  std::string db_ = "sqlite:./leads.db";
  int64_t account_id_ = 0;
  std::optional<int64_t> leads_id_;
  bool failed_ = false;
  int64_t limit_ = -1;
  push::PushOptions options_;
};

}  // namespace leads::cli
