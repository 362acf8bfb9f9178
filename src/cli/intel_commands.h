// Lead intelligence's part of leadsd's command line (issue 6):
//   leadsd intel rules get|set   the account's rules and windows
//   leadsd intel retag           re-tag a time range after a change of rules
//   leadsd intel fit             fit the account's score model now
//   leadsd intel explain         a lead's tags, reasons and features
//   leadsd intel eval            the score's evaluation on generated data
//   leadsd spend import          spend per campaign and day (CSV)
//   leadsd analytics             the analytics report (as the API answers it)
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "common/clock.h"

namespace leads::cli {

class IntelCommands {
 public:
  explicit IntelCommands(CLI::App& app);
  bool selected() const;
  int Run(const Clock& clock);

 private:
  CLI::App *intel_ = nullptr, *rules_get_ = nullptr, *rules_set_ = nullptr, *retag_ = nullptr, *fit_ = nullptr,
           *explain_ = nullptr, *eval_ = nullptr, *spend_ = nullptr, *spend_import_ = nullptr,
           *analytics_ = nullptr;
  std::string db_ = "sqlite:./leads.db";
  int64_t account_id_ = 0, leads_id_ = 0;
  std::string json_, file_, from_, to_, group_by_ = "day";
  int64_t eval_leads_ = 20000;
  uint64_t eval_seed_ = 1;
};

}  // namespace leads::cli
